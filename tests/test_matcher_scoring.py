"""Golden statements about scoring, checked on a small taxonomy and on the shipped one."""

from __future__ import annotations

import pytest

from matcher import weights as W
from matcher.scoring import Scorer
from test_matcher_helpers import ids, mini_taxonomy, posting, profile, shipped_taxonomy


@pytest.fixture(scope="module", params=["mini", "shipped"])
def tax(request, tmp_path_factory):
    if request.param == "mini":
        return mini_taxonomy(tmp_path_factory.mktemp("tax"))
    return shipped_taxonomy()


def score(tax, prof, facts_ext):
    return Scorer(prof, tax).score(*facts_ext)


def test_cerner_profile_scores_epic_posting_between_epic_and_no_ehr(tax):
    job = posting(tax, required=["Epic", "ICD-10-CM"], preferred=["HIPAA"])
    epic = score(tax, profile(tax, skills=["Epic", "ICD-10-CM"]), job)
    cerner = score(tax, profile(tax, skills=["Cerner", "ICD-10-CM"]), job)
    none = score(tax, profile(tax, skills=["ICD-10-CM"]), job)
    assert epic.score > cerner.score > none.score
    epic_point = next(p for p in cerner.points if p.ids == ids(tax, "Epic"))
    assert epic_point.match_type == "family" and epic_point.credit == W.CREDIT_FAMILY
    assert epic_point.matched_by == "Cerner"


def test_cpc_does_not_satisfy_an_rhit_gate(tax):
    job = posting(tax, required=["RHIT", "ICD-10-CM"])
    cpc = score(tax, profile(tax, certs=["CPC"]), job)
    rhit = score(tax, profile(tax, certs=["RHIT"]), job)
    assert not cpc.eligible and rhit.eligible
    assert cpc.score <= W.INELIGIBLE_SCORE_CAP
    assert "RHIT" in cpc.missing_required[0] or any("RHIT" in m for m in cpc.missing_required)


def test_cpc_earns_partial_credit_on_a_ccs_posting(tax):
    job = posting(tax, preferred=["CCS"], required=["ICD-10-CM"])
    cpc = score(tax, profile(tax, certs=["CPC"]), job)
    point = next(p for p in cpc.points if p.ids == ids(tax, "CCS"))
    assert point.match_type == "family"
    assert 0 < point.credit < W.CREDIT_EXACT


def test_ctr_eligible_within_12_months_does_not_gate(tax):
    facts, ext = posting(tax, required=["ICD-10-CM"])
    from dataclasses import replace

    from test_matcher_helpers import mention

    ctr = mention(tax, "CTR", "required", start=100, within_months=12)
    ext = replace(ext, mentions=ext.mentions + (ctr,))
    m = score(tax, profile(tax, skills=["ICD-10-CM"]), (facts, ext))
    assert m.eligible
    assert any("12 months" in f for f in m.flags)
    # the same posting without the after-hire allowance gates
    strict = replace(ext, mentions=ext.mentions[:-1] + (replace(ctr, within_months=None),))
    assert not score(tax, profile(tax, skills=["ICD-10-CM"]), (facts, strict)).eligible


def test_ods_c_holder_meets_a_ctr_requirement(tax):
    job = posting(tax, required=["CTR"])
    m = score(tax, profile(tax, certs=["ODS-C"]), job)
    assert m.eligible and m.points[0].match_type == "equivalent" and m.points[0].credit == 1.0


def test_in_progress_certification_earns_partial_credit_and_is_flagged(tax):
    job = posting(tax, required=["CCS"])
    earned = score(tax, profile(tax, certs=["CCS"]), job)
    pending = score(tax, profile(tax, certs=[{"code": "CCS", "status": "in_progress"}]), job)
    eligible_only = score(tax, profile(tax, certs=[{"code": "CCS", "status": "eligible"}]), job)
    assert earned.score > pending.score > eligible_only.score > 0
    assert pending.eligible and pending.flags


def test_alternative_the_user_has_lifts_the_gate(tax):
    job = posting(tax, required=["RHIT", "RHIA"], alternatives=[("RHIT", "RHIA")])
    m = score(tax, profile(tax, certs=["RHIA"]), job)
    assert m.eligible
    both = posting(tax, required=["RHIT", "RHIA"])  # listed as two separate requirements
    assert not score(tax, profile(tax, certs=["RHIA"]), both).eligible


def test_required_weighs_more_than_preferred(tax):
    req = posting(tax, required=["Epic"], preferred=["HIPAA"])
    has_required = score(tax, profile(tax, skills=["Epic"]), req)
    has_preferred = score(tax, profile(tax, skills=["HIPAA"]), req)
    assert has_required.score > has_preferred.score


def test_experience_graded_by_shortfall(tax):
    job = posting(tax, required=["ICD-10-CM"], years=5)
    scores = [score(tax, profile(tax, skills=["ICD-10-CM"], years=y), job).score for y in (0, 2, 4, 5, 9)]
    assert scores == sorted(scores) and scores[0] < scores[2] < scores[3] == scores[4]


def test_points_add_up_and_cap_is_an_explicit_point(tax):
    job = posting(tax, required=["RHIT", "Epic", "ICD-10-CM", "HIPAA"], years=1, education="associate")
    m = score(tax, profile(tax, skills=["Epic", "ICD-10-CM", "HIPAA"], years=3), job)
    assert not m.eligible
    assert sum(p.centi for p in m.points) == m.score_centi
    assert round(sum(p.points for p in m.points), 2) == m.score
    assert m.points[-1].match_type == "cap" and m.points[-1].points < 0
    assert m.score == W.INELIGIBLE_SCORE_CAP


def test_salary_and_location_are_separate_subscores(tax):
    prefs = {"remote": "remote", "states": ["OH"], "min_salary": 45000, "salary_period": "year"}
    prof = profile(tax, skills=["Epic"], **prefs)
    low = posting(tax, required=["Epic"], salary=(18.0, 20.0, "hour"), remote="onsite", state="TX")
    high = posting(tax, required=["Epic"], salary=(25.0, 30.0, "hour"), remote="remote")
    m_low, m_high = score(tax, prof, low), score(tax, prof, high)
    assert m_low.score == m_high.score  # pay and place never change the skill score
    assert m_low.salary_fit < 100 == m_high.salary_fit
    assert m_low.location_fit == 0 and m_high.location_fit == 100
    assert m_high.annual_pay == pytest.approx(27.5 * 2080)


def test_career_tier_and_pay_vs_guide(tax):
    m = score(tax, profile(tax), posting(tax, required=["ICD-10-CM"], years=6, salary=(60000, 60000, "year")))
    assert m.tier == "senior" and m.guide_pay == 54850
    assert m.pay_vs_guide == pytest.approx(round(100 * (60000 - 54850) / 54850, 1))
    entry = score(tax, profile(tax), posting(tax, required=["ICD-10-CM"], years=1))
    assert entry.tier == "entry" and entry.pay_vs_guide is None


def test_skill_map_alignment_rises_with_core_work(tax):
    core = posting(tax, required=["ICD-10-CM", "HIPAA", "Epic"])
    side = posting(tax, required=["Microsoft Excel"])
    prof = profile(tax)
    assert score(tax, prof, core).alignment > score(tax, prof, side).alignment >= 0


@pytest.mark.parametrize(
    ("text", "grouped"),
    [
        ("Requires RHIT or RHIA credential.", True),
        ("Credential: RHIT/RHIA.", True),
        ("RHIT, RHIA, or CCS is required.", True),
        ("Must hold RHIT. RHIA is required for the lead role.", False),
        ("RHIT and RHIA required.", False),
        ("RHIA accepted in place of RHIT.", True),
        ("RHIA may be accepted in lieu of RHIT", True),
        ("RHIA is required; RHIT holders must also apply.", False),
    ],
)
def test_find_alternatives_reads_or_and_slash(tax, text, grouped):
    from matcher.facts import find_alternatives
    from skills_taxonomy.extraction import Mention

    mentions = []
    for name in ("RHIT", "RHIA", "CCS"):
        at = text.find(name)
        if at >= 0:
            e = tax.get(ids(tax, name)[0])
            mentions.append(Mention(e.id, e.label, e.kind, "required", at, at + len(name), name, e.code))
    groups = find_alternatives(mentions, text)
    assert bool(groups) == grouped
    if grouped:
        assert set(groups[0]) == {m.skill_id for m in mentions}
