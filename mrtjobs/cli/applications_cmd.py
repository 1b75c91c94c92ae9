"""`mrtjobs mark STATUS UID...` and `mrtjobs applications`: keeping track of what you applied to.

Also the --status / --all-statuses options that `rank` takes (defined here, used by match_cmd).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from mrtjobs.cli.common import DbOption, JsonOption, QuietOption, console, open_db, print_json
from mrtjobs.errors import AppError


# The statuses of mrtjobs/storage/applications.py STATUSES, spelled out here so that
# `mrtjobs --help` does not load the storage package (a test keeps the two equal).
_STATUSES = ("saved", "applied", "interviewing", "offer", "rejected", "hidden")
StatusChoice = Enum("StatusChoice", {s: s for s in _STATUSES}, type=str)
MarkChoice = Enum("MarkChoice", {s: s for s in (*_STATUSES, "clear")}, type=str)


StatusFilterOption = Annotated[
    list[StatusChoice] | None,
    typer.Option("--status", help="Only postings you marked with this status (repeatable; see `mrtjobs mark`).",
                 show_default=False),
]
AllStatusesOption = Annotated[
    bool, typer.Option("--all-statuses", help="Also show postings you marked hidden or rejected.")
]

MARK_HELP = """Record what you did about postings: saved, applied, interviewing, offer, rejected or hidden.

`mrtjobs mark clear UID...` removes the status. The status is yours: no crawl, import or
re-extraction changes it, every change is kept with its date (see `mrtjobs applications
--history`), and a closed posting you marked stays listed. `rank` shows the status, leaves
out hidden and rejected postings unless you pass --all-statuses, and `rank --status applied`
lists only those. UID is as `rank` shows it; an unambiguous prefix is enough.

Example: mrtjobs mark applied lever:J0001 --note "applied online, ref 4471"
"""

APPLICATIONS_HELP = """List the postings you marked, furthest along first, with the dates.

Hidden postings are left out unless you ask (--all-statuses or --status hidden).

Example: mrtjobs applications --status applied --status interviewing --history
"""


def register(app: typer.Typer) -> None:
    app.command("mark", help=MARK_HELP)(mark_command)
    app.command("applications", help=APPLICATIONS_HELP)(applications_command)


def mark_command(
    status: Annotated[MarkChoice, typer.Argument(help="saved, applied, interviewing, offer, rejected, hidden or clear.",
                                                 metavar="STATUS", show_default=False)],
    uids: Annotated[list[str], typer.Argument(help="Posting uid(s) as shown by `rank` (a unique prefix is enough).",
                                              metavar="UID", show_default=False)],
    note: Annotated[str | None, typer.Option("--note", help="A note kept with this change (a reference number, a contact).",
                                             show_default=False)] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    with open_db(db) as store:
        resolved = [_resolve(store, uid, allow_marked=status is MarkChoice["clear"]) for uid in uids]
        before = store.application_statuses()
        if status is MarkChoice["clear"]:
            changed = set(store.clear_marks(resolved, note=note))
        else:
            changed = set(store.mark(resolved, status.value, note=note))
        rows = {r["uid"]: r for r in store.applications()}
        titles = {uid: _title_of(store, uid) for uid in resolved}
    report = []
    for uid in dict.fromkeys(resolved):
        now = rows[uid]["status"] if uid in rows else None
        report.append({"uid": uid, "status": now, "previous": before.get(uid), "changed": uid in changed,
                       "title": titles[uid]})
    if json_out:
        print_json(report)
        return
    if quiet:
        return
    for r in report:
        if status is MarkChoice["clear"]:
            what = f"cleared (was {r['previous']})" if r["changed"] else "had no status"
        elif not r["changed"]:
            what = f"already {r['status']}"
        else:
            what = r["status"] + (f" (was {r['previous']})" if r["previous"] else "")
        console.print(f"{r['uid']}: {what} - {r['title']}", highlight=False, markup=False, soft_wrap=True)


def _resolve(store, given: str, *, allow_marked: bool) -> str:
    """A full uid from what the user typed: the uid itself or a prefix matching one posting."""
    uids = store.find_uids(given)
    if allow_marked:  # a status may outlive its posting's row; clearing it must still work
        uids = sorted(set(uids) | {u for u in store.application_statuses() if u == given or u.startswith(given)})
    if given in uids:
        return given
    if not uids:
        raise AppError(f"no posting with uid {given!r} (see `mrtjobs rank` or `mrtjobs search`)")
    if len(uids) > 1:
        raise AppError(f"uid {given!r} is ambiguous: {', '.join(uids[:5])}{' ...' if len(uids) > 5 else ''}")
    return uids[0]


def _title_of(store, uid: str) -> str:
    row = store.posting_row(uid)
    if row is None:
        return "(posting no longer stored)"
    return " - ".join(x for x in (row["title"], row["employer"]) if x)


def applications_command(
    status: StatusFilterOption = None,
    all_statuses: AllStatusesOption = False,
    history: Annotated[bool, typer.Option("--history", help="Show every status change under each posting.")] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    from mrtjobs.applications import PIPELINE_ORDER

    with open_db(db) as store:
        rows = store.applications([s.value for s in status] if status else None)
        changes = store.application_history([r["uid"] for r in rows]) if rows else {}
    hidden = 0
    if not status and not all_statuses:
        hidden = sum(1 for r in rows if r["status"] == "hidden")
        rows = [r for r in rows if r["status"] != "hidden"]
    order = {s: i for i, s in enumerate(PIPELINE_ORDER)}
    rows.sort(key=lambda r: order.get(r["status"], len(order)))  # stable: newest mark first within a status
    if json_out:
        print_json([{**r, "history": changes.get(r["uid"], [])} for r in rows])
        return
    if not rows:
        console.print("No marked postings" + (" with that status" if status else "")
                      + ". Mark one with `mrtjobs mark applied UID`.", highlight=False, markup=False)
    for r in rows:
        _print_application(r, changes.get(r["uid"], []) if history else [])
    if hidden:
        console.print(f"({hidden} hidden posting(s) not shown; --all-statuses shows them)", highlight=False, markup=False)


def _print_application(r: dict, history: list[dict]) -> None:
    """Plain lines (no table): they read the same at 80 columns, in a pipe and in mail."""
    since = _day(r["marked_at"])
    first = _day(r["first_marked_at"])
    dates = f"since {since}" + (f", first marked {first}" if first != since else "")
    closed = f"  [closed {_day(r['closed_at'])}]" if r.get("closed_at") else ""
    title = " - ".join(x for x in (r.get("title"), r.get("employer")) if x) or "(posting no longer stored)"
    out = [f"{r['status']:<12} {title}{closed}", f"{'':12} {dates}; {r['uid']}"]
    if r.get("url"):
        out.append(f"{'':12} {r['url']}")
    if r.get("note"):
        out.append(f"{'':12} note: {r['note']}")
    for h in history:
        out.append(f"{'':12}   {_day(h['at'])} {h['status']}" + (f": {h['note']}" if h.get("note") else ""))
    for line in out:
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]
