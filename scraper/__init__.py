"""Network and HTML/JSON -> Posting.

The package's only output is ``scraper.models.Posting``; its only inputs are HTTP responses,
saved files and pasted text. It never imports spaCy, the matcher or the database.
"""

from scraper.errors import ImportFileError, ParseError, ScraperError, UnknownSourceError

__all__ = ["ImportFileError", "ParseError", "ScraperError", "UnknownSourceError"]
