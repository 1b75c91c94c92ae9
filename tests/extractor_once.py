"""Build the real taxonomy and extractor once per test module instead of once per CLI call.

Every `rank`, `new`, `crawl` or `profile from-resume` invocation loads the taxonomy and
builds the spaCy pipeline (about two seconds). Tests that run many commands use
``real_extractor_once`` (a module-scoped fixture): the same real extractor, built once.
"""

from __future__ import annotations

import functools

import pytest

import mrtjobs.pipeline as pipeline

_real_load = pipeline.load_taxonomy_and_extractor
_cached_load = functools.lru_cache(maxsize=4)(lambda paths: _real_load(list(paths)))


@pytest.fixture(scope="module")
def real_extractor_once():
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "load_taxonomy_and_extractor", lambda paths=(): _cached_load(tuple(paths)))
    yield _cached_load(())
    patch.undo()
