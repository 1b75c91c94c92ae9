"""Write a ResumeDraft as a commented profile TOML, in the shape matcher/profile.py loads.

Why comments carry so much: the profile is a draft for a person to read. Each value says
where it came from (the job lines behind the years, the line behind each certification),
and everything the reader was unsure of is a "CHECK:" comment next to the value it concerns,
so nothing is guessed silently and `mrtjobs profile check` passes on the file as written.
"""

from __future__ import annotations

import json
import re

from mrtjobs.resume import ResumeDraft

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_EDUCATION_WORDS = {
    "high_school": "high school diploma or GED", "certificate": "a certificate program",
    "associate": "an associate degree", "bachelor": "a bachelor's degree", "master": "a master's degree",
}


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def comment(text: str, indent: str = "") -> str:
    """One comment line; control characters (which TOML forbids in comments) become spaces."""
    return f"{indent}# {_CONTROL.sub(' ', text)}".rstrip()


def render_profile(draft: ResumeDraft, *, command: str = "mrtjobs profile from-resume") -> str:
    out: list[str] = []
    add = out.append
    checks = list(draft.checks)
    add(comment(f"mrtjobs profile drafted from {draft.source} by `{command}` (dates counted as of {draft.as_of})."))
    add(comment("Read it through: lines marked CHECK are what the resume did not make certain."))
    add(comment("Then run `mrtjobs profile check FILE`, and `mrtjobs rank --profile FILE`."))
    if checks:
        add(comment(f"{len(checks)} thing(s) to check:"))
        for c in checks:
            add(comment(f"  CHECK: {c}"))
    add("")
    add(comment("Your name (only shown in reports)."))
    add(f"name = {toml_string(draft.name)}")
    add("")
    add(comment("Years of relevant work experience: the months of the jobs below that are records,"))
    add(comment("coding or HIM work, overlaps counted once."))
    for job in draft.jobs:
        mark = {"counted": "counted    ", "unsure": "CHECK      ", "not_counted": "not counted"}[job.counted]
        approx = " (approx.)" if job.approximate else ""
        add(comment(f"  {mark} {job.dates}{approx}, {job.months / 12:.1f} y: {job.heading} - {job.reason}"))
    if not draft.jobs:
        add(comment("  CHECK: no dated jobs were found; put your years here."))
    add(f"years_experience = {draft.years_experience:g}")
    add("")
    add(comment("Highest education: high_school, certificate, associate, bachelor or master."))
    for d in draft.degrees:
        state = "done" if d.completed else f"CHECK: not finished ({d.why_not})"
        add(comment(f"  {d.level}: {d.text} ({state})"))
    if draft.education is None:
        add(comment("  CHECK: no finished diploma or degree found; uncomment and set it."))
        add(comment('education = "high_school"'))
    else:
        add(f"education = {toml_string(draft.education)}")
    add("")
    add(comment("Certifications by code. A plain string means earned; a table says"))
    add(comment('status = "in_progress" (studying / exam booked) or "eligible" (you may sit the exam).'))
    add("certifications = [")
    for h in draft.certifications:
        value = toml_string(h.written) if h.status == "earned" else (
            f"{{ code = {toml_string(h.written)}, status = {toml_string(h.status)} }}")
        add(f"    {value},  " + comment(f"line {h.line}: {_short(h.evidence)}"))
    add("]")
    add("")
    add(comment("Skills the resume names, as the skills taxonomy knows them."))
    add("skills = [")
    for s in draft.skills:
        add(f"    {toml_string(s.written)},")
    add("]")
    if draft.unknown:
        add(comment("Listed on the resume but not in the skills taxonomy, so left out (add them to"))
        add(comment("skills if you like: `profile check` lists them as unknown and they do not score):"))
        for item in draft.unknown:
            add(comment(f"  {item}"))
    add("")
    add("[preferences]")
    add(comment("any, remote, hybrid or onsite"))
    add('remote = "any"')
    add(comment("Two-letter state codes you would work in (empty = anywhere)."))
    if draft.state:
        add(comment(f"Your resume gives {draft.location}: to look there only, write states = [{toml_string(draft.state)}]."))
    add("states = []")
    add(comment("Cities you would commute to (empty = anywhere in those states)."))
    add("cities = []")
    add(comment("Lowest pay you would accept, and the period it is quoted in (hour, day, week, month, year)."))
    add(comment("min_salary = 40000"))
    add('salary_period = "year"')
    return "\n".join(out) + "\n"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def summary_line(draft: ResumeDraft) -> str:
    certs = ", ".join(h.written if h.status == "earned" else f"{h.written} ({h.status})" for h in draft.certifications)
    education = _EDUCATION_WORDS.get(draft.education or "", "no education found")
    return (f"{len(draft.certifications)} certification(s) ({certs or 'none'}), {len(draft.skills)} skills, "
            f"{draft.years_experience:g} years of HIM work, {education}; {len(draft.checks)} thing(s) to check")
