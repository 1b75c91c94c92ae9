"""Skills taxonomy for health-information jobs: validated data, plus a spaCy extractor.

Importing this package must stay cheap and spaCy-free (the matcher and the CLI's
``taxonomy`` commands only need the data), so ``load_extractor`` imports
``skills_taxonomy.extract`` only when it is called.
"""

from __future__ import annotations

from typing import Any

from skills_taxonomy.taxonomy import (
    KINDS,
    TIERS,
    Entry,
    SkillMapItem,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
)

__all__ = [
    "KINDS",
    "TIERS",
    "Entry",
    "SkillMapItem",
    "Taxonomy",
    "TaxonomyError",
    "load_extractor",
    "load_taxonomy",
]


def load_extractor(*args: Any, **kwargs: Any) -> Any:
    """Build the extractor; deferred so that spaCy loads only when extraction is wanted."""
    from skills_taxonomy.extract import load_extractor as _load_extractor

    return _load_extractor(*args, **kwargs)
