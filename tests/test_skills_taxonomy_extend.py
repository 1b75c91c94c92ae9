"""User additions merge with the shipped data, the version follows the data, and the CLI exposes both."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skills_taxonomy import load_taxonomy
from skills_taxonomy.taxonomy import DATA_DIR, env_paths

runner = CliRunner()

MY_ENTRIES = [
    {"id": "sw.my_hospital_roi", "label": "Acme ROI Tracker", "kind": "software",
     "aliases": ["Acme ROI Tracker", "Acme Tracker"], "parent": "sw.roi_software", "implies": ["dk.release_of_information"]},
    {"id": "cert.my_state_cert", "label": "State Records Clerk Certificate", "kind": "certification",
     "code": "SRCC", "issuer": "State HIM Association", "acronyms": ["SRCC"], "parent": "cert.other_issuers",
     "equivalent": [], "implies": ["dk.records_management"]},
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def extra(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "my_taxonomy.jsonl", MY_ENTRIES)


def test_extra_file_is_merged_with_shipped_data(extra: Path) -> None:
    base = load_taxonomy()
    merged = load_taxonomy([extra])
    assert len(merged.entries) == len(base.entries) + len(MY_ENTRIES)
    mine = merged.resolve("acme tracker")
    assert mine is not None and mine.id == "sw.my_hospital_roi"
    assert mine.file == str(extra) and mine.line == 1
    assert "sw.my_hospital_roi" in merged.children("sw.roi_software")
    assert "dk.him" not in merged.covered_by("sw.my_hospital_roi")
    assert "dk.release_of_information" in merged.covered_by("sw.my_hospital_roi")
    assert merged.resolve("SRCC").code == "SRCC"
    # shipped entries are untouched
    assert merged.resolve("RHIT").id == "cert.rhit"


def test_version_is_a_content_hash(tmp_path: Path, extra: Path) -> None:
    base = load_taxonomy()
    assert base.version == load_taxonomy().version
    merged = load_taxonomy([extra])
    assert merged.version != base.version
    same_bytes = tmp_path / "copy"
    same_bytes.mkdir()
    copy = same_bytes / extra.name
    copy.write_bytes(extra.read_bytes())
    assert load_taxonomy([copy]).version == merged.version
    rows = [dict(MY_ENTRIES[0], label="Acme ROI Tracker v2"), MY_ENTRIES[1]]
    changed = write_jsonl(tmp_path / "my_taxonomy_changed.jsonl", rows)
    assert load_taxonomy([changed]).version not in {merged.version, base.version}


def test_version_changes_when_a_shipped_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    before = load_taxonomy(data_dir=data).version
    assert before == load_taxonomy().version
    soft = data / "soft_skills.jsonl"
    lines = soft.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[0])
    row["aliases"].append("laser focus on details")
    lines[0] = json.dumps(row)
    soft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    after = load_taxonomy(data_dir=data)
    assert after.version != before
    assert after.resolve("laser focus on details").id == row["id"]


def test_env_paths_split_on_pathsep() -> None:
    value = os.pathsep.join(["/a/one.jsonl", "", "/b/two.jsonl"])
    assert env_paths({"MRTJOBS_TAXONOMY": value}) == ("/a/one.jsonl", "/b/two.jsonl")
    assert env_paths({}) == ()


# ------------------------------------------------------------------ CLI


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("MRTJOBS_TAXONOMY", raising=False)
    from mrtjobs.cli import app as root

    return root


def test_cli_check_reports_counts_and_version(app) -> None:
    result = runner.invoke(app, ["taxonomy", "check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    tax = load_taxonomy()
    assert data["ok"] is True
    assert data["entries"] == len(tax.entries)
    assert data["version"] == tax.version


def test_cli_check_with_extra_file_option_and_env(app, extra: Path, monkeypatch) -> None:
    by_option = runner.invoke(app, ["taxonomy", "check", "--json", "--taxonomy", str(extra)])
    assert by_option.exit_code == 0, by_option.output
    monkeypatch.setenv("MRTJOBS_TAXONOMY", str(extra))
    by_env = runner.invoke(app, ["taxonomy", "check", "--json"])
    assert by_env.exit_code == 0, by_env.output
    base = len(load_taxonomy().entries)
    assert json.loads(by_option.output)["entries"] == base + len(MY_ENTRIES)
    assert json.loads(by_env.output)["entries"] == base + len(MY_ENTRIES)


def test_cli_check_fails_with_file_and_line(app, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "dk.a", "label": "a", "kind": "domain_knowledge"}\n'
                   '{"id": "dk.b", "label": "b", "kind": "domain_knowledge", "parent": "dk.zzz"}\n')
    result = runner.invoke(app, ["taxonomy", "check", "--taxonomy", str(bad)])
    assert result.exit_code == 1
    assert f"Error: {bad}:2: parent target 'dk.zzz' does not exist" in result.output


def test_cli_show_by_alias_and_json(app) -> None:
    result = runner.invoke(app, ["taxonomy", "show", "Certified Tumor Registrar (CTR)", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "cert.ctr"
    assert "cert.ods_c" in data["equivalent"]
    assert data["issuer"] == "NCRA"
    text = runner.invoke(app, ["taxonomy", "show", "R.H.I.T."])
    assert text.exit_code == 0
    assert "cert.rhit" in text.output and "AHIMA" in text.output


def test_cli_show_lists_skill_map_tier(app) -> None:
    result = runner.invoke(app, ["taxonomy", "show", "cdi", "--json"])
    data = json.loads(result.output)
    assert data["tiers"] == ["advanced_technical"]
    assert {"list": "advanced_technical_skills", "tier": "advanced_technical",
            "text": "Clinical Documentation Improvement (CDI)"} in data["skill_map"]


def test_cli_show_unknown_and_ambiguous(app) -> None:
    unknown = runner.invoke(app, ["taxonomy", "show", "basket weaving"])
    assert unknown.exit_code == 1 and "Error: no taxonomy entry matches 'basket weaving'" in unknown.output
    ambiguous = runner.invoke(app, ["taxonomy", "show", "coc"])
    assert ambiguous.exit_code == 1
    assert "cert.coc" in ambiguous.output and "reg.coc_standards" in ambiguous.output


def test_cli_stats_counts_match_the_taxonomy(app) -> None:
    result = runner.invoke(app, ["taxonomy", "stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    tax = load_taxonomy()
    assert sum(data["by_kind"].values()) == len(tax.entries) == data["entries"]
    assert data["by_kind"]["certification"] == len(tax.by_kind("certification"))
    assert data["skill_map"]["tech_stack"] == sum(1 for i in tax.skill_map if i.list_name == "tech_stack")
    table = runner.invoke(app, ["taxonomy", "stats"])
    assert table.exit_code == 0 and "certification" in table.output and "foundational" in table.output
