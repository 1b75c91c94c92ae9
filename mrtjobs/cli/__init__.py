"""The `mrtjobs` command line (typer). Thin: options -> library calls -> output."""

from mrtjobs.cli.app import app

__all__ = ["app"]
