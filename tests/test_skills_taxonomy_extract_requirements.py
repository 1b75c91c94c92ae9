"""Posting requirements: years, education, salary, work arrangement, employment type."""

from __future__ import annotations

import pytest

from skills_taxonomy.extraction import Requirements
from skills_taxonomy.levels import LevelRules
from skills_taxonomy.requirements import RequirementRules
from skills_taxonomy.textnorm import normalise


@pytest.fixture(scope="module")
def parse():
    levels = LevelRules()
    rules = RequirementRules()

    def run(text: str) -> Requirements:
        return rules.parse(levels.analyse(normalise(text)))

    return run


@pytest.mark.parametrize(
    "text, years",
    [
        ("Three (3) years of inpatient coding experience required.", 3),
        ("2+ yrs experience in a physician office", 2),
        ("You must have one year of specialized experience equivalent to GS-6.", 1),
        ("1-2 years of medical records experience", 1),
        ("Minimum of five years' experience as a coder", 5),
        ("At least 6 months of experience with scanning", 0.5),
        ("Experience: 4 years", 4),
        ("Medical records: 1 year (Required)", 1),
        ("two to three years of HIM experience", 2),
    ],
)
def test_years_forms(parse, text, years):
    assert parse(text).min_years_experience == pytest.approx(years)


@pytest.mark.parametrize(
    "text",
    [
        "Must be 18 years of age or older.",
        "Codes must be updated within 2 years of the visit.",
        "Serving the valley for 40 years.",
        "Credential required within 2 years of hire.",
    ],
)
def test_numbers_that_are_not_experience(parse, text):
    assert parse(text).min_years_experience is None


def test_required_and_preferred_years_are_separate(parse):
    r = parse(
        "Requirements\n- 2 years of coding experience\nPreferred\n- 5 years of inpatient coding experience\n"
    )
    assert (r.min_years_experience, r.preferred_years_experience) == (2, 5)
    r = parse("At least 1 year of ED coding experience; 3 years preferred.")
    assert (r.min_years_experience, r.preferred_years_experience) == (1, 3)


def test_no_experience_required_is_zero(parse):
    assert parse("No experience required; we train.").min_years_experience == 0


@pytest.mark.parametrize(
    "text, level, equivalent",
    [
        ("High school diploma or GED required.", "high_school", False),
        ("Completion of an AHIMA-approved coding program.", "certificate", False),
        ("Associate's degree in Health Information Technology", "associate", False),
        ("Bachelor’s degree or equivalent experience", "bachelor", True),
        ("Master's degree in health administration required", "master", False),
        ("High school diploma required; associate degree preferred.", "high_school", False),
        ("Associate or bachelor's degree in HIM", "associate", False),
        ("Preferred:\n- Bachelor's degree\n", None, False),
        ("Benefits\n- Tuition help toward your bachelor's degree\n", None, False),
        ("QualificationsHigh school diploma and typing skills", "high_school", False),
        ("A bachelor's degree in HIM may substitute for the specialized experience.", None, True),
    ],
)
def test_education(parse, text, level, equivalent):
    r = parse(text)
    assert (r.education_min, r.education_equivalent_ok) == (level, equivalent)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pay range: $54.72 - $74.94 per hour", (54.72, 74.94, "hour")),
        ("Salary: $45K-$55K", (45000, 55000, "year")),
        ("Earn up to $25/hr", (None, 25, "hour")),
        ("Salary $48,215 to $62,678 per year (GS-7)", (48215, 62678, "year")),
        ("$4,100 - $5,200 per month", (4100, 5200, "month")),
        ("Starting at $17 per hour", (17, None, "hour")),
        ("Compensation: $62,000–$78,000 annually", (62000, 78000, "year")),
        ("Pay: 18.50 - 24.00 per hour", (18.5, 24, "hour")),
        ("$900 per week for travel coders", (900, 900, "week")),
        ("Pay: $20/hr - $25/hr", (20, 25, "hour")),
        ("$1,000 sign-on bonus! Pay $22-$26 an hour", (22, 26, "hour")),
        ("Pay Range Minimum: $52,000.00\nPay Range Maximum: $78,000.00", (52000, 78000, "year")),
    ],
)
def test_salary_forms(parse, text, expected):
    s = parse(text).salary
    assert s is not None and (s.min, s.max, s.period) == pytest.approx(expected) and s.currency == "USD"


@pytest.mark.parametrize(
    "text",
    [
        "Sign-on bonus of $5,000 for experienced coders.",
        "Tuition reimbursement up to $5,250 per year.",
        "We have coded 40,000 charts in 2023.",
        "Grade GS-7 position",
    ],
)
def test_amounts_that_are_not_pay(parse, text):
    assert parse(text).salary is None


@pytest.mark.parametrize(
    "text, remote",
    [
        ("This is a fully remote position.", "remote"),
        ("Work from home anywhere in the US.", "remote"),
        ("Hybrid schedule: two days a week on site.", "hybrid"),
        ("This position is on-site in Dayton.", "onsite"),
        ("This is not a remote position. Remote work is not available.", "onsite"),
        ("Remote job: No\nTelework eligible: No", "onsite"),
        ("Remote Type: Fully Remote", "remote"),
        ("Coding team", None),
    ],
)
def test_remote(parse, text, remote):
    assert parse(text).remote == remote


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Full-time, Monday to Friday", "full_time"),
        ("Part time, 20 hours per week", "part_time"),
        ("Per diem coder for weekend coverage", "per_diem"),
        ("PRN position", "per_diem"),
        ("6-month contract, W2", "contract"),
        ("Temporary assignment through March", "temporary"),
        ("Employment Type: Part time\nBenefits for full-time employees", "part_time"),
        ("Full-time temporary position", "temporary"),
        ("Payer contract review experience", None),
    ],
)
def test_employment_type(parse, text, kind):
    assert parse(text).employment_type == kind


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("| Employment Type | Full Time |\n| Remote | No |\n", "remote", "onsite"),
        ("Remote job: No\nTelework eligible: No\n", "remote", "onsite"),
        ("Remote Eligible: Yes\n", "remote", "remote"),
        ("RHIT Coding Specialist (PT, remote)\n", "employment_type", "part_time"),
        ("Coder II (PT)\n", "employment_type", "part_time"),
        ("Review therapy notes (PT, OT, ST) for coding.\n", "employment_type", None),
    ],
)
def test_table_and_title_work_arrangements(parse, text, field, value):
    assert getattr(parse(text), field) == value


def test_indeed_job_types_list_is_stated(parse):
    # Every item of the list is stated; the more specific type wins, then the first.
    text = "Full-time coders enjoy our culture.\nJob Types: Part-time, Contract\n"
    assert parse(text).employment_type == "contract"
    assert parse("Job Types: Full-time, Temporary\n").employment_type == "temporary"
    assert parse("Job Types: Full-time, Part-time\n").employment_type == "full_time"
    assert parse("We offer full-time roles.\nJob Types: Part-time\n").employment_type == "part_time"


def test_inline_pay_label_does_not_swallow_the_line(parse):
    r = parse(
        "Coder\n\nSalary: $45K-$55K per year. Three (3) years of coding experience required. "
        "CPC required.\n"
    )
    assert r.min_years_experience == 3
    assert (r.salary.min, r.salary.max, r.salary.period) == (45000, 55000, "year")
    r = parse("Coder\n\nPay: $20-$25/hr. 2 years of coding experience.\n")
    assert r.min_years_experience == 2


def test_required_years_win_over_a_benefits_section(parse):
    r = parse("Coder\nCompensation: $45K-$55K per year, 3 years of coding experience required\n")
    assert r.min_years_experience == 3
    # ... while years that are not demanded stay out.
    r = parse("Coder\nBenefits\n- 401(k) match after 1 year of service\n- 2 years of coding experience\n")
    assert r.min_years_experience is None
