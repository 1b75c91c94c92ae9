"""CSV output: formula-safe cells, fixed columns, rows whose points sum to each score."""

from __future__ import annotations

import csv
import io

import pytest

from matcher.export import (
    GAP_COLUMNS, LEVERAGE_COLUMNS, RANKED_COLUMNS, gap_rows, ranked_rows, safe_cell, to_csv, write_reports,
)
from matcher.facts import PostingFacts
from matcher.gaps import gaps, leverage
from matcher.scoring import Scorer, rank
from test_matcher_helpers import mini_taxonomy, posting, profile


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    return mini_taxonomy(tmp_path_factory.mktemp("tax"))


@pytest.mark.parametrize("bad", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_is_neutralised(bad):
    cell = safe_cell(bad)
    assert cell == "'" + bad and not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_numbers_stay_numbers():
    assert safe_cell(-5.5) == "-5.50" and safe_cell(3) == "3" and safe_cell(None) == "" and safe_cell(True) == "yes"


def test_hostile_posting_fields_cannot_become_formulas(tax, tmp_path):
    facts, ext = posting(tax, required=["Epic"])
    facts = PostingFacts(uid="x:=1", title="=HYPERLINK(\"http://evil\",\"Coder\")", employer="@SUM(1)",
                         location="-1+1", url="+cmd")
    m = Scorer(profile(tax), tax).score(facts, ext)
    paths = write_reports(tmp_path, [m], gaps([m]), leverage([m], Scorer(profile(tax), tax)))
    for path in paths.values():
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell and cell[0] in "=+-@\t\r":
                    float(cell)  # only plain numbers may start with "-"


def test_gap_report_points_sum_to_each_posting_score(tax):
    prof = profile(tax, certs=["CPC"], skills=["Cerner"], years=1)
    scorer = Scorer(prof, tax)
    jobs = [posting(tax, f"t:{i}", required=req, preferred=["HIPAA"], years=i)
            for i, req in enumerate([["RHIT", "Epic", "ICD-10-CM"], ["CPC", "CPT"], ["CCS"], []])]
    matches = rank([scorer.score(f, e) for f, e in jobs])
    ranked = {r[1]: r for r in ranked_rows(matches)}
    totals: dict[str, float] = {}
    for row in gap_rows(gaps(matches)):
        totals[row[1]] = totals.get(row[1], 0.0) + float(row[GAP_COLUMNS.index("points")])
    score_col = RANKED_COLUMNS.index("score")
    for uid, row in ranked.items():
        assert round(totals.get(uid, 0.0), 2) == float(row[score_col])


def test_leverage_rows_and_columns(tax):
    prof = profile(tax, skills=["ICD-10-CM"])
    scorer = Scorer(prof, tax)
    jobs = [posting(tax, f"t:{i}", required=["RHIT", "ICD-10-CM"], years=1) for i in range(3)]
    jobs.append(posting(tax, "t:9", preferred=["Excel"]))
    matches = rank([scorer.score(f, e) for f, e in jobs])
    rows = leverage(matches, scorer)
    top = rows[0]
    assert top.learn_order == 1 and top.id == tax.resolve("RHIT").id
    assert top.postings_requiring == 3 and top.would_make_eligible == 3
    assert top.total_gain == pytest.approx(top.mean_gain * top.postings_gaining, abs=0.05)
    excel = next(r for r in rows if r.id == tax.resolve("Excel").id)
    assert excel.postings_preferring == 1 and excel.would_make_eligible == 0
    text = to_csv(LEVERAGE_COLUMNS, [])
    assert text == ",".join(LEVERAGE_COLUMNS) + "\n"


def test_a_failed_write_leaves_the_previous_reports_whole(tax, tmp_path):
    facts, ext = posting(tax, required=["Epic"])
    scorer = Scorer(profile(tax), tax)
    m = scorer.score(facts, ext)
    first = write_reports(tmp_path, [m], gaps([m]), leverage([m], scorer))
    before = {name: path.read_bytes() for name, path in first.items()}
    (tmp_path / "gap_report.csv").unlink()
    (tmp_path / "gap_report.csv").mkdir()  # the middle file cannot be replaced
    from matcher.errors import MatcherError

    with pytest.raises(MatcherError, match="gap_report.csv"):
        write_reports(tmp_path, [], [], [])
    assert (tmp_path / "ranked_postings.csv").read_bytes() == before["ranked_postings.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gap_report.csv", "ranked_postings.csv", "skill_leverage.csv"]
