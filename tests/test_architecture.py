"""The import directions of ARCHITECTURE.md, enforced by walking every module's imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# package -> third-party or first-party top-level names it may import (besides stdlib and itself)
ALLOWED = {
    # pypdf, docx: PDF and Word documents to text (scraper/documents.py), for import and resumes
    "scraper": {"httpx", "selectolax", "protego", "pypdf", "docx"},
    "skills_taxonomy": {"spacy"},
    # numpy: leverage keeps every scored item as array columns (matcher/leverage.py says why)
    "matcher": {"skills_taxonomy.taxonomy", "skills_taxonomy.extraction", "skills_taxonomy.errors", "numpy"},
    "mrtjobs": {
        "scraper", "skills_taxonomy", "matcher", "typer", "rich", "platformdirs", "httpx", "sqlite_utils",
    },
}


def imports_of(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def allowed(package: str, name: str) -> bool:
    top = name.split(".")[0]
    if top in STDLIB or top == package:
        return True
    for rule in ALLOWED[package]:
        if name == rule or name.startswith(rule + ".") or (top == rule):
            return True
    return False


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_architecture_allows(package: str) -> None:
    bad = []
    for path in modules(package):
        for name, line in imports_of(path):
            if not allowed(package, name):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not bad, "\n".join(bad)


def test_only_storage_imports_sqlite_utils() -> None:
    bad = []
    for package in ALLOWED:
        for path in modules(package):
            rel = path.relative_to(ROOT).as_posix()
            for name, line in imports_of(path):
                if name.split(".")[0] == "sqlite_utils" and not rel.startswith("mrtjobs/storage/"):
                    bad.append(f"{rel}:{line}")
    assert not bad, bad


def test_taxonomy_module_does_not_import_spacy() -> None:
    names = [n for n, _ in imports_of(ROOT / "skills_taxonomy" / "taxonomy.py")]
    assert not any(n.split(".")[0] == "spacy" for n in names)


def test_importing_matcher_does_not_load_spacy_or_httpx() -> None:
    import subprocess

    code = (
        "import sys, matcher, matcher.scoring, skills_taxonomy.taxonomy;"
        "print(','.join(m for m in ('spacy', 'httpx', 'sqlite_utils') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("import sqlite_utils\nfrom spacy import blank\n")
    names = [n for n, _ in imports_of(bad)]
    assert not allowed("matcher", names[1]) and not allowed("scraper", names[0])
