"""`mrtjobs sources list|add|check` through the real CLI, and the shipped catalogue itself."""

from __future__ import annotations

import json
import re
import socket
import tomllib
from pathlib import Path

import pytest
from test_mrtjobs_crawl import FakeExtractor
from typer.testing import CliRunner

import mrtjobs.cli.crawl_cmd as crawl_cmd
from mrtjobs.catalogue import STATE_CODES, default_catalogue_path
from mrtjobs.cli import app
from mrtjobs.config import SOURCE_TYPES, load_config, parse_config

runner = CliRunner()
CATALOGUE = default_catalogue_path()


def run(*args: str):
    return runner.invoke(app, list(args))


def raw_systems() -> list[dict]:
    return tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))["systems"]


# --- the shipped catalogue ---------------------------------------------------------------


def test_every_catalogue_entry_parses_into_a_source_of_a_known_type() -> None:
    """Independently of mrtjobs.catalogue: each source table is a valid [[sources]] entry."""
    systems = raw_systems()
    assert len(systems) >= 100
    crawl = {"user_agent": "mrtjobs-test (ops@example.org)"}
    config = parse_config({"crawl": crawl, "sources": [s["source"] for s in systems]}, path=CATALOGUE)
    assert len(config.sources) == len(systems)  # names unique, every entry valid
    for system, source in zip(systems, config.sources, strict=True):
        assert source.type in SOURCE_TYPES and source.type not in ("usajobs", "jsonld"), system["name"]
        assert source.name == system["source"]["name"]
        assert system["states"] or system.get("nationwide"), system["name"]
        assert set(system["states"]) <= STATE_CODES, system["name"]
        # where the endpoint was found: a public file at a fixed commit
        for url in [system["found_at"], *system.get("also_found_at", [])]:
            assert re.match(r"^https://github\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/\S+$", url), (system["name"], url)
    assert len({s["name"].casefold() for s in systems}) == len(systems)


def test_catalogue_has_no_va_medical_centres() -> None:
    """USAJOBS covers the VA; the catalogue is for everyone else."""
    for system in raw_systems():
        assert not re.search(r"\bVA\b|Veterans", system["name"]), system["name"]


def test_check_passes_on_the_shipped_catalogue() -> None:
    result = run("sources", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: ") and "systems" in result.stdout
    data = json.loads(run("sources", "check", "--json").stdout)
    assert data["ok"] is True and data["systems"] == len(raw_systems())
    assert set(data["by_type"]) >= {"workday", "oracle", "icims"}


# --- list ---------------------------------------------------------------------------------


def test_list_state_keeps_that_state_and_nationwide_employers() -> None:
    rows = json.loads(run("sources", "list", "--state", "oh", "--json").stdout)
    assert rows and all("OH" in r["states"] or r["nationwide"] for r in rows)
    ids = {r["id"] for r in rows}
    assert "cleveland-clinic" in ids and "sharp-healthcare" not in ids
    assert any(r["nationwide"] for r in rows) and any(not r["nationwide"] for r in rows)


def test_list_type_and_state_combine() -> None:
    everything = json.loads(run("sources", "list", "--json").stdout)
    workday = json.loads(run("sources", "list", "--type", "workday", "--json").stdout)
    assert workday and all(r["type"] == "workday" for r in workday)
    assert len(workday) == sum(1 for r in everything if r["type"] == "workday") < len(everything)
    both = json.loads(run("sources", "list", "--type", "oracle", "--state", "TX", "--json").stdout)
    assert both and all(r["type"] == "oracle" and ("TX" in r["states"] or r["nationwide"]) for r in both)
    assert "baylor-scott-white" in {r["id"] for r in both}


def test_list_text_reads_at_80_columns_and_shows_endpoints() -> None:
    result = run("sources", "list", "--state", "OH")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Cleveland Clinic (cleveland-clinic) · OH FL NV · workday" in lines
    assert "  https://ccf.wd1.myworkdayjobs.com/ClevelandClinicCareers" in lines
    for line in lines:  # only a bare URL, which cannot be broken, may be longer
        assert len(line) <= 80 or re.fullmatch(r"  https://\S+", line), line


def test_list_rejects_an_unknown_state_or_type() -> None:
    assert run("sources", "list", "--state", "XX").exit_code == 2
    result = run("sources", "list", "--type", "taleo")
    assert result.exit_code == 2 and "taleo" in result.output


# --- add ----------------------------------------------------------------------------------


def test_add_creates_a_valid_file_with_a_crawl_template(tmp_path: Path) -> None:
    target = tmp_path / "mrtjobs" / "sources.toml"
    result = run("sources", "add", "cleveland-clinic", "Mayo Clinic", "carle-health", "one-medical",
                 "--to", str(target), "--contact", "me@example.org")
    assert result.exit_code == 0, result.output
    assert "Created" in result.stdout and result.stdout.count("Added ") == 4
    config = load_config(target)  # the written file is a sources file the crawl accepts
    assert config.http.user_agent == "mrtjobs/0.1 (job search; me@example.org)"
    by_name = {s.name: s for s in config.sources}
    assert [s.type for s in config.sources] == ["workday", "oracle", "icims", "greenhouse"]
    assert by_name["cleveland-clinic"].options["tenant"] == "ccf"
    assert by_name["cleveland-clinic"].options["search_text"] == "health information"
    assert by_name["mayo-clinic"].options["keyword"] == "health information"
    assert "keyword" not in by_name["one-medical"].options  # Greenhouse has no search
    written = tomllib.loads(target.read_text(encoding="utf-8"))["sources"]
    catalogue = {s["source"]["name"]: s["source"] for s in raw_systems()}
    for entry in written:  # exactly the catalogue's source table, plus the search words
        extra = {k: v for k, v in entry.items() if k not in catalogue[entry["name"]]}
        assert {k: v for k, v in entry.items() if k in catalogue[entry["name"]]} == catalogue[entry["name"]]
        assert set(extra) <= {"search_text", "keyword", "query"}


def test_add_without_contact_says_to_set_one(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    result = run("sources", "add", "vumc", "--to", str(target), "--search", "")
    assert result.exit_code == 0
    assert "user_agent" in result.stderr
    (entry,) = tomllib.loads(target.read_text(encoding="utf-8"))["sources"]
    assert "search_text" not in entry  # --search '' keeps the whole listing
    assert load_config(target).sources[0].options["search_text"] == ""


def test_add_keeps_an_existing_file_and_its_comments(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    original = (
        "# my own notes: keep me\n"
        "[crawl]\n"
        "user_agent = 'mrtjobs (me@example.org)'  # who I am\n"
        "per_host_interval = 2.0\n"
        "\n"
        "[[sources]]\n"
        "# the federal ones\n"
        "type = 'usajobs'\n"
        "email = 'me@example.org'\n"
        "location = 'Ohio'"  # no newline at the end
    )
    target.write_text(original, encoding="utf-8")
    result = run("sources", "add", "ohio-state", "trihealth", "--to", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(original + "\n")
    config = load_config(target)
    assert [s.type for s in config.sources] == ["usajobs", "workday", "oracle"]
    assert config.http.per_host_interval == 2.0
    assert "# Ohio State" not in text and "# The Ohio State University" in text  # a commented entry


def test_add_does_not_duplicate_an_entry_already_in_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    assert run("sources", "add", "cleveland-clinic", "--to", str(target), "--contact", "me@example.org").exit_code == 0
    before = target.read_bytes()
    result = run("sources", "add", "cleveland-clinic", "Cleveland Clinic", "--to", str(target))
    assert result.exit_code == 0
    assert "Skipped cleveland-clinic: already in the file" in result.stdout
    assert target.read_bytes() == before  # nothing new, nothing written


def test_add_recognises_the_same_endpoint_under_another_name(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    target.write_text(
        "[crawl]\nuser_agent = 'x (me@example.org)'\n\n[[sources]]\nname = 'my-cc'\ntype = 'workday'\n"
        "base_url = 'https://CCF.wd1.myworkdayjobs.com/'\ntenant = 'ccf'\nsite = 'clevelandcliniccareers'\n",
        encoding="utf-8",
    )
    before = target.read_bytes()
    result = run("sources", "add", "cleveland-clinic", "--to", str(target))
    assert result.exit_code == 0
    assert "Skipped cleveland-clinic: already in the file (as 'my-cc')" in result.stdout
    assert target.read_bytes() == before


def test_add_refuses_an_unknown_name_and_suggests_one(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    result = run("sources", "add", "vumc", "clevland clinic", "--to", str(target))
    assert result.exit_code == 1
    assert "'clevland clinic' is not in the catalogue; did you mean 'cleveland-clinic'" in result.stderr
    assert not target.exists()  # all or nothing: the known name was not added either


def test_add_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    target.write_text("[crawl\nuser_agent = \n", encoding="utf-8")
    result = run("sources", "add", "vumc", "--to", str(target))
    assert result.exit_code == 1
    assert f"Error: {target}: invalid TOML" in result.stderr and "nothing was added" in result.stderr
    assert target.read_text(encoding="utf-8") == "[crawl\nuser_agent = \n"


# --- check --------------------------------------------------------------------------------


def _broken_catalogue(tmp_path: Path) -> tuple[Path, str]:
    text = CATALOGUE.read_text(encoding="utf-8")
    text = text.replace('tenant = "ccf"\n', "", 1)  # Cleveland Clinic's workday source loses its tenant
    text = text.replace('states = ["TN"]\nkind = "academic_medical_center"', 'states = ["TN", "XY"]\nkind = "academic_medical_center"', 1)
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_check_reports_each_broken_entry_with_its_line(tmp_path: Path) -> None:
    path, text = _broken_catalogue(tmp_path)
    lines = text.splitlines()
    cc = lines.index('name = "cleveland-clinic"')  # 0-based line of the source's name key
    source_header = max(i for i in range(cc) if lines[i] == "[systems.source]") + 1
    xy = next(i for i, line in enumerate(lines, 1) if '"XY"' in line)
    result = run("sources", "check", "--catalogue", str(path))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"Error: {path}:{source_header}: systems #") or errors[1].startswith(
        f"Error: {path}:{source_header}: systems #")
    tenant = next(e for e in errors if "tenant" in e)
    assert "(Cleveland Clinic): [systems.source]: key 'tenant' is required for type 'workday'" in tenant
    state = next(e for e in errors if "XY" in e)
    assert state.startswith(f"Error: {path}:{xy}: ") and "is not a USPS state code" in state
    # list and add refuse a broken catalogue with the first problem and a pointer to check
    listing = run("sources", "list", "--catalogue", str(path))
    assert listing.exit_code == 1 and "sources check" in listing.stderr


def test_check_a_sources_file_lists_every_problem(tmp_path: Path) -> None:
    target = tmp_path / "sources.toml"
    target.write_text(
        "[crawl]\nuser_agent = 'x (me@example.org)'\n"
        "\n[[sources]]\ntype = 'greenhouse'\nboard = 'ok'\n"
        "\n[[sources]]\ntype = 'oracle'\nbase_url = 'https://x.fa.us2.oraclecloud.com'\n"
        "\n[[sources]]\ntype = 'workday'\nbase_url = 'https://x.wd1.myworkdayjobs.com'\ntenant = 'x'\nsite = 'S'\n"
        "sitee = 'typo'\n",
        encoding="utf-8",
    )
    result = run("sources", "check", str(target))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        f"Error: {target}:8: sources #2: key 'site_number' is required for type 'oracle'",
        f"Error: {target}:17: sources #3: key 'sitee' is not known for type 'workday' "
        "(known: type, name, base_url, employer, tenant, site, search_text)",
    ]
    target.write_text("[crawl]\nuser_agent = 'x (me@example.org)'\n[[sources]]\ntype = 'lever'\nsite = 'a'\n")
    ok = run("sources", "check", str(target))
    assert ok.exit_code == 0 and ok.stdout.startswith(f"OK: {target}: 1 sources (1 lever)")


# --- a catalogue entry that no longer answers --------------------------------------------


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_crawl_of_an_entry_that_no_longer_answers_is_that_sources_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(crawl_cmd, "_setup", lambda paths: (None, FakeExtractor()))
    target = tmp_path / "sources.toml"
    assert run("sources", "add", "cleveland-clinic", "mayo-clinic", "carle-health", "--to", str(target),
               "--contact", "ops@example.org").exit_code == 0
    dead = f"http://127.0.0.1:{_dead_port()}"
    text = re.sub(r'base_url = "https://[^"]+"', f'base_url = "{dead}"', target.read_text(encoding="utf-8"))
    text = text.replace("timeout = 30", "timeout = 5\nmax_retries = 0\nper_host_interval = 0")
    text = text.replace("per_host_interval = 1.0\n", "")
    target.write_text(text, encoding="utf-8")
    assert run("sources", "check", str(target)).exit_code == 0
    result = run("crawl", "--sources", str(target), "--db", str(tmp_path / "jobs.db"), "--quiet")
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    for feed in ("cleveland-clinic", "mayo-clinic", "carle-health"):
        line = next((e for e in errors if e.startswith(f"Error: {feed}: ")), None)
        assert line is not None, (feed, errors)
        assert dead in line  # the URL that did not answer
