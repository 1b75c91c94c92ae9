"""CSV rows for the three gap reports: fixed columns, stable order, formula-safe cells.

Why so strict: these files are opened in spreadsheets. A title such as "=HYPERLINK(...)"
copied from a posting must never run as a formula, and two runs over the same data must
give byte-identical files so that users (and cron diffs) can trust a change means a change.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from matcher.errors import MatcherError
from matcher.gaps import Gap, Leverage
from matcher.scoring import Match

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

RANKED_FILE = "ranked_postings.csv"
GAPS_FILE = "gap_report.csv"
LEVERAGE_FILE = "skill_leverage.csv"

RANKED_COLUMNS = (
    "rank", "uid", "title", "employer", "location", "state", "remote", "employment_type", "url",
    "salary_min", "salary_max", "salary_period", "annual_pay", "tier", "tier_source", "guide_pay",
    "pay_vs_guide_pct", "score", "eligible", "apply", "salary_fit", "location_fit", "skill_map_alignment",
    "required_met", "required_total", "preferred_met", "preferred_total", "missing_required",
    "missing_preferred", "flags", "top_reason", "status",
)
GAP_COLUMNS = (
    "rank", "uid", "title", "employer", "item", "kind", "level", "status", "match_type", "credit",
    "weight", "points", "matched_by",
)
LEVERAGE_COLUMNS = (
    "learn_order", "id", "label", "kind", "postings_requiring", "postings_preferring",
    "would_make_eligible", "would_reach_apply", "postings_gaining", "mean_gain", "total_gain",
)


def safe_cell(value: Any) -> str:
    """Text for one cell. Numbers are written plainly; text that a spreadsheet would run as a
    formula (starting with = + - @ tab or CR) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def ranked_rows(matches: Sequence[Match], statuses: Mapping[str, str] | None = None) -> list[list[str]]:
    """Rows of ranked_postings.csv; ``statuses`` ({uid: application status}) fills the last column."""
    statuses = statuses or {}
    cell = _Cells()
    t, n = cell.text, cell.num
    rows = []
    for rank, m in enumerate(matches, 1):
        f = m.facts
        pts = m.points
        levels = [p.level for p in pts]
        # a score-cap point (always last) is not a requirement; the unmet ones are listed
        req_total = levels.count("required") - (1 if pts and pts[-1].kind == "gate" else 0)
        pref_total = levels.count("preferred")
        req_met = req_total - len(m.missing_required)
        pref_met = pref_total - len(m.missing_preferred)
        rows.append([
            str(rank), t(f.uid), t(f.title), t(f.employer), t(f.location), t(f.state), t(f.remote),
            t(f.employment_type), t(f.url), n(f.salary_min), n(f.salary_max), t(f.salary_period),
            n(m.annual_pay), t(m.tier), t(m.tier_source), n(m.guide_pay), n(m.pay_vs_guide), n(m.score),
            safe_cell(m.eligible), safe_cell(m.apply), n(m.salary_fit), n(m.location_fit), n(m.alignment),
            str(req_met), str(req_total), str(pref_met), str(pref_total),
            t("; ".join(m.missing_required)), t("; ".join(m.missing_preferred)), t("; ".join(m.flags)),
            t(m.top_reason()), t(statuses.get(f.uid)),
        ])
    return rows


def gap_rows(gaps: Iterable[Gap]) -> list[list[str]]:
    """Rows of gap_report.csv. Cell text is memoised: the same item names, kinds and
    numbers repeat thousands of times across postings, and so does a whole row part
    (item ... matched_by) when postings share a scored point; each distinct part is turned
    into cells once and reused (a cell depends only on its value)."""
    cell = _Cells()
    text, num = cell.text, cell.num
    rows = []
    head_rank = head_uid = None
    head: list[str] = []
    parts: dict[tuple, list[str]] = {}
    for g in gaps:
        if g[0] != head_rank or g[1] != head_uid:
            head_rank, head_uid = g[0], g[1]
            head = [str(g.rank), text(g.uid), text(g.title), text(g.employer)]
        part = g[4:]  # item, kind, level, status, match_type, credit, weight, points, matched_by
        cells = parts.get(part)
        if cells is None:
            item, kind, level, status, match_type, credit, weight, points, matched_by = part
            cells = parts[part] = [text(item), text(kind), text(level), text(status), text(match_type),
                                   num(credit), num(weight), num(points), text(matched_by)]
        rows.append(head + cells)
    return rows


class _Cells:
    """safe_cell with memory, for text and for numbers shown with two decimals."""

    def __init__(self) -> None:
        self._text: dict[str | None, str] = {}
        self._num: dict[float | None, str] = {}

    def text(self, value: str | None) -> str:
        got = self._text.get(value)
        if got is None:
            got = self._text[value] = safe_cell(value)
        return got

    def num(self, value: float | int | None) -> str:
        got = self._num.get(value)
        if got is None:
            got = self._num[value] = "" if value is None else f"{float(value):.2f}"
        return got


def leverage_rows(rows: Iterable[Leverage]) -> list[list[str]]:
    return [
        [safe_cell(v) for v in (r.learn_order, r.id, r.label, r.kind, r.postings_requiring,
                                r.postings_preferring, r.would_make_eligible, r.would_reach_apply,
                                r.postings_gaining, _num(r.mean_gain), _num(r.total_gain))]
        for r in rows
    ]


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text with "\\n" line ends (the same bytes on every platform)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def write_reports(
    out_dir: str | Path, matches: Sequence[Match], gaps: Iterable[Gap], leverage: Iterable[Leverage],
    statuses: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write the three CSVs (UTF-8) into ``out_dir``; returns file name -> path."""
    out = Path(out_dir)
    files = {
        RANKED_FILE: to_csv(RANKED_COLUMNS, ranked_rows(matches, statuses)),
        GAPS_FILE: to_csv(GAP_COLUMNS, gap_rows(gaps)),
        LEVERAGE_FILE: to_csv(LEVERAGE_COLUMNS, leverage_rows(leverage)),
    }
    temps: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        # All three are written to temporary files first and renamed only when all three
        # exist, so a failure never leaves a mix of this run's and the last run's reports.
        for name, text in files.items():
            tmp = out / f".{name}.tmp"
            tmp.write_bytes(text.encode("utf-8"))
            temps.append(tmp)
        for name, tmp in zip(files, temps):
            if (out / name).is_dir():
                raise IsADirectoryError(21, "Is a directory", str(out / name))
        for name, tmp in zip(files, temps):
            tmp.replace(out / name)
    except OSError as exc:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        where = exc.filename or out
        raise MatcherError(f"{where}: cannot write reports ({exc.strerror or exc})") from exc
    return {name: out / name for name in files}


def _num(x: float | int | None) -> float | None:
    """Numbers as floats so every numeric column has two decimals."""
    return None if x is None else float(x)
