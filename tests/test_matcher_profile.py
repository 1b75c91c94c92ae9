"""Profile loading: statuses, unknown skills reported, errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import ProfileError
from matcher.profile import load_profile, parse_profile, profile_template
from test_matcher_helpers import ids, mini_taxonomy

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "profiles" / "example.toml"


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    return mini_taxonomy(tmp_path_factory.mktemp("tax"))


def test_statuses_resolution_and_unknown_skills(tax):
    p = parse_profile(
        'certifications = ["R.H.I.T.", {code = "CCS", status = "in_progress"}]\n'
        'skills = ["epic", "Basket weaving", "Oracle Health"]\n', tax)
    assert [(h.id, h.status) for h in p.certifications] == [(ids(tax, "RHIT")[0], "earned"),
                                                             (ids(tax, "CCS")[0], "in_progress")]
    assert [h.id for h in p.skills] == list(ids(tax, "Epic", "Oracle Health"))
    assert p.unknown == ("Basket weaving",)


def test_best_status_wins_when_listed_twice(tax):
    p = parse_profile('certifications = [{code = "CCS", status = "eligible"}, "CCS"]', tax)
    assert [h.status for h in p.certifications] == ["earned"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('education = "phd"', "education"),
        ('years_experience = -1', "years_experience"),
        ('certifications = [{code = "CCS", status = "studying"}]', "certifications[0].status"),
        ('certifications = [{name = "CCS"}]', "certifications[0].name"),
        ('skills = "Epic"', "skills"),
        ('[preferences]\nremote = "sometimes"', "preferences.remote"),
        ('[preferences]\nstates = ["Ohio"]', "preferences.states"),
        ('[preferences]\nmin_salary = "lots"', "preferences.min_salary"),
        ('[preferences]\nsalary_period = "fortnight"', "preferences.salary_period"),
        ('nmae = "typo"', "nmae"),
    ],
)
def test_errors_name_the_file_and_key(tax, text, key):
    with pytest.raises(ProfileError) as err:
        parse_profile(text, tax, source="me.toml")
    assert str(err.value).startswith(f"me.toml: {key}: ")


def test_bad_toml_and_missing_file(tax, tmp_path):
    with pytest.raises(ProfileError, match="not valid TOML"):
        parse_profile("name = ", tax, source="x.toml")
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "nope.toml", tax)


def test_template_and_example_are_valid_profiles(tax):
    parse_profile(profile_template(), tax)  # the template parses (skills may be unknown here)
    p = load_profile(EXAMPLE, tax)
    assert p.years_experience == 2 and p.education == "associate"
    assert {h.status for h in p.certifications} == {"earned", "in_progress"}
    assert "Fortran 77" in p.unknown
    assert p.preferences.states == ("OH", "PA", "MI") and p.preferences.min_salary == 42000


def test_not_utf8_and_non_finite_numbers_are_named_errors(tax, tmp_path):
    bad = tmp_path / "utf16.toml"
    bad.write_bytes("name = 'x'".encode("utf-16"))
    with pytest.raises(ProfileError, match="utf16.toml: not UTF-8"):
        load_profile(bad, tax)
    with pytest.raises(ProfileError, match="years_experience"):
        parse_profile("years_experience = nan\n", tax)
    with pytest.raises(ProfileError, match="min_salary"):
        parse_profile("[preferences]\nmin_salary = inf\n", tax)
