"""Properties that must hold for any posting and any profile (hypothesis)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import weights as W
from matcher.export import write_reports
from matcher.facts import PostingFacts
from matcher.gaps import LeverageIndex, gaps, leverage
from matcher.profile import Holding, Profile
from matcher.scoring import MET, Scorer, rank
from skills_taxonomy.extraction import Extraction, Mention, Requirements
from test_matcher_helpers import mini_taxonomy

HYP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    return mini_taxonomy(tmp_path_factory.mktemp("tax"))


def _ids(tax):
    return sorted(tax.entries)


@st.composite
def postings(draw, tax, uid="p:1"):
    all_ids = _ids(tax)
    chosen = draw(st.lists(st.sampled_from(all_ids), min_size=0, max_size=7, unique=True))
    mentions = []
    for i, sid in enumerate(chosen):
        e = tax.entries[sid]
        level = draw(st.sampled_from(("required", "preferred", "mentioned")))
        months = draw(st.one_of(st.none(), st.just(12))) if e.kind == "certification" else None
        mentions.append(Mention(sid, e.label, e.kind, level, i * 20, i * 20 + 4, "x", e.code, months))
    years = draw(st.one_of(st.none(), st.integers(1, 8)))
    edu = draw(st.one_of(st.none(), st.sampled_from(W.EDUCATION_ORDER)))
    ext = Extraction(tuple(mentions), Requirements(min_years_experience=years, education_min=edu,
                                                   education_equivalent_ok=draw(st.booleans())))
    req_certs = [m.skill_id for m in mentions if m.kind == "certification" and m.level == "required"]
    alts = ((tuple(req_certs[:2]),) if len(req_certs) >= 2 and draw(st.booleans()) else ())
    return PostingFacts(uid=uid, title="Coder", alternatives=alts), ext


@st.composite
def profiles(draw, tax):
    chosen = draw(st.lists(st.sampled_from(_ids(tax)), max_size=6, unique=True))
    holdings = tuple(Holding(i, i, draw(st.sampled_from(("earned", "in_progress", "eligible")))) for i in chosen)
    certs = tuple(h for h in holdings if tax.entries[h.id].kind == "certification")
    skills = tuple(h for h in holdings if tax.entries[h.id].kind != "certification")
    return Profile(years_experience=draw(st.integers(0, 10)),
                   education=draw(st.one_of(st.none(), st.sampled_from(W.EDUCATION_ORDER))),
                   certifications=certs, skills=skills)


@HYP
@given(data=st.data())
def test_adding_a_profile_item_never_lowers_a_score(tax, data):
    facts, ext = data.draw(postings(tax))
    prof = data.draw(profiles(tax))
    extra = data.draw(st.sampled_from(_ids(tax)))
    status = data.draw(st.sampled_from(("earned", "in_progress", "eligible")))
    before = Scorer(prof, tax).score(facts, ext)
    after = Scorer(prof.with_item(extra, status, kind=tax.entries[extra].kind), tax).score(facts, ext)
    assert after.score >= before.score
    assert after.eligible or not before.eligible
    more_years = Scorer(Profile(**{**prof.__dict__, "years_experience": prof.years_experience + 1}), tax)
    assert more_years.score(facts, ext).score >= before.score


@HYP
@given(data=st.data())
def test_points_always_sum_to_the_score(tax, data):
    facts, ext = data.draw(postings(tax))
    m = Scorer(data.draw(profiles(tax)), tax).score(facts, ext)
    assert sum(p.centi for p in m.points) == m.score_centi
    assert round(sum(p.points for p in m.points), 2) == m.score
    assert 0 <= m.score <= 100
    assert all(0 <= p.credit <= 1 for p in m.points)


@HYP
@given(data=st.data())
def test_removing_a_required_certification_makes_the_posting_ineligible(tax, data):
    facts, ext = data.draw(postings(tax))
    prof = data.draw(profiles(tax))
    cert = data.draw(st.sampled_from([e.id for e in tax.by_kind("certification")]))
    e = tax.entries[cert]
    gate = Mention(cert, e.label, e.kind, "required", 1000, 1004, "x", e.code)
    # the posting requires it outright: no after-hire allowance, not one of alternatives
    ext = Extraction(tuple(m for m in ext.mentions if m.skill_id != cert) + (gate,), ext.requirements)
    facts = PostingFacts(uid=facts.uid, title=facts.title)
    holding = Scorer(prof.with_item(cert, "earned", kind="certification"), tax).score(facts, ext)
    assert next(p for p in holding.points if p.ids == (cert,)).gate == "met"
    scorer = Scorer(prof, tax)
    # drop the certification and everything that would stand in for it
    rest = [h for h in prof.holdings if scorer.rel.match(cert, h.id) not in MET]
    without = Profile(years_experience=prof.years_experience, education=prof.education, skills=tuple(rest))
    m = Scorer(without, tax).score(facts, ext)
    assert not m.eligible and m.score <= W.INELIGIBLE_SCORE_CAP


@HYP
@given(data=st.data())
def test_leverage_gain_equals_rescoring_with_the_item_learned(tax, data):
    jobs = [data.draw(postings(tax, uid=f"p:{i}")) for i in range(data.draw(st.integers(1, 5)))]
    prof = data.draw(profiles(tax))
    scorer = Scorer(prof, tax)
    matches = rank([scorer.score(f, e) for f, e in jobs])
    idx = LeverageIndex(matches, scorer)
    before = {m.uid: m for m in matches}
    for cand in idx.candidates():
        learned = Scorer(prof.with_item(cand, "earned", kind=tax.entries[cand].kind), tax)
        after = {m.uid: m for m in (learned.score(f, e) for f, e in jobs)}
        assert idx.gain(cand) == _rescored(before, after)
    # after a greedy step the incremental gains still equal re-scoring from scratch
    cands = idx.candidates()
    if cands:
        first = data.draw(st.sampled_from(cands))
        idx.learn(first)
        base = prof.with_item(first, "earned", kind=tax.entries[first].kind)
        now = {m.uid: m for m in (Scorer(base, tax).score(f, e) for f, e in jobs)}
        for cand in cands:
            learned = Scorer(base.with_item(cand, "earned", kind=tax.entries[cand].kind), tax)
            after = {m.uid: m for m in (learned.score(f, e) for f, e in jobs)}
            assert idx.gain(cand) == _rescored(now, after)


def _rescored(before: dict, after: dict) -> tuple[int, int, int, int]:
    """What re-scoring from scratch says a candidate does: (total gain in hundredths, newly
    eligible, newly over the apply threshold, postings gaining), as LeverageIndex.gain."""
    gains = {u: after[u].score_centi - before[u].score_centi for u in before}
    assert all(g >= 0 for g in gains.values())
    return (sum(gains.values()),
            sum(1 for u in before if not before[u].eligible and after[u].eligible),
            sum(1 for u in before if gains[u] > 0 and not before[u].apply and after[u].apply),
            sum(1 for g in gains.values() if g > 0))


@HYP
@given(data=st.data())
def test_reports_are_byte_identical_across_runs_and_input_orders(tax, data, tmp_path):
    jobs = [data.draw(postings(tax, uid=f"p:{i}")) for i in range(data.draw(st.integers(0, 6)))]
    prof = data.draw(profiles(tax))
    outputs = []
    for run, order in enumerate((jobs, list(reversed(jobs)), random.Random(7).sample(jobs, len(jobs)))):
        scorer = Scorer(prof, tax)
        matches = rank([scorer.score(f, e) for f, e in order])
        out = Path(tmp_path) / f"run{run}"
        write_reports(out, matches, gaps(matches), leverage(matches, scorer))
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1] == outputs[2]
