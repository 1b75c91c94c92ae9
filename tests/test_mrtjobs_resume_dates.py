"""mrtjobs/resume_jobs.py: the date ranges of a resume's jobs, jobs in a section, and degrees."""

from __future__ import annotations

from datetime import date

import pytest

from mrtjobs.resume_sections import load_rules
from mrtjobs.resume_jobs import DateReader, EducationReader, find_jobs, month_index, union_months, years

TODAY = date(2026, 12, 1)
RULES = load_rules()
READER = DateReader(RULES.present, TODAY)


def only_range(text: str):
    found = READER.find(text)
    assert len(found) == 1, (text, found)
    _, rng, why = found[0]
    return rng, why


@pytest.mark.parametrize("text, start, end, approximate", [
    ("March 2021 - Present", (2021, 3), (2026, 12), False),
    ("Mar. 2021 \u2013 present", (2021, 3), (2026, 12), False),
    ("06/2018 \u2013 02/2021", (2018, 6), (2021, 2), False),
    ("6/2018 to 2/2021", (2018, 6), (2021, 2), False),
    ("January 2016 through December 2018", (2016, 1), (2018, 12), False),
    ("Sept 2019 \u2014 Current", (2019, 9), (2026, 12), False),
    ("Summer 2018 - Fall 2019", (2018, 7), (2019, 10), False),
    ("2017 - 2019", (2017, 7), (2019, 6), True),  # years only: mid-year to mid-year
    ("2019-present", (2019, 7), (2026, 12), True),
    ("May 2020 - 2022", (2020, 5), (2022, 6), True),
])
def test_ranges(text, start, end, approximate):
    rng, _ = only_range(f"Coder, Clinic | {text}")
    assert (rng.start, rng.end) == (month_index(*start), month_index(*end))
    assert rng.approximate is approximate
    assert rng.present is ("resent" in text or "urrent" in text)


def test_both_ends_count_and_overlaps_count_once():
    a, _ = only_range("Jan 2020 - Dec 2020")
    assert len(a.months) == 12 and years(len(a.months)) == 1.0
    b, _ = only_range("Oct 2020 - Mar 2021")
    assert len(union_months([a, b])) == 15  # three shared months counted once


def test_unusable_and_capped_ranges():
    rng, why = only_range("Jan 2027 - present")
    assert rng is None and why == "starts after today"
    rng, why = only_range("Dec 2020 - Jan 2019")
    assert rng is None and why == "ends before it starts"
    rng, _ = only_range("Jan 2026 - Dec 2027")
    assert rng.capped and rng.end == month_index(2026, 12)
    assert READER.find("Phone 555-2019-2020x") == []  # digits inside other digits are not dates
    assert READER.find("in 2019 I moved to Ohio") == []


def test_jobs_take_their_heading_from_the_line_or_the_lines_above():
    lines = list(enumerate([
        "Outpatient Coder",
        "Lakeview Clinic, Toledo OH",
        "March 2021 - Present",
        "\u2022 Code clinic visits",
        "\u2022 Work denials",
        "Release of Information Specialist | Grandview Hospital | 06/2019 - 02/2021",
        "\u2022 Answer requests",
        "2016 - 2018",
        "Scanning Clerk, County Hospital",
        "Scanned charts into the record.",
    ], 1))
    jobs, problems = find_jobs(lines, READER)
    assert problems == []
    assert [j.heading for j in jobs] == [
        "Outpatient Coder \u2014 Lakeview Clinic, Toledo OH",
        "Release of Information Specialist | Grandview Hospital",
        "Scanning Clerk, County Hospital",
    ]
    assert jobs[0].body == "\u2022 Code clinic visits\n\u2022 Work denials"
    assert jobs[2].body == "Scanned charts into the record."
    assert [j.line for j in jobs] == [3, 6, 8]


def test_degrees_finished_and_unfinished():
    edu = EducationReader(RULES.degrees, RULES.degree_in_progress, READER, TODAY)
    degrees = edu.read(list(enumerate([
        "AAS, Health Information Technology, Owens Community College, 2020",
        "B.S. in Health Information Management",
        "Western Governors University, 2025 - present",
        "Master of Health Administration (MHA), anticipated 2028",
        "High School Diploma, 2014",
        "Coding Certificate Program, 2019",
    ], 1)))
    assert [(d.level, d.completed) for d in degrees] == [
        ("associate", True), ("bachelor", False), ("master", False), ("high_school", True), ("certificate", True)]
    assert degrees[2].why_not == "anticipated"


@pytest.mark.parametrize("line, level", [
    ("MS, Health Informatics, Dakota State University, 2022", "master"),
    ("BS in Health Information Management", "bachelor"),
    ("AS (Health Information Technology), 2019", "associate"),
    ("Hinds Community College, Jackson, MS", None),  # a state code, not a degree
    ("Simmons University, Boston, MA 02115", None),
    ("AHIMA-approved coding program, 2018", "certificate"),
])
def test_degree_abbreviations_are_not_state_codes(line, level):
    edu = EducationReader(RULES.degrees, RULES.degree_in_progress, READER, TODAY)
    assert edu.level_of(line) == level
