"""The arrows of the data flow, wired once: files -> postings, postings -> extractions.

Commands (import, extract, rank, gaps, demo, crawl) call these functions instead of
repeating the wiring, so "bring extractions up to date" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mrtjobs.storage import Store, UpsertResult
from scraper.models import Posting

EXTRACT_BATCH = 200


def extraction_text(posting: Posting) -> str:
    """The text given to the extractor: title, a blank line, then the description.

    Mention offsets in posting_skills index this string.
    """
    return f"{posting.title}\n\n{posting.description_text}"


@dataclass
class ImportReport:
    files: int = 0
    postings: int = 0
    errors: list[str] = field(default_factory=list)
    upsert: UpsertResult = field(default_factory=UpsertResult)


def import_files(store: Store, paths: Sequence[Path], *, feed: str = "import") -> ImportReport:
    """Import every readable posting; a bad file is reported, never fatal to the others."""
    from scraper.sources.files import import_paths

    report = ImportReport()
    good: list[Posting] = []
    for result in import_paths(paths):
        report.files += 1
        if result.error is not None:
            report.errors.append(str(result.error))
            continue
        good.extend(result.postings)
    report.postings = len(good)
    report.upsert = store.upsert_postings(good, feed=feed)
    return report


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
        store.save_extractions(zip(batch, extractions))
        done += len(batch)
        if on_progress:
            on_progress(done, total)
    return total


def chunks(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
