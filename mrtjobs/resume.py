"""A profile drafted from a resume: certifications with their status, skills, years, education.

Why it is built this way:

- The skills and certifications come from the same extractor that reads postings
  (``skills_taxonomy.load_extractor()``), so a resume and a posting name things with the same
  taxonomy ids and "3M encoder" on the resume matches "3M encoder" in the posting.
- The resume's own structure decides what the mentions mean: a certification under
  Certifications, Education, Skills, in the summary or after the name is held (its status
  from the words around it: "in progress", "eligible", "expired"); one named only inside a
  job's duties ("worked beside CCS coders") is not, and becomes a question in the profile.
- Years of experience are the union of the months of the jobs that are HIM work, decided by
  the occupation filter the crawl uses (mrtjobs/relevance.py) on each job's title and duties.
  A job the filter cannot place but whose duties name HIM terms is left out and asked about
  ("2019-present: is this HIM work?"), never counted silently.
- Everything uncertain becomes a ``checks`` line that the TOML writer puts in comments.

The rules (section headings, status words, degree patterns) are data:
``mrtjobs/data/resume_rules.json``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from mrtjobs.resume_jobs import BULLETS, DateReader, Degree, EducationReader, Job, find_jobs, union_months, years
from mrtjobs.resume_sections import Rules, Section, load_rules, split_sections
from scraper.models import Posting

MAX_RESUME_CHARS = 100_000  # a resume is a few thousand characters; the rest is not read
HOLDING_SECTIONS = ("header", "summary", "certifications", "education", "skills")
STATUS_ORDER = ("earned", "in_progress", "eligible")  # best first, as matcher.profile ranks them
_NAME = re.compile(r"^[A-Za-z][A-Za-z.'\-]*(?: [A-Za-z][A-Za-z.'\-]*){1,4}$")
_CITY_STATE = re.compile(r"\b([A-Z][A-Za-z.' -]{1,40}),\s*([A-Z]{2})\b")
_CLAUSE = re.compile(r"[,;.!?]\s|\s(?:and|but|while|then)\s")
_ITEM_SPLIT = re.compile(r"[,;|\u2022\u00b7]|\s{3,}")


@dataclass(frozen=True)
class CertHolding:
    id: str
    written: str  # the code written into the profile ("RHIT")
    status: str  # earned, in_progress, eligible
    evidence: str  # the resume's line
    line: int


@dataclass(frozen=True)
class SkillHolding:
    id: str
    written: str
    section: str


@dataclass(frozen=True)
class JobFinding:
    heading: str
    dates: str  # "2021-03 to present"
    months: int
    counted: str  # counted, unsure, not_counted
    reason: str
    line: int
    approximate: bool = False
    added_months: int = 0  # for a job not counted: what counting it would add (overlaps excluded)


@dataclass
class ResumeDraft:
    source: str
    as_of: str
    name: str = ""
    years_experience: float = 0.0
    jobs: list[JobFinding] = field(default_factory=list)
    education: str | None = None
    degrees: list[Degree] = field(default_factory=list)
    certifications: list[CertHolding] = field(default_factory=list)
    skills: list[SkillHolding] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # resume items the taxonomy does not know
    checks: list[str] = field(default_factory=list)  # what the reader was unsure of, for the comments
    location: str | None = None
    state: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def draft_profile(
    text: str, *, taxonomy: Any, extractor: Any, relevance: Any, today: date, source: str = "resume",
    rules: Rules | None = None,
) -> ResumeDraft:
    """Read a resume's text into a draft profile (see the module docstring for the rules)."""
    rules = rules or load_rules()
    draft = ResumeDraft(source=source, as_of=today.isoformat())
    if len(text) > MAX_RESUME_CHARS:
        draft.checks.append(f"the resume is longer than {MAX_RESUME_CHARS:,} characters; only its beginning was read")
        text = text[:MAX_RESUME_CHARS]
    lines = text.split("\n")
    sections = split_sections(text, rules)
    line_kind = {number: s.kind for s in sections for number, _ in s.lines}
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    extraction = extractor.extract(text)
    _read_header(draft, sections[0] if sections[0].kind == "header" else None)
    _read_certifications(draft, extraction.mentions, lines, starts, line_of, line_kind, taxonomy, rules)
    _read_skills(draft, extraction.mentions, line_of, line_kind, taxonomy)
    _read_unknown_items(draft, sections, extraction.mentions, lines, starts)
    reader = DateReader(rules.present, today)
    _read_jobs(draft, sections, reader, relevance, extraction)
    _read_education(draft, sections, reader, rules, today)
    return draft


def _read_header(draft: ResumeDraft, header: Section | None) -> None:
    if header is None:
        return
    texts = [t.strip() for _, t in header.lines if t.strip()]
    if texts:
        first = re.split(r",|\s[|\u2013\u2014-]\s", texts[0])[0].strip()
        if _NAME.match(first):
            draft.name = first.title() if first.isupper() else first
    for t in texts[:6]:
        if m := _CITY_STATE.search(t):
            from scraper.geo import state_code

            if state_code(m.group(2)) == m.group(2):
                draft.location, draft.state = f"{m.group(1).strip()}, {m.group(2)}", m.group(2)
                break


def _read_certifications(draft, mentions, lines, starts, line_of, line_kind, taxonomy, rules: Rules) -> None:
    certs = sorted((m for m in mentions if m.kind == "certification"), key=lambda m: m.start)
    by_line: dict[int, list] = {}
    for m in certs:
        by_line.setdefault(line_of(m.start), []).append(m)
    held: dict[str, CertHolding] = {}
    lapsed: dict[str, str] = {}
    elsewhere: dict[str, tuple[int, str]] = {}
    for number, ms in by_line.items():
        text = lines[number - 1]
        base = starts[number - 1]
        groups = _name_groups(ms, text, base, taxonomy)
        for k, m in enumerate(ms):
            # the words around a credential, up to its neighbours; "ODS-C (CTR)" is one name
            # written twice, so both read the words around the pair
            first, last = groups[k]
            lo = ms[first - 1].end - base if first else 0
            hi = ms[last + 1].start - base if last + 1 < len(ms) else len(text)
            before, after = text[lo : ms[first].start - base], text[ms[last].end - base : hi]
            section = line_kind.get(number, "header")
            if section != "certifications":
                # prose ("the RHIT credential, now eligible for the ODS-C exam"): a status word
                # belongs to the credential in its own clause
                before, after = _CLAUSE.split(before)[-1], _CLAUSE.split(after)[0]
            window = before + " " + after
            written = _written(taxonomy, m.skill_id, code=True)
            if rules.lapsed.search(window):
                lapsed.setdefault(m.skill_id, text.strip())
                continue
            if section not in HOLDING_SECTIONS and not rules.earned.search(window):
                elsewhere.setdefault(m.skill_id, (number, text.strip()))
                continue
            status = ("in_progress" if rules.in_progress.search(window)
                      else "eligible" if rules.eligible.search(window) else "earned")
            # one entry per credential: "ODS-C (CTR)" is held once, as the name written first
            cid = next((c for c in held if c in taxonomy.equivalents(m.skill_id)), m.skill_id)
            old = held.get(cid)
            better = old is None or STATUS_ORDER.index(status) < STATUS_ORDER.index(old.status) or (
                status == old.status and section == "certifications" and line_kind.get(old.line) != "certifications")
            if better:
                written = old.written if old is not None else written
                held[cid] = CertHolding(cid, written, status, text.strip(), number)
    for cid, evidence in lapsed.items():
        if cid not in held:
            draft.checks.append(f"{_written(taxonomy, cid, code=True)} looks expired or inactive "
                                f"({_quote(evidence)}); left out. Add it if it is current.")
    for cid, (number, evidence) in elsewhere.items():
        if cid not in held and cid not in lapsed:
            draft.checks.append(f"{_written(taxonomy, cid, code=True)} is named in your experience "
                                f"(line {number}: {_quote(evidence)}) but not among your credentials; "
                                "left out. Add it if you hold it.")
    draft.certifications = sorted(held.values(), key=lambda h: (STATUS_ORDER.index(h.status), h.line))


def _name_groups(ms: list, text: str, base: int, taxonomy: Any) -> list[tuple[int, int]]:
    """For each mention on a line, the first and last index of the run of mentions that name
    the same credential (equivalents) joined only by punctuation: "ODS-C (CTR)", "CTR/ODS-C"."""
    spans = [(k, k) for k in range(len(ms))]
    k = 0
    while k < len(ms):
        j = k
        while (j + 1 < len(ms) and ms[j + 1].skill_id in taxonomy.equivalents(ms[k].skill_id)
               and not text[ms[j].end - base : ms[j + 1].start - base].strip(" ()/[],")):
            j += 1
        for i in range(k, j + 1):
            spans[i] = (k, j)
        k = j + 1
    return spans


def _read_skills(draft, mentions, line_of, line_kind, taxonomy) -> None:
    seen: dict[str, SkillHolding] = {}
    for m in mentions:
        if m.kind == "certification" or m.skill_id in seen:
            continue
        seen[m.skill_id] = SkillHolding(m.skill_id, _written(taxonomy, m.skill_id, as_written=m.text),
                                        line_kind.get(line_of(m.start), "header"))
    kind_order = {"coding_system": 0, "software": 1, "regulation": 2, "domain_knowledge": 3, "soft_skill": 4}
    draft.skills = sorted(seen.values(), key=lambda s: (kind_order.get(taxonomy.get(s.id).kind, 5), s.written.casefold()))


def _read_unknown_items(draft, sections, mentions, lines, starts) -> None:
    """Items listed under Skills or Certifications that the taxonomy does not know."""
    spans = sorted((m.start, m.end) for m in mentions)
    found: list[str] = []
    for section in sections:
        if section.kind not in ("skills", "certifications"):
            continue
        for number, text in section.lines:
            # offsets into the resume: a "Skills: Epic, Cerner" line holds only what follows the colon
            base = starts[number - 1] + max(0, lines[number - 1].find(text))
            if section.kind == "certifications":  # one credential a line: its issuer and dates are not items
                lo, hi = base, base + len(text)
                item = text.strip().lstrip(BULLETS).strip()
                if item and any(c.isalpha() for c in item) and not any(s < hi and e > lo for s, e in spans):
                    found.append(item[:80])
                continue
            pos = 0
            for piece in _ITEM_SPLIT.split(text):
                at = text.find(piece, pos)
                pos = at + len(piece)
                item = piece.strip(" \t-\u2013\u2014:()")
                if len(item) < 2 or not any(c.isalpha() for c in item) or len(item) > 60:
                    continue
                lo, hi = base + at, base + at + len(piece)
                if any(s < hi and e > lo for s, e in spans):
                    continue
                found.append(item)
    draft.unknown = list(dict.fromkeys(found))


def _read_jobs(draft, sections, reader: DateReader, relevance, extraction) -> None:
    experience = [s for s in sections if s.kind == "experience"]
    if not experience:
        draft.checks.append("no Experience (or Work History) heading found, so no jobs were counted; "
                            "set years_experience yourself")
        return
    jobs: list[Job] = []
    for s in experience:
        found, problems = find_jobs(s.lines, reader)
        jobs += found
        for p in problems:
            draft.checks.append(f"line {p.line}: the dates {_quote(p.text)} {p.why}; that job was not counted")
    verdicts: list[tuple[Job, str, str]] = []
    for job in jobs:
        posting = Posting(source="resume", external_id=str(job.line), title=job.heading, description_text=job.body)
        decision = relevance.decide(posting)
        if decision.keep:
            verdicts.append((job, "counted", decision.reason))
            continue
        evidence = relevance.evidence(f"{job.heading}\n{job.body}")
        if evidence:
            verdicts.append((job, "unsure", f"the duties name {', '.join(evidence[:3])}"))
        else:
            verdicts.append((job, "not_counted", "no records, coding or HIM work named"))
    counted = union_months(j.dates for j, verdict, _ in verdicts if verdict == "counted")
    draft.years_experience = years(len(counted))
    for job, verdict, reason in verdicts:
        added = len(job.dates.months - counted) if verdict != "counted" else 0
        draft.jobs.append(JobFinding(job.heading, job.dates.label(), len(job.dates.months), verdict, reason,
                                     job.line, job.dates.approximate, added))
        if verdict == "unsure":
            draft.checks.append(
                f"{job.dates.label()} {job.heading}: is this HIM work? Not counted ({reason}); "
                f"if it is, add {years(added)} years to years_experience")
        if verdict == "counted" and job.dates.approximate:
            draft.checks.append(f"{job.dates.label()} {job.heading}: dates {_quote(job.dates.text)} give no month, "
                                "counted from or to mid-year; correct years_experience if you know the months")
        if job.dates.capped:
            draft.checks.append(f"{job.heading}: {_quote(job.dates.text)} ends after {draft.as_of}; counted to {draft.as_of}")
    overlap = sum(len(j.dates.months) for j, v, _ in verdicts if v == "counted") - len(counted)
    if overlap > 0:
        draft.checks.append(f"jobs overlap by {years(overlap)} years; the overlap is counted once")
    stated = extraction.requirements.min_years_experience
    if stated is not None and abs(stated - draft.years_experience) >= 1:
        draft.checks.append(f"the resume says {stated:g} years; the dates of the jobs counted add up to "
                            f"{draft.years_experience:g}. Which is right?")
    if not jobs:
        draft.checks.append("no dated jobs found under the Experience heading; set years_experience yourself")


def _read_education(draft, sections, reader: DateReader, rules: Rules, today: date) -> None:
    edu = EducationReader(rules.degrees, rules.degree_in_progress, reader, today)
    lines = [pair for s in sections if s.kind == "education" for pair in s.lines]
    if not lines:
        lines = [pair for s in sections if s.kind not in ("experience", "certifications", "skills") for pair in s.lines]
        if lines and any(edu.level_of(t) for _, t in lines):
            draft.checks.append("no Education heading found; the degree was read from the rest of the resume")
    draft.degrees = edu.read(lines)
    order = ("high_school", "certificate", "associate", "bachelor", "master")
    done = [d for d in draft.degrees if d.completed]
    if done:
        best = max(done, key=lambda d: order.index(d.level))
        draft.education = best.level
    for d in draft.degrees:
        if not d.completed and (draft.education is None or order.index(d.level) > order.index(draft.education)):
            draft.checks.append(f"{_quote(d.text)} looks unfinished ({d.why_not}); education is "
                                f"{draft.education or 'not set'} until it is done")
    if draft.education is None and not [d for d in draft.degrees if not d.completed]:
        draft.checks.append("no diploma or degree found; set education yourself "
                            "(high_school, certificate, associate, bachelor or master)")


def _written(taxonomy: Any, skill_id: str, *, code: bool = False, as_written: str | None = None) -> str:
    """How an id is written in the profile: the resume's own words, the code or the label,
    the first of them that resolves back to that id (so `profile check` reads it the same)."""
    entry = taxonomy.get(skill_id)
    forms: tuple[str, ...] = (entry.code,) if code and entry.code else ()
    if as_written:
        written = " ".join(as_written.split())
        # "CPT codes" is written "CPT"; otherwise the resume's words ("release of information")
        forms += tuple(a for a in entry.acronyms if a in written.split())[:1] + (written,)
    for form in forms + (entry.label,):
        found = taxonomy.resolve(form)
        if found is not None and found.id == skill_id:
            return form
    return skill_id


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 3] + "..."}"'

