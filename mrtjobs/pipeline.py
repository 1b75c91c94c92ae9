"""The arrows of the data flow, wired once: files -> postings, postings -> extractions.

Commands (import, extract, rank, gaps, demo, crawl) call these functions instead of
repeating the wiring, so "bring extractions up to date" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mrtjobs.storage import Store, UpsertResult
from scraper.models import Posting

EXTRACT_BATCH = 200
# Real postings run to a few thousand words; a pasted 6 MB file would cost the extractor
# a gigabyte of memory for nothing, so only its beginning is read.
MAX_EXTRACT_CHARS = 100_000


def extraction_text(posting: Posting) -> str:
    """The text given to the extractor: title, a blank line, then the description.

    Mention offsets in posting_skills index this string (its first MAX_EXTRACT_CHARS).
    """
    return f"{posting.title}\n\n{posting.description_text}"[:MAX_EXTRACT_CHARS]


@dataclass
class ImportReport:
    files: int = 0
    postings: int = 0
    errors: list[str] = field(default_factory=list)
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (title, why)
    listings: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, job links): not postings
    upsert: UpsertResult = field(default_factory=UpsertResult)


def import_files(
    store: Store, paths: Sequence[Path], *, feed: str = "import", relevance=None,
    employer: str | None = None,
) -> ImportReport:
    """Import every readable posting; a bad file is reported, never fatal to the others.

    With a ``relevance`` filter (mrtjobs.relevance), postings of other occupations (the
    nurse on a hospital's board) are set aside and reported instead of stored, exactly
    as a crawl does, so they never reach the ranking. ``employer`` names the employer of
    every imported posting (files whose employer is missing, a legal entity or a slug). A
    page that lists jobs is not imported: it is reported with the job links it holds.
    """
    from scraper.errors import ListingPageError
    from scraper.sources.files import import_paths

    report = ImportReport()
    good: list[Posting] = []
    for result in import_paths(paths):
        report.files += 1
        if result.error is not None:
            report.errors.append(str(result.error))
            if isinstance(result.error, ListingPageError):
                report.listings.append((str(result.path), result.error.links))
            continue
        for posting in result.postings:
            if employer:
                posting = posting.with_changes(employer=employer)
            decision = relevance.decide(posting) if relevance is not None else None
            if decision is not None and not decision.keep:
                report.set_aside.append((posting.title, decision.reason))
            else:
                good.append(posting)
    report.postings = len(good)
    report.upsert = store.upsert_postings(good, feed=feed)
    if report.upsert.changed:
        mark_duplicates(store)
    return report


def mark_duplicates(store: Store) -> int:
    """Recompute cross-source duplicates over open postings; write only what changed."""
    from mrtjobs import dedup

    changed = dedup.changes(store.iter_posting_rows(include_closed=False))
    if changed:
        store.set_duplicates(changed)
    return len(changed)


def load_relevance(taxonomy=None):
    """The occupation filter used by crawl and import (title rules + taxonomy terms)."""
    from mrtjobs.relevance import load_filter, taxonomy_terms

    if taxonomy is None:
        from skills_taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    return load_filter(taxonomy_terms=taxonomy_terms(taxonomy))


def load_taxonomy_and_extractor(taxonomy_paths: Sequence[Path] = ()):
    from skills_taxonomy import load_extractor, load_taxonomy

    taxonomy = load_taxonomy(list(taxonomy_paths))
    return taxonomy, load_extractor(taxonomy)


def ensure_extracted(
    store: Store,
    extractor,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Extract new or changed postings (or all, after a version change). Returns how many.

    Saved in batches, each in one transaction: an interrupted run keeps finished batches
    and the next run picks up the rest.
    """
    todo = store.postings_needing_extraction(extractor.version)
    total = len(todo)
    done = 0
    if on_progress:
        on_progress(0, total)
    for start in range(0, total, EXTRACT_BATCH):
        batch = todo[start : start + EXTRACT_BATCH]
        extractions = extractor.extract_many([extraction_text(p) for p in batch])
        store.save_extractions(zip(batch, extractions), version=extractor.version)
        done += len(batch)
        if on_progress:
            on_progress(done, total)
    return total

