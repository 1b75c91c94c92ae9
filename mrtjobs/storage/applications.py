"""The applications and application_history tables: what the user did about a posting.

Why apart from ``postings``: a status is the user's own data. Crawls rewrite, close and
reopen postings, imports replay old files, extraction replaces skills; none of them may
ever change "applied". So statuses live in their own tables, written only here, keyed by
uid with no foreign key, and every change (including clearing) is appended to the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from mrtjobs.storage.errors import StorageError
from mrtjobs.storage.runs import utc_now

STATUSES = ("saved", "applied", "interviewing", "offer", "rejected", "hidden")
CLEARED = "cleared"  # the history's word for `mark clear`


class Applications:
    """Mixed into Store."""

    db: Database

    def mark(
        self, uids: Iterable[str], status: str, *, note: str | None = None, now: str | None = None
    ) -> list[str]:
        """Set ``status`` on each uid, in one transaction; returns the uids whose status or note changed.

        Marking the same status again keeps the date it was first set (and the note, unless a
        new one is given); only a change is written to the history.
        """
        if status not in STATUSES:
            raise StorageError(f"unknown application status {status!r} (expected one of {', '.join(STATUSES)})")
        now = now or utc_now()
        changed: list[str] = []
        with self.db.atomic():
            for uid in dict.fromkeys(uids):
                old = self._application(uid)
                if old is not None and old["status"] == status and (note is None or note == old["note"]):
                    continue
                if old is None:
                    self.db["applications"].insert(
                        {"uid": uid, "status": status, "note": note, "marked_at": now, "first_marked_at": now})
                else:
                    same = old["status"] == status
                    self.db["applications"].update(uid, {
                        "status": status,
                        "note": note if note is not None or not same else old["note"],
                        "marked_at": old["marked_at"] if same else now,
                    })
                self.db["application_history"].insert({"uid": uid, "status": status, "note": note, "at": now})
                changed.append(uid)
        return changed

    def clear_marks(self, uids: Iterable[str], *, note: str | None = None, now: str | None = None) -> list[str]:
        """Remove the status of each uid (the history keeps a "cleared" line); returns those that had one."""
        now = now or utc_now()
        cleared: list[str] = []
        with self.db.atomic():
            for uid in dict.fromkeys(uids):
                if self._application(uid) is None:
                    continue
                self.db.execute("DELETE FROM applications WHERE uid = ?", [uid])
                self.db["application_history"].insert({"uid": uid, "status": CLEARED, "note": note, "at": now})
                cleared.append(uid)
        return cleared

    def _application(self, uid: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM applications WHERE uid = ?", [uid]))
        return rows[0] if rows else None

    def application_statuses(self) -> dict[str, str]:
        """{uid: status} for every posting the user marked (the report and `rank` read this)."""
        return {uid: status for uid, status in self.db.execute("SELECT uid, status FROM applications")}

    def applications(self, statuses: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Marked postings with their status, note, dates and the posting's title, employer,
        place, URL and closed date (None when the posting row is missing); newest mark first."""
        wanted = list(statuses) if statuses is not None else None
        where = ""
        params: list[Any] = []
        if wanted is not None:
            where = f"WHERE a.status IN ({','.join('?' for _ in wanted)})" if wanted else "WHERE 0"
            params = wanted
        return list(self.db.query(
            "SELECT a.uid, a.status, a.note, a.marked_at, a.first_marked_at, p.title, p.employer, p.location, "
            "p.state, p.url, p.closed_at, p.duplicate_of, p.first_seen FROM applications a LEFT JOIN postings p ON p.uid = a.uid "
            f"{where} ORDER BY a.marked_at DESC, a.uid", params))

    def application_history(self, uids: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """uid -> its status changes, oldest first."""
        out: dict[str, list[dict[str, Any]]] = {}
        if uids is None:
            rows = self.db.query("SELECT uid, status, note, at FROM application_history ORDER BY id")
        else:
            wanted = list(uids)
            rows = self.db.query(
                "SELECT uid, status, note, at FROM application_history WHERE uid IN (SELECT value FROM json_each(?)) "
                "ORDER BY id", [_json_list(wanted)])
        for row in rows:
            out.setdefault(row["uid"], []).append({"status": row["status"], "note": row["note"], "at": row["at"]})
        return out


def _json_list(items: list[str]) -> str:
    import json

    return json.dumps(items)
