"""A resume's sections and the rules that read it (mrtjobs/data/resume_rules.json).

Why apart from mrtjobs/resume.py: the rules file and the split into sections (header,
summary, experience, education, certifications, skills, other) are the resume's layout;
resume.py decides what the mentions inside each section mean.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mrtjobs.errors import AppError
from mrtjobs.resume_jobs import is_bullet

RULES_PATH = Path(__file__).resolve().parent / "data" / "resume_rules.json"


@dataclass(frozen=True)
class Rules:
    headings: dict[str, str]  # normalised heading -> section kind
    lapsed: re.Pattern
    in_progress: re.Pattern
    eligible: re.Pattern
    earned: re.Pattern
    present: tuple[str, ...]
    degree_in_progress: tuple[str, ...]
    degrees: tuple[dict, ...]


def load_rules(path: Path | None = None) -> Rules:
    path = path or RULES_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        headings = {_heading_key(h): kind for kind, words in data["headings"].items() for h in words}
        status = data["certification_status"]
        return Rules(
            headings=headings,
            lapsed=_words(status["lapsed"]),
            in_progress=_words(status["in_progress"]),
            eligible=_words(status["eligible"]),
            earned=_words(data["earned_in_experience"]),
            present=tuple(data["present"]),
            degree_in_progress=tuple(data["degree_in_progress"]),
            degrees=tuple(data["degrees"]),
        )
    except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
        raise AppError(f"{path}: unusable resume rules ({exc})") from None


def _words(words: list[str]) -> re.Pattern:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?!\w)", re.IGNORECASE)


def _heading_key(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass(frozen=True)
class Section:
    kind: str  # header, summary, experience, education, certifications, skills, other
    heading: str
    lines: tuple[tuple[int, str], ...]  # (1-based line number, text)


def split_sections(text: str, rules: Rules) -> list[Section]:
    """Lines grouped under the headings the rules know; what comes first is the "header"."""
    sections: list[list[Any]] = [["header", "", []]]
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if is_bullet(stripped):
            sections[-1][2].append((number, line))
            continue
        kind = rules.headings.get(_heading_key(stripped)) if len(stripped.split()) <= 6 else None
        if kind is not None:
            sections.append([kind, stripped, []])
            continue
        head, sep, rest = stripped.partition(":")
        inline = rules.headings.get(_heading_key(head)) if sep and rest.strip() and len(head.split()) <= 4 else None
        if inline is not None and inline != sections[-1][0]:
            # "Software: Epic, Cerner" counts as that kind for this line only: inside a job it
            # must not end the Experience section
            resume = sections[-1][:2]
            sections.append([inline, head.strip(), [(number, rest.strip())]])
            sections.append([*resume, []])
            continue
        sections[-1][2].append((number, line))
    return [Section(kind, heading, tuple(lines)) for kind, heading, lines in sections if lines or heading]
