"""Exceptions raised by the scraper package.

The CLI turns these into one ``Error: ...`` line, so every message is written to be read by
a person on its own: it names the file or source and says what was wrong.
"""

from __future__ import annotations

from pathlib import Path


class ScraperError(Exception):
    """Base class: catching this catches every failure the scraper reports on purpose."""


class ParseError(ScraperError):
    """Raw data does not have the shape a source's ``parse`` expects.

    ``source`` is the source NAME when known, so a message from a mixed crawl still says
    which parser refused the data.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)


class UnknownSourceError(ScraperError):
    """A source name that no module implements (a typo in sources.toml or a replay file)."""

    def __init__(self, name: str, known: tuple[str, ...] = ()) -> None:
        self.name = name
        hint = f" (known: {', '.join(known)})" if known else ""
        super().__init__(f"unknown source {name!r}{hint}")


class ListingPage(ParseError):
    """A page that lists jobs rather than describing one; ``links`` are the job pages it names."""

    def __init__(self, links: list[str], *, source: str | None = None) -> None:
        self.links = list(links)
        super().__init__(
            f"a page that lists {len(self.links)} jobs, not a posting: nothing stored "
            "(import the job pages it links to)", source=source)


class ImportFileError(ScraperError):
    """One file given to the importer could not be turned into postings.

    ``str()`` is the single line ``"PATH: reason"`` so a directory import can list every
    bad file without a traceback.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


class ListingPageError(ImportFileError):
    """A file that is a listing page; ``links`` are the job pages it names."""

    def __init__(self, path: str | Path, reason: str, links: list[str]) -> None:
        self.links = list(links)
        super().__init__(path, reason)


class FetchError(ScraperError):
    """A request failed for good (after retries). ``url`` names the request, never a secret."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class RobotsDisallowed(FetchError):
    """robots.txt of the host forbids this URL for our user agent."""


class ResponseTooLarge(FetchError):
    """The body exceeded the configured size cap; it was not read further."""


class TooManyRedirects(FetchError):
    """A redirect chain was longer than allowed (or looped)."""


class ClientConfigError(ScraperError):
    """The client was configured in a way that would make it impolite or unusable."""


class DocumentError(ImportFileError):
    """A PDF, Word or text document whose text cannot be read (``str()`` is "PATH: reason").

    A subclass of ImportFileError so that `mrtjobs import` reports it like any bad file."""


class BrokenDocumentError(DocumentError):
    """The file is damaged or is not the format its name says (a .doc saved as .docx)."""


class EncryptedDocumentError(DocumentError):
    """The document is password protected and opens with no empty password."""
