"""Errors of the extraction side of skills_taxonomy (TaxonomyError lives in taxonomy.py)."""


class ExtractionError(Exception):
    """A text could not be extracted (for example: it is not text at all)."""
