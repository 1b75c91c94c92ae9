"""The JSON-LD fields beside ``description`` that say what a job asks for (issue 12, quirk 7).

Google's JobPosting schema has ``responsibilities``, ``qualifications``, ``skills``,
``educationRequirements`` and ``experienceRequirements``, each text, a list, or objects
(``DefinedTerm``, ``EducationalOccupationalCredential``, ``OccupationalExperienceRequirements``).
Many ATSs put the credentials there and leave ``description`` to the marketing copy, so
each becomes a headed section appended to the description: the extractor reads headings,
and "Qualifications" is where a requirement belongs. A section whose text the description
already holds is not repeated.
"""

from __future__ import annotations

import re
from typing import Any

from scraper.entities import decode_literal_escapes
from scraper.sources._normalize import as_list, first_text, money
from scraper.text import BULLET, inline_text, to_text

# (field, heading) in the order a posting usually reads.
SECTIONS = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Skills"),
    ("educationRequirements", "Education"),
    ("experienceRequirements", "Experience"),
)
_OBJECT_TEXT_KEYS = ("description", "name", "credentialCategory", "educationalLevel", "text", "value")


def text_of(value: Any) -> str:
    """Plain text of a JSON-LD text field, with doubly-serialised ``\\n`` sequences undone."""
    return to_text(decode_literal_escapes(value)) if isinstance(value, str) else ""


def with_sections(description: str, node: dict) -> str:
    """``description`` followed by every requirement field the node has, as headed sections."""
    blocks = [description] if description else []
    seen = _squash(description)
    for field, heading in SECTIONS:
        body = _section(node.get(field), field)
        if not body or _squash(body) in seen:
            continue
        blocks.append(f"{heading}\n{body}")
        seen += _squash(body)
    return "\n\n".join(blocks)


def _section(value: Any, field: str) -> str:
    items = [text for item in as_list(value) if (text := _item_text(item, field))]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "\n".join(item if item.startswith(BULLET) else f"{BULLET}{item}" for item in items)


def _item_text(item: Any, field: str) -> str:
    if isinstance(item, str):
        return text_of(item)
    if not isinstance(item, dict):
        return ""
    if field == "experienceRequirements":
        months = money(item.get("monthsOfExperience"))
        text = text_of(first_text(item.get("description")))
        if months:
            years = months / 12
            span = f"{years:g} years" if years == int(years) and years >= 1 else f"{months:g} months"
            return f"{span} of experience" + (f": {text}" if text else "")
        return text
    for key in _OBJECT_TEXT_KEYS:
        text = text_of(first_text(item.get(key))) if isinstance(item.get(key), str) else ""
        if text:
            return text
    return ""


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).casefold().strip()


def requirement_facts(node: dict) -> dict[str, Any]:
    """Structured education/experience requirements, kept in ``extra`` for display and matching."""
    out: dict[str, Any] = {}
    education = []
    for item in as_list(node.get("educationRequirements")):
        if isinstance(item, dict):
            text = first_text(item.get("credentialCategory"), item.get("name"), item.get("description"))
        else:
            text = first_text(item)
        if text:
            education.append(inline_text(text))
    if education:
        out["education"] = education
    for item in as_list(node.get("experienceRequirements")):
        if isinstance(item, dict):
            months = money(item.get("monthsOfExperience"))
            if months is not None:
                out["experience_months"] = int(months) if months == int(months) else months
            text = first_text(item.get("description"))
            if text:
                out["experience"] = inline_text(text)
        elif first_text(item):
            out["experience"] = inline_text(item)
    if isinstance(node.get("experienceInPlaceOfEducation"), bool):
        out["experience_in_place_of_education"] = node["experienceInPlaceOfEducation"]
    return out
