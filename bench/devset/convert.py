"""Turn the marked-up dev postings (postings_*.txt) into plain texts with gold offsets.

Markup: ``[[surface|skill_id|level]]`` where level is r, p or m (required, preferred,
mentioned), optionally followed by ``+a`` (certification obtainable after hire) or
``+a12`` (within 12 months). Each posting starts with ``=== id``, then one line of gold
requirements as JSON, then ``---``. Offsets are computed here, never counted by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
_MARK = re.compile(r"\[\[([^\[\]|]+)\|([\w.]+)\|([rpm])(?:\+a(\d+)?)?\]\]")
_LEVELS = {"r": "required", "p": "preferred", "m": "mentioned"}


def parse_posting(block: str, where: str) -> dict:
    header, sep, body = block.partition("\n---\n")
    if not sep:
        raise ValueError(f"{where}: missing '---' line")
    first, _, gold_json = header.partition("\n")
    posting_id = first.strip()
    requirements = json.loads(gold_json)
    text_parts: list[str] = []
    mentions = []
    pos = 0
    length = 0
    for m in _MARK.finditer(body):
        text_parts.append(body[pos:m.start()])
        length += m.start() - pos
        surface = m.group(1)
        mentions.append(
            {
                "start": length,
                "end": length + len(surface),
                "text": surface,
                "skill_id": m.group(2),
                "level": _LEVELS[m.group(3)],
                "after_hire": m.group(0).find("+a") > 0,
                "within_months": int(m.group(4)) if m.group(4) else None,
            }
        )
        text_parts.append(surface)
        length += len(surface)
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts).rstrip("\n") + "\n"
    if "[[" in text or "]]" in text:
        raise ValueError(f"{where} {posting_id}: unparsed markup near {text[text.find('[['):][:60]!r}")
    for g in mentions:
        assert text[g["start"]:g["end"]] == g["text"]
    return {"id": posting_id, "text": text, "mentions": mentions, "requirements": requirements}


def load_devset(directory: Path = HERE, split: str = "dev") -> list[dict]:
    """``split``: "dev" (postings_*.txt, used while building the rules), "holdout"
    (holdout_*.txt, written and scored blind), "blind2" (blind2_*.txt, a second blind
    batch of 20), or "all"."""
    patterns = {
        "dev": ["postings_*.txt"],
        "holdout": ["holdout_*.txt"],
        "blind2": ["blind2_*.txt"],
        "all": ["postings_*.txt", "holdout_*.txt", "blind2_*.txt"],
    }[split]
    postings = []
    for path in sorted(p for pattern in patterns for p in directory.glob(pattern)):
        content = path.read_text(encoding="utf-8")
        for block in content.split("=== ")[1:]:
            postings.append(parse_posting(block, path.name))
    ids = [p["id"] for p in postings]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate posting ids in the dev set")
    return postings


def main() -> None:
    postings = load_devset(split="all")
    out = HERE / "devset.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for p in postings:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{len(postings)} postings, {sum(len(p['mentions']) for p in postings)} gold mentions -> {out}")
    if len(sys.argv) > 1 and sys.argv[1] == "--check-ids":
        from skills_taxonomy import load_taxonomy

        tax = load_taxonomy()
        for p in postings:
            for g in p["mentions"]:
                if g["skill_id"] not in tax.entries:
                    print(f"unknown id {g['skill_id']} in {p['id']} ({g['text']!r})")


if __name__ == "__main__":
    main()
