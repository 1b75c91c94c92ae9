"""The CLI's single error boundary.

Library code raises specific exceptions and never prints; here each known error becomes
one line ``Error: <what, where>`` on stderr and an exit code, so users never see a
traceback for a problem they can fix (a bad file, a locked database, a bad profile).
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from mrtjobs.cli import exitcodes


def known_errors() -> tuple[type[BaseException], ...]:
    # Imported here so that `mrtjobs --help` stays fast and light.
    from matcher.errors import MatcherError
    from mrtjobs.errors import AppError
    from mrtjobs.storage.errors import StorageError
    from scraper.errors import ScraperError
    from skills_taxonomy.errors import ExtractionError
    from skills_taxonomy.taxonomy import TaxonomyError

    return (AppError, StorageError, ScraperError, TaxonomyError, ExtractionError, MatcherError)


def error_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"Error: {text}"


class BoundaryGroup(TyperGroup):
    """Root command group that converts library errors into exit codes."""

    def invoke(self, ctx: Any) -> Any:
        from mrtjobs.storage.errors import CrawlLockedError

        try:
            return super().invoke(ctx)
        except CrawlLockedError as exc:
            print(error_line(exc), file=sys.stderr)
            raise typer.Exit(exitcodes.LOCKED) from None
        except KeyboardInterrupt:
            print("Error: interrupted", file=sys.stderr)
            raise typer.Exit(exitcodes.INTERRUPTED) from None
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            print(f"Error: {where}{exc.strerror or exc}", file=sys.stderr)
            raise typer.Exit(exitcodes.ERROR) from None
        except Exception as exc:
            if isinstance(exc, known_errors()):
                print(error_line(exc), file=sys.stderr)
                raise typer.Exit(exitcodes.ERROR) from None
            raise
