"""Bad taxonomy data fails loudly, and the error names the file and line to fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skills_taxonomy import TaxonomyError, load_taxonomy
from skills_taxonomy.taxonomy import DATA_DIR


def write_jsonl(path: Path, *rows: dict | str) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def entry(id: str, label: str | None = None, **fields) -> dict:
    kind = fields.pop("kind", "domain_knowledge")
    return {"id": id, "label": label or id.split(".", 1)[1].replace("_", " "), "kind": kind, **fields}


def load_error(*paths: Path, data_dir: Path | None = None) -> TaxonomyError:
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(list(paths), data_dir=data_dir)
    return info.value


def assert_points_at(err: TaxonomyError, path: Path, line: int, *words: str) -> None:
    assert str(err).startswith(f"{path}:{line}: "), str(err)
    assert err.file == str(path) and err.line == line
    for word in words:
        assert word in str(err), (word, str(err))


def test_duplicate_id_within_an_extra_file(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.widget_a"), entry("dk.widget_b"), entry("dk.widget_a", "again"))
    assert_points_at(load_error(p), p, 3, "duplicate id", "dk.widget_a", f"{p}:1")


def test_duplicate_of_a_shipped_id(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("cert.rhit", "my RHIT", kind="certification"))
    err = load_error(p)
    assert_points_at(err, p, 1, "duplicate id", "cert.rhit", "certifications.jsonl")


def test_alias_claimed_by_two_ids(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.chart_prepping", aliases=["chart prep"]),
        "",
        entry("dk.chart_preparation", aliases=["Chart-Prep"]),  # same after case/punctuation folding
    )
    assert_points_at(load_error(p), p, 3, "alias", "Chart-Prep", "dk.chart_prepping", "ambiguous")


def test_alias_claimed_from_a_shipped_entry(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("sw.my_ehr", kind="software", aliases=["Oracle Health"]))
    assert_points_at(load_error(p), p, 1, "Oracle Health", "sw.oracle_health")


def test_alias_may_be_shared_when_both_owners_declare_it(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.night_audit", aliases=["night audit"], ambiguous=True),
        entry("dk.night_audit_report", aliases=["night audit"], ambiguous=True),
    )
    tax = load_taxonomy([p])
    assert tax.resolve("night audit") is None
    assert {e.id for e in tax.resolve_all("Night Audit")} == {"dk.night_audit", "dk.night_audit_report"}


def test_one_sided_ambiguity_is_not_enough(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.night_audit", aliases=["night audit"], ambiguous=True),
        entry("dk.night_audit_report", aliases=["night audit"]),
    )
    assert_points_at(load_error(p), p, 2, "night audit")


def test_alias_colliding_with_another_entrys_acronym(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.return_on_investment", aliases=["roi"]))
    assert_points_at(load_error(p), p, 1, "acronym", "dk.release_of_information")


def test_acronyms_differing_in_case_coexist(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.rhit_lowercase_thing", acronyms=["Rhit"]))
    tax = load_taxonomy([p])
    assert tax.resolve("Rhit").id == "dk.rhit_lowercase_thing"
    assert tax.resolve("RHIT").id == "cert.rhit"


@pytest.mark.parametrize("text", ["E&amp;M coding", "Coder&nbsp;II", "caf&#233;", "x&#x27;s"])
def test_html_entity_is_rejected(tmp_path: Path, text: str) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.ok_one"), entry("dk.bad_one", aliases=[text]))
    assert_points_at(load_error(p), p, 2, "HTML entity")


def test_plain_ampersand_is_fine(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.ok_one", aliases=["scanning & prepping; indexing"]))
    assert load_taxonomy([p]).resolve("scanning & prepping; indexing").id == "dk.ok_one"


@pytest.mark.parametrize("relation", ["parent", "equivalent", "implies"])
def test_missing_relation_target(tmp_path: Path, relation: str) -> None:
    value = "dk.nowhere" if relation == "parent" else ["dk.nowhere"]
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.first"), entry("dk.second", **{relation: value}))
    assert_points_at(load_error(p), p, 2, relation, "dk.nowhere", "does not exist")


def test_parent_cycle(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.loop_a", parent="dk.loop_b"),
        entry("dk.loop_b", parent="dk.loop_c"),
        entry("dk.loop_c", parent="dk.loop_a"),
    )
    err = load_error(p)
    assert err.file == str(p) and err.line in (1, 2, 3)
    assert str(err).startswith(f"{p}:{err.line}: parent cycle: ")
    for id_ in ("dk.loop_a", "dk.loop_b", "dk.loop_c"):
        assert id_ in str(err)


def test_implies_cycle(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.loop_start", implies=["dk.loop_end"]),
        entry("dk.loop_end", implies=["dk.loop_start"]),
    )
    err = load_error(p)
    assert str(err).startswith(f"{p}:"), str(err)
    assert "implies cycle" in str(err)


def test_self_reference_is_reported(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.selfish", implies=["dk.selfish"]))
    assert_points_at(load_error(p), p, 1, "itself")


def test_implies_chain_without_cycle_is_fine(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "mine.jsonl",
        entry("dk.step_one", implies=["dk.step_two", "dk.step_three"]),
        entry("dk.step_two", implies=["dk.step_three"]),
        entry("dk.step_three", implies=["cert.rhit"]),
    )
    tax = load_taxonomy([p])
    assert {"dk.step_two", "dk.step_three", "cert.rhit", "dk.him"} <= tax.covered_by("dk.step_one")


@pytest.mark.parametrize(
    "row, words",
    [
        (entry("dk.thing", colour="blue"), ["unknown field", "colour"]),
        (entry("dk.thing", kind="skill"), ["unknown kind", "skill"]),
        (entry("sw.thing"), ["prefix", "sw"]),
        (entry("dk.thing", tiers=["expert"]), ["unknown tier", "expert"]),
        (entry("dk.thing", aliases="one alias"), ["aliases", "list"]),
        (entry("dk.thing", context=["records"]), ["context", "acronyms"]),
        (entry("cert.thing", kind="certification", code="THG"), ["issuer"]),
        (entry("dk.thing", ambiguous="yes"), ["ambiguous"]),
        ({"id": "dk.thing", "kind": "domain_knowledge"}, ["label"]),
        (entry("Bad Id", "bad"), ["bad id"]),
        ('{"id": "dk.thing", "label": "x", ', ["invalid JSON"]),
        ("[1, 2]", ["JSON object"]),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, row, words) -> None:
    p = write_jsonl(tmp_path / "mine.jsonl", entry("dk.fine_entry"), row)
    assert_points_at(load_error(p), p, 2, *words)


def test_missing_extra_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    err = load_error(missing)
    assert str(err).startswith(f"{missing}: ")


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_skill_map_item_pointing_nowhere(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    skill_map = data / "skill_map.jsonl"
    n = len(skill_map.read_text().splitlines())
    with skill_map.open("a") as fh:
        fh.write(json.dumps({"list": "tech_skills", "text": "Juggling", "ids": ["soft.juggling"]}) + "\n")
    assert_points_at(load_error(data_dir=data), skill_map, n + 1, "soft.juggling")


def test_skill_map_tier_must_be_on_the_entry(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    skill_map = data / "skill_map.jsonl"
    n = len(skill_map.read_text().splitlines())
    with skill_map.open("a") as fh:
        fh.write(json.dumps({"list": "foundational_skills", "text": "Pharmacology", "ids": ["dk.pharmacology"]}) + "\n")
    assert_points_at(load_error(data_dir=data), skill_map, n + 1, "foundational", "dk.pharmacology")
