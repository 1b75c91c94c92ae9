"""Benchmark: rank + gap report + leverage for 10,000 stored postings against one profile.

Prints the time of (a) merely reading the rows with Store.iter_ranking_inputs and (b) reading,
scoring, building the gap rows and computing leverage (with its greedy order), and their
ratio. Target: (b) under 2 s on one core. Leverage is incremental (see matcher/gaps.py).

    .venv/bin/python bench/rank_speed.py [--postings 10000] [--rounds 3] [--taxonomy-dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.export import gap_rows, leverage_rows, ranked_rows  # noqa: E402
from matcher.gaps import gaps, leverage  # noqa: E402
from matcher.profile import load_profile  # noqa: E402
from matcher.scoring import Scorer  # noqa: E402
from mrtjobs.ranking import bulk_work, score_pairs  # noqa: E402
from mrtjobs.storage import open_store  # noqa: E402
from scraper.models import Posting  # noqa: E402
from skills_taxonomy.extraction import Extraction, Mention, Requirements, Salary  # noqa: E402
from skills_taxonomy.taxonomy import load_taxonomy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STATES = ("OH", "PA", "MI", "TX", "CA", "NY", "FL", "WA", "GA", "IL")
EDU = (None, None, "high_school", "certificate", "associate", "bachelor")


def synthetic(n: int, tax, seed: int = 42):
    rnd = random.Random(seed)
    entries = sorted(tax.entries.values(), key=lambda e: e.id)
    certs = [e for e in entries if e.kind == "certification" and e.code]
    skills = [e for e in entries if e.kind != "certification"]
    for i in range(n):
        chosen = rnd.sample(certs, rnd.randint(0, 2)) + rnd.sample(skills, rnd.randint(3, 9))
        mentions = []
        for j, e in enumerate(chosen):
            level = rnd.choice(("required", "required", "preferred", "mentioned"))
            months = 12 if e.kind == "certification" and rnd.random() < 0.15 else None
            mentions.append(Mention(e.id, e.label, e.kind, level, j * 30, j * 30 + 4, "xxxx", e.code, months))
        hourly = rnd.random() < 0.6
        lo = round(rnd.uniform(17, 30), 2) if hourly else round(rnd.uniform(36000, 62000), -2)
        salary = Salary(lo, round(lo * 1.2, 2), "hour" if hourly else "year") if rnd.random() < 0.7 else None
        req = Requirements(min_years_experience=rnd.choice((None, 1, 2, 3, 5, 7)), education_min=rnd.choice(EDU),
                           education_equivalent_ok=rnd.random() < 0.3, salary=salary,
                           remote=rnd.choice((None, "remote", "hybrid", "onsite")))
        posting = Posting(source="bench", external_id=str(i), title=f"Medical Records Technician {i}",
                          description_text="synthetic posting text " * 10, employer=f"Clinic {i % 97}",
                          state=rnd.choice(STATES), location=f"Town {i % 50}")
        yield posting, Extraction(tuple(mentions), req, tax.version, "bench")


class GcClock:
    """Wall time spent in the cyclic garbage collector (gc.callbacks), and its full passes:
    with ~0.5M live objects (the postings read, plus the bench's own copies) a full pass costs
    ~0.1-0.3 s, so this shows how much of "total" is allocation pressure, not matcher work."""

    def __init__(self) -> None:
        self.seconds, self.full, self._t = 0.0, 0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.perf_counter()
            self.full += info["generation"] == 2
        else:
            self.seconds += time.perf_counter() - self._t


def ranking_run(store, profile, tax, t0: float) -> tuple[float, float, float, tuple[int, int, str]]:
    """Read, rank, build the gap rows and the leverage rows; return the phase times and a
    small summary. A function of its own, as in mrtjobs.ranking.write_gap_reports, so that
    its half a million objects are freed before the garbage collector is switched back on."""
    scorer = Scorer(profile, tax)
    matches = score_pairs(store.iter_ranking_inputs(), profile, tax, scorer)
    t_rank = time.perf_counter() - t0
    gap_list = gaps(matches)
    rows = ranked_rows(matches), gap_rows(gap_list)
    t_gaps = time.perf_counter() - t0 - t_rank
    lev = leverage(matches, scorer)
    lev_rows = leverage_rows(lev)
    learned = ", ".join(f"{r.learn_order}. {r.label}" for r in lev if r.learn_order)
    t_lev = time.perf_counter() - t0 - t_rank - t_gaps
    return t_rank, t_gaps, t_lev, (len(rows[1]), len(lev_rows), learned)


def one_round(store, profile, tax) -> dict:
    """Read only, then the whole ranking, back to back; times in seconds."""
    t0, c0 = time.perf_counter(), time.process_time()
    with bulk_work():  # the same collector policy as the ranking itself
        read = sum(1 for _ in store.iter_ranking_inputs())
    t_read, c_read = time.perf_counter() - t0, time.process_time() - c0
    gc_clock = GcClock()
    gc.callbacks.append(gc_clock)
    t0, c0 = time.perf_counter(), time.process_time()
    with bulk_work():  # one pause around all of it, as mrtjobs.ranking.write_gap_reports does
        t_rank, t_gaps, t_lev, summary = ranking_run(store, profile, tax, t0)
    t_total = time.perf_counter() - t0  # includes the collector's pass when it is back on
    c_total = time.process_time() - c0
    gc.callbacks.remove(gc_clock)
    return dict(read=read, t_read=t_read, c_read=c_read, t_rank=t_rank, t_gaps=t_gaps, t_lev=t_lev,
                t_total=t_total, c_total=c_total, gc=gc_clock, summary=summary)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postings", type=int, default=10_000)
    ap.add_argument("--taxonomy-dir", type=Path, default=None, help="taxonomy data dir (default: shipped)")
    ap.add_argument("--profile", type=Path, default=ROOT / "data" / "profiles" / "example.toml")
    ap.add_argument("--rounds", type=int, default=3,
                    help="measure this many times and report the fastest round (default 3): on a shared "
                         "machine other work only ever adds time, so the fastest round is the truest")
    args = ap.parse_args()
    tax = load_taxonomy(data_dir=args.taxonomy_dir)
    profile = load_profile(args.profile, tax)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        pairs = list(synthetic(args.postings, tax))
        store.upsert_postings([p for p, _ in pairs])
        store.save_extractions(pairs)
        del pairs
        rounds = [one_round(store, profile, tax) for _ in range(max(1, args.rounds))]

    r = min(rounds, key=lambda x: x["t_total"])
    n_gap_rows, n_lev_rows, learned = r["summary"]
    t_read, t_rank, t_gaps, t_lev, t_total = r["t_read"], r["t_rank"], r["t_gaps"], r["t_lev"], r["t_total"]
    print(f"postings: {r['read']}  gap rows: {n_gap_rows}  leverage rows: {n_lev_rows}")
    print(f"fastest of {len(rounds)} rounds; every round's total: "
          + ", ".join(f"{x['t_total']:.3f}" for x in rounds) + " s")
    print(f"read only (iter_ranking_inputs): {t_read:.3f} s")
    print(f"read + rank:                     {t_rank:.3f} s")
    print(f"gap report + CSV rows:           {t_gaps:.3f} s")
    print(f"leverage (incremental, greedy):  {t_lev:.3f} s")
    print(f"freeing it all:                  {t_total - t_rank - t_gaps - t_lev:.3f} s")
    print(f"total rank + gaps + leverage:    {t_total:.3f} s  ({t_total / t_read:.2f}x reading the rows)")
    print(f"CPU time (shared machines):      read {r['c_read']:.3f} s, total {r['c_total']:.3f} s "
          f"({r['c_total'] / r['c_read']:.2f}x); target: total under 2 s on one core")
    print(f"  of which cyclic GC (in total):  {r['gc'].seconds:.3f} s in {r['gc'].full} full collections")
    print("learn in this order:", learned)


if __name__ == "__main__":
    main()
