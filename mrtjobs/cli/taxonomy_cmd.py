"""`mrtjobs taxonomy check|show|stats`: look inside the skills taxonomy and validate additions.

Thin on purpose: options -> ``skills_taxonomy.load_taxonomy`` -> a table or JSON.
A ``TaxonomyError`` (bad data, unknown name) propagates to the app's error boundary,
which prints ``Error: FILE:LINE: ...`` and exits 1.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

import typer
from rich.table import Table

from mrtjobs.cli.common import JsonOption, TaxonomyOption, console, print_json, taxonomy_paths
from skills_taxonomy.taxonomy import KINDS, SKILL_LISTS, TIERS, Entry, Taxonomy, TaxonomyError, load_taxonomy

taxonomy_app = typer.Typer(
    help=(
        "Inspect and validate the skills taxonomy (coding systems, certifications, software, "
        "regulations, domain knowledge, soft skills) and your own additions to it."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(taxonomy_app, name="taxonomy")


def _load(extra: list | None) -> Taxonomy:
    return load_taxonomy(taxonomy_paths(extra))


@taxonomy_app.command(
    "check",
    help=(
        "Validate the shipped taxonomy plus any extra files (--taxonomy / $MRTJOBS_TAXONOMY): unique ids, "
        "no alias owned twice, no HTML entities, relation targets exist, no parent/implies cycles. "
        "Errors name FILE:LINE."
    ),
)
def check_cmd(taxonomy: TaxonomyOption = None, json_out: JsonOption = False) -> None:
    paths = taxonomy_paths(taxonomy)
    tax = load_taxonomy(paths)
    summary = {
        "ok": True,
        "entries": len(tax.entries),
        "skill_map_items": len(tax.skill_map),
        "version": tax.version,
        "extra_files": [str(p) for p in paths],
    }
    if json_out:
        print_json(summary)
        return
    extra = f" (+{len(paths)} extra file(s))" if paths else ""
    console.print(
        f"OK: {summary['entries']} entries, {summary['skill_map_items']} skill-map items{extra}, "
        f"version {tax.version}",
        highlight=False,
    )


def entry_details(tax: Taxonomy, entry: Entry) -> dict[str, Any]:
    """Everything `show` reports about one entry, as plain data (also the --json shape)."""
    return {
        "id": entry.id,
        "label": entry.label,
        "kind": entry.kind,
        "tiers": list(entry.tiers),
        "aliases": list(entry.aliases),
        "acronyms": list(entry.acronyms),
        "context": list(entry.context),
        "code": entry.code,
        "issuer": entry.issuer,
        "prerequisites": entry.prerequisites,
        "parent": entry.parent,
        "ancestors": list(tax.ancestors(entry.id)),
        "children": list(tax.children(entry.id)),
        "equivalent": sorted(tax.equivalents(entry.id) - {entry.id}),
        "implies": list(entry.implies),
        "covers": sorted(tax.covered_by(entry.id) - {entry.id}),
        "skill_map": [
            {"list": item.list_name, "tier": item.tier, "text": item.text} for item in tax.skill_map_items(entry.id)
        ],
        "ambiguous": entry.ambiguous,
        "notes": entry.notes,
        "defined_at": f"{entry.file}:{entry.line}",
    }


def _find(tax: Taxonomy, name: str) -> Entry:
    found = tax.resolve_all(name)
    if not found:
        raise TaxonomyError(f"no taxonomy entry matches {name!r} (try an id such as 'cert.rhit', a label or an alias)")
    if len(found) > 1:
        raise TaxonomyError(f"{name!r} is ambiguous: {', '.join(e.id for e in found)}; give an id or exact acronym")
    return found[0]


@taxonomy_app.command(
    "show",
    help=(
        "Show one entry, found by id, label, alias or acronym (case and punctuation do not matter, "
        "so 'R.H.I.T.' finds RHIT): its tier(s), aliases, parent and children, equivalents, what it "
        "implies and the skill-map bullets that point to it."
    ),
)
def show_cmd(
    name: Annotated[str, typer.Argument(help="An id (cert.rhit), label, alias or acronym.", metavar="ID|ALIAS")],
    taxonomy: TaxonomyOption = None,
    json_out: JsonOption = False,
) -> None:
    tax = _load(taxonomy)
    details = entry_details(tax, _find(tax, name))
    if json_out:
        print_json(details)
        return
    table = Table(title=f"{details['label']} ({details['id']})", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key in (
        "kind", "tiers", "code", "issuer", "prerequisites", "aliases", "acronyms", "context", "parent",
        "ancestors", "children", "equivalent", "implies", "covers", "notes", "defined_at",
    ):
        value = details[key]
        if value in (None, [], ""):
            continue
        table.add_row(key.replace("_", " "), ", ".join(value) if isinstance(value, list) else str(value))
    for item in details["skill_map"]:
        where = item["list"] + (f" [{item['tier']}]" if item["tier"] else "")
        table.add_row("skill map", f"{where}: {item['text']}")
    console.print(table)


def stats_data(tax: Taxonomy) -> dict[str, Any]:
    """Counts by kind, by tier and per skill-map list (the `stats` --json shape)."""
    kinds = Counter(e.kind for e in tax.entries.values())
    tiers = Counter(t for e in tax.entries.values() for t in e.tiers)
    lists = Counter(item.list_name for item in tax.skill_map)
    return {
        "version": tax.version,
        "entries": len(tax.entries),
        "by_kind": {k: kinds.get(k, 0) for k in KINDS},
        "by_tier": {t: tiers.get(t, 0) for t in TIERS},
        "untiered": sum(1 for e in tax.entries.values() if not e.tiers),
        "skill_map": {name: lists.get(name, 0) for name in SKILL_LISTS},
        "aliases": sum(len(e.aliases) for e in tax.entries.values()),
        "acronyms": sum(len(e.acronyms) for e in tax.entries.values()),
    }


@taxonomy_app.command("stats", help="Count entries by kind and by skill-map tier, plus aliases and skill-map bullets.")
def stats_cmd(taxonomy: TaxonomyOption = None, json_out: JsonOption = False) -> None:
    data = stats_data(_load(taxonomy))
    if json_out:
        print_json(data)
        return
    for title, counts in (("Kind", data["by_kind"]), ("Tier", data["by_tier"]), ("Skill-map list", data["skill_map"])):
        table = Table(title_justify="left")
        table.add_column(title)
        table.add_column("Count", justify="right")
        for key, count in counts.items():
            table.add_row(key, str(count))
        if title == "Tier":
            table.add_row("(no tier)", str(data["untiered"]))
        console.print(table)
    console.print(
        f"{data['entries']} entries, {data['aliases']} aliases, {data['acronyms']} acronyms; "
        f"version {data['version']}",
        highlight=False,
    )
