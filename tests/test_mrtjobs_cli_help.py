"""Every command teaches: each has help text and `--help` works."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from mrtjobs.cli import app

runner = CliRunner()


def walk(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, path + (name,))


def test_every_command_has_help_text() -> None:
    root = typer.main.get_command(app)
    missing = [" ".join(p) for p, cmd in walk(root) if p and not (cmd.help or "").strip()]
    assert not missing, f"commands without help: {missing}"


def test_help_runs_for_every_command() -> None:
    root = typer.main.get_command(app)
    paths = [p for p, _ in walk(root)]
    assert len(paths) > 5
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output


def test_required_commands_exist() -> None:
    root = typer.main.get_command(app)
    names = set(root.commands)
    for required in ("demo", "import", "extract", "extract-text", "rank", "gaps", "explain", "crawl", "taxonomy", "profile"):
        assert required in names, required
