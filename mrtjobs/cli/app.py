"""The root `mrtjobs` command: registers each command module and the error boundary."""

from __future__ import annotations

import typer

from mrtjobs import __version__
from mrtjobs.cli.boundary import BoundaryGroup

app = typer.Typer(
    cls=BoundaryGroup,
    name="mrtjobs",
    help=(
        "Find, read and rank Medical Records Technician / Health Information Technician job postings.\n\n"
        "Typical flow: `mrtjobs import FILES` or `mrtjobs crawl --sources sources.toml`, then "
        "`mrtjobs rank --profile me.toml` and `mrtjobs gaps --profile me.toml --out out/`. "
        "`mrtjobs sources list --state OH` finds hospital career sites to crawl; "
        "`mrtjobs demo` runs the whole flow on the bundled samples."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mrtjobs {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """mrtjobs command line."""


def _register_all() -> None:
    import importlib

    for name in ("demo_cmd", "postings_cmd", "match_cmd", "resume_cmd", "applications_cmd", "new_cmd", "crawl_cmd",
                 "sources_cmd", "taxonomy_cmd", "info_cmd"):
        importlib.import_module(f"mrtjobs.cli.{name}").register(app)


_register_all()
