"""Cross-source duplicates: the same job on two feeds is one; two openings stay two."""

from __future__ import annotations

from mrtjobs.dedup import changes, find_duplicates, location_tokens, normalize_employer

TEXT = (
    "Saint Aldric Health is hiring a medical records technician for the Toledo campus. You will "
    "assemble and analyze discharged charts, track deficiencies, scan and index loose documents, "
    "and answer release of information requests from patients and insurers. An RHIT credential "
    "or eligibility is preferred and two years of hospital records experience is required."
)


def row(uid, feed, *, employer="Saint Aldric Health", title="Medical Records Technician",
        location="Toledo, OH", state="OH", text=TEXT, first_seen="2026-11-01", duplicate_of=None):
    return {"uid": uid, "feed": feed, "employer": employer, "title": title, "location": location,
            "state": state, "description_text": text, "first_seen": first_seen, "duplicate_of": duplicate_of}


def test_same_job_on_two_feeds_points_to_the_earliest():
    rows = [
        row("jsonld:9", "careers", first_seen="2026-11-03", location="Toledo, Ohio",
            text="Join our team! " + TEXT + " Saint Aldric is an equal opportunity employer."),
        row("workday:R1", "workday", first_seen="2026-11-01", employer="Saint Aldric Health, Inc."),
    ]
    assert find_duplicates(rows) == {"workday:R1": None, "jsonld:9": "workday:R1"}


def test_same_title_at_two_hospitals_stays_two():
    rows = [row("a:1", "a"), row("b:1", "b", employer="Mercy Valley Hospital")]
    assert find_duplicates(rows) == {"a:1": None, "b:1": None}


def test_same_employer_two_campuses_stays_two():
    rows = [row("a:1", "a"), row("b:1", "b", location="Columbus, OH")]
    assert set(find_duplicates(rows).values()) == {None}


def test_two_openings_on_one_feed_stay_two():
    rows = [row("a:1", "a"), row("a:2", "a")]
    assert set(find_duplicates(rows).values()) == {None}


def test_different_text_is_not_a_duplicate():
    other = ("Night shift position covering the emergency department registration desk, verifying insurance, "
             "collecting copays and scheduling follow-up visits for discharged patients in our clinics.")
    rows = [row("a:1", "a"), row("b:1", "b", text=other)]
    assert set(find_duplicates(rows).values()) == {None}


def test_missing_employer_is_never_deduplicated():
    rows = [row("a:1", "a", employer=None), row("b:1", "b", employer=None)]
    assert set(find_duplicates(rows).values()) == {None}


def test_location_forms_agree():
    assert location_tokens("Toledo, Ohio") == location_tokens("Toledo, OH") == location_tokens("USA OH Toledo")
    assert normalize_employer("The Saint Aldric Health Co.") == normalize_employer("saint aldric health")


def test_changes_only_reports_what_differs():
    rows = [row("a:1", "a"), row("b:1", "b", first_seen="2026-11-05", duplicate_of="a:1"),
            row("c:1", "c", first_seen="2026-11-06", duplicate_of="gone:1")]
    assert changes(rows) == {"c:1": "a:1"}
    # The canonical copy closed (not among open rows): the survivor stands alone again.
    assert changes([rows[1]]) == {"b:1": None}
