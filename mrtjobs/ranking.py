"""App-side glue between stored postings and the matcher.

Why here: the matcher may not know Posting or the Store, and the commands (rank, gaps,
explain, demo) must all turn (Posting, Extraction) into matcher input the same way: the
posting's own salary when it states one, else the salary the extractor found in the text.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matcher.export import write_reports
from matcher.facts import PostingFacts, find_alternatives
from matcher.fit import place_matches
from matcher.gaps import Gap, Leverage, gaps, leverage
from matcher.profile import Profile
from matcher.scoring import Match, Scorer, rank
from mrtjobs.errors import AppError
from mrtjobs.pipeline import extraction_text
from scraper.models import Posting
from skills_taxonomy.extraction import Extraction


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while ranking builds its objects.

    Ranking 10,000 postings creates about half a million small objects that never form
    cycles; the collector would walk them again and again (over a second of a 4-second
    run, measured by bench/rank_speed.py) and free nothing. Reference counting still frees
    everything as usual; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def facts_from(posting: Posting, extraction: Extraction) -> PostingFacts:
    """The matcher's record of a posting (posting salary first, else the extracted one)."""
    req = extraction.requirements
    smin, smax, period = posting.salary_min, posting.salary_max, posting.salary_period
    if smin is None and smax is None and req.salary is not None:
        smin, smax, period = req.salary.min, req.salary.max, req.salary.period
    alternatives = ()
    if sum(1 for m in extraction.mentions if m.kind == "certification" and m.level == "required") > 1:
        alternatives = find_alternatives(extraction.mentions, extraction_text(posting))
    return PostingFacts(
        uid=posting.uid,
        title=posting.title,
        employer=posting.employer,
        location=posting.location,
        state=posting.state,
        remote=posting.remote or req.remote,
        employment_type=posting.employment_type or req.employment_type,
        salary_min=smin,
        salary_max=smax,
        salary_period=period or ("year" if smin is not None or smax is not None else None),
        url=posting.url,
        alternatives=alternatives,
    )


def score_pairs(
    pairs: Iterable[tuple[Posting, Extraction]], profile: Profile, taxonomy: Any,
    scorer: Scorer | None = None,
) -> list[Match]:
    """Score every (posting, extraction) and return them ranked (deterministic order)."""
    scorer = scorer or Scorer(profile, taxonomy)
    with bulk_work():
        return rank([scorer.score(facts_from(p, e), e) for p, e in pairs])


def filter_matches(
    matches: list[Match], *, state: str | None = None, remote: str | None = None,
    min_score: float | None = None, eligible_only: bool = False, limit: int | None = None,
) -> list[Match]:
    """The ``rank`` filters; a remote posting matches any --state."""
    out = [
        m for m in matches
        if place_matches(m.facts, state, remote)
        and (min_score is None or m.score >= min_score)
        and (not eligible_only or m.eligible)
    ]
    return out[:limit] if limit is not None and limit >= 0 else out


def rank_store(
    store, profile: Profile, taxonomy: Any, *, state: str | None = None, remote: str | None = None,
    min_score: float | None = None, eligible_only: bool = False, limit: int | None = None,
) -> list[Match]:
    """Rank every open, non-duplicate extracted posting in ``store`` for ``profile``."""
    matches = score_pairs(store.iter_ranking_inputs(), profile, taxonomy)
    return filter_matches(matches, state=state, remote=remote, min_score=min_score,
                          eligible_only=eligible_only, limit=limit)


def gap_reports(
    matches: list[Match], profile: Profile, taxonomy: Any, scorer: Scorer | None = None
) -> tuple[list[Gap], list[Leverage]]:
    scorer = scorer or Scorer(profile, taxonomy)
    with bulk_work():
        return gaps(matches), leverage(matches, scorer)


def write_gap_reports(
    out_dir: str | Path, store, profile: Profile, taxonomy: Any
) -> dict[str, Path]:
    """Score the store and write ranked_postings.csv, gap_report.csv, skill_leverage.csv.

    One ``bulk_work`` around all of it: re-enabling the collector between the steps would
    let it walk every object built so far once per step (~0.1 s per 10,000 postings). The
    steps run in a nested call so that their objects are freed before the collector is back."""
    with bulk_work():
        return _write_gap_reports(out_dir, store, profile, taxonomy)


def _write_gap_reports(out_dir: str | Path, store, profile: Profile, taxonomy: Any) -> dict[str, Path]:
    scorer = Scorer(profile, taxonomy)
    matches = score_pairs(store.iter_ranking_inputs(), profile, taxonomy, scorer)
    gap_list, lev = gap_reports(matches, profile, taxonomy, scorer)
    return write_reports(out_dir, matches, gap_list, lev, statuses=store.application_statuses())


def explain_uid(store, uid: str, profile: Profile, taxonomy: Any) -> Match:
    """Score one posting chosen by uid (or an unambiguous uid prefix)."""
    uids = store.find_uids(uid)
    if uid in uids:
        uids = [uid]
    if not uids:
        raise AppError(f"no posting with uid {uid!r}")
    if len(uids) > 1:
        raise AppError(f"uid {uid!r} is ambiguous: {', '.join(uids[:5])}{' ...' if len(uids) > 5 else ''}")
    posting = store.get_posting(uids[0])
    extraction = store.load_extraction(uids[0])
    if posting is None or extraction is None:
        raise AppError(f"posting {uids[0]!r} has not been extracted yet (run `mrtjobs extract`)")
    return Scorer(profile, taxonomy).score(facts_from(posting, extraction), extraction)
