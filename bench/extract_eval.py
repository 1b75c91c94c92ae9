"""Score the extractor on the labelled dev set (bench/devset/postings_*.txt).

Prints mention precision/recall/F1 per kind (a prediction counts when it has the gold
skill id and overlaps the gold span; strict = identical span), level accuracy on the
matched mentions, after-hire accuracy for certifications, and exact-match rates for the
posting requirements. ``--errors`` lists every miss, false hit and wrong level.

    python bench/extract_eval.py [--split dev|holdout|blind2|all] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "devset"))

from convert import load_devset  # noqa: E402

from skills_taxonomy import load_extractor, load_taxonomy  # noqa: E402

KINDS = ("coding_system", "software", "regulation", "domain_knowledge", "soft_skill", "certification")
REQ_FIELDS = (
    "min_years_experience",
    "preferred_years_experience",
    "education_min",
    "education_equivalent_ok",
    "salary",
    "remote",
    "employment_type",
)


def _match(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one pairs with the same id and overlapping spans (exact spans first)."""
    pairs = []
    used_pred: set[int] = set()
    unmatched_gold = []
    for exact in (True, False):
        remaining = []
        for g in gold if exact else unmatched_gold:
            hit = None
            for j, p in enumerate(pred):
                if j in used_pred or p["skill_id"] != g["skill_id"]:
                    continue
                if exact and (p["start"], p["end"]) == (g["start"], g["end"]):
                    hit = j
                    break
                if not exact and p["start"] < g["end"] and g["start"] < p["end"]:
                    hit = j
                    break
            if hit is None:
                remaining.append(g)
            else:
                used_pred.add(hit)
                pairs.append((g, pred[hit]))
        unmatched_gold = remaining
    extra = [p for j, p in enumerate(pred) if j not in used_pred]
    return pairs, unmatched_gold, extra


def _same(field: str, gold, pred) -> bool:
    if field == "salary":
        if gold is None or pred is None:
            return gold is None and pred is None
        for key in ("min", "max"):
            a, b = gold.get(key), pred.get(key)
            if (a is None) != (b is None) or (a is not None and not math.isclose(a, b, rel_tol=1e-6)):
                return False
        same_currency = gold.get("currency", "USD") == pred.get("currency")
        return gold.get("period") == pred.get("period") and same_currency
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)) and not isinstance(gold, bool):
        return math.isclose(gold, pred, rel_tol=1e-6)
    return gold == pred


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(split: str = "dev") -> dict:
    postings = load_devset(split=split)
    taxonomy = load_taxonomy()
    extractor = load_extractor(taxonomy)
    counts = defaultdict(lambda: [0, 0, 0])  # kind -> tp, fp, fn
    strict_tp = 0
    level_ok = level_n = rp_ok = rp_n = after_ok = after_n = 0
    req_ok = defaultdict(int)
    errors: list[str] = []
    extractions = list(extractor.extract_many([p["text"] for p in postings]))
    total_pred = total_gold = 0
    for posting, extraction in zip(postings, extractions):
        pred = [m.to_dict() for m in extraction.mentions]
        gold = posting["mentions"]
        total_pred += len(pred)
        total_gold += len(gold)
        pairs, missed, extra = _match(gold, pred)
        for g, p in pairs:
            kind = p["kind"]
            counts[kind][0] += 1
            strict_tp += (g["start"], g["end"]) == (p["start"], p["end"])
            level_n += 1
            level_ok += g["level"] == p["level"]
            if g["level"] in ("required", "preferred"):
                rp_n += 1
                rp_ok += g["level"] == p["level"]
            if g["level"] != p["level"]:
                errors.append(
                    f"{posting['id']}: LEVEL {g['skill_id']} {g['text']!r} gold={g['level']} got={p['level']}"
                )
            if kind == "certification":
                after_n += 1
                got_after = bool(p["obtain_after_hire"] or p["within_months"] is not None)
                ok = got_after == g["after_hire"] and (
                    g["within_months"] is None or g["within_months"] == p["within_months"]
                )
                after_ok += ok
                if not ok:
                    errors.append(
                        f"{posting['id']}: AFTER-HIRE {g['text']!r} gold={g['after_hire']},"
                        f"{g['within_months']} got={p['obtain_after_hire']},{p['within_months']}"
                    )
        for g in missed:
            kind = taxonomy.entries[g["skill_id"]].kind if g["skill_id"] in taxonomy.entries else "unknown"
            counts[kind][2] += 1
            errors.append(f"{posting['id']}: MISSED {g['skill_id']} {g['text']!r}")
        for p in extra:
            counts[p["kind"]][1] += 1
            ctx = posting["text"][max(0, p["start"] - 30):p["end"] + 30].replace("\n", " ")
            errors.append(f"{posting['id']}: FALSE {p['skill_id']} {p['text']!r} in ...{ctx}...")
        got_req = extraction.requirements.to_dict()
        for field in REQ_FIELDS:
            want = posting["requirements"].get(field, False if field == "education_equivalent_ok" else None)
            if _same(field, want, got_req[field]):
                req_ok[field] += 1
            else:
                errors.append(f"{posting['id']}: REQ {field} gold={want} got={got_req[field]}")
    n = len(postings)
    result: dict = {"postings": n, "gold_mentions": total_gold, "predicted_mentions": total_pred, "kinds": {}}
    all_tp = sum(c[0] for c in counts.values())
    all_fp = sum(c[1] for c in counts.values())
    all_fn = sum(c[2] for c in counts.values())
    for kind in KINDS + tuple(k for k in counts if k not in KINDS):
        tp, fp, fn = counts[kind]
        p, r, f = _prf(tp, fp, fn)
        result["kinds"][kind] = {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
    p, r, f = _prf(all_tp, all_fp, all_fn)
    result["all"] = {"precision": p, "recall": r, "f1": f, "tp": all_tp, "fp": all_fp, "fn": all_fn}
    sp, sr, sf = _prf(strict_tp, total_pred - strict_tp, total_gold - strict_tp)
    result["all_strict_span"] = {"precision": sp, "recall": sr, "f1": sf}
    result["level_accuracy"] = level_ok / level_n if level_n else None
    result["required_preferred_accuracy"] = rp_ok / rp_n if rp_n else None
    result["after_hire_accuracy"] = after_ok / after_n if after_n else None
    result["requirements_exact"] = {field: req_ok[field] / n for field in REQ_FIELDS}
    result["errors"] = errors
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misses, false hits and wrong levels")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument(
        "--split", choices=("dev", "holdout", "blind2", "all"), default="all",
        help="dev: postings the rules were built on; holdout: written and scored blind; blind2: second blind batch; all: every split",
    )
    args = parser.parse_args()
    result = evaluate(args.split)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "errors"}, indent=2))
        return
    print(f"{args.split} set: {result['postings']} postings, {result['gold_mentions']} gold mentions, "
          f"{result['predicted_mentions']} predicted")
    print(f"{'kind':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for kind, m in list(result["kinds"].items()) + [("ALL (overlap)", result["all"])]:
        scores = f"{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
        print(f"{kind:<18}{scores}{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}")
    s = result["all_strict_span"]
    print(f"{'ALL (exact span)':<18}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}")
    print(f"level accuracy (3 levels):          {result['level_accuracy']:.3f}")
    print(f"required/preferred accuracy:        {result['required_preferred_accuracy']:.3f}")
    if result["after_hire_accuracy"] is not None:
        print(f"certification after-hire accuracy:  {result['after_hire_accuracy']:.3f}")
    print("requirements exact-match rate:")
    for field, rate in result["requirements_exact"].items():
        print(f"  {field:<28}{rate:.3f}")
    if args.errors:
        print("\n".join(result["errors"]))


if __name__ == "__main__":
    main()
