"""JSON-LD JobPosting on career pages -> Postings, one broken-page habit per fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import jsonld
from scraper.sources._normalize import short_hash

FIXTURES = Path(__file__).parent / "fixtures" / "jsonld"


def parse(name, **kwargs):
    return jsonld.parse((FIXTURES / name).read_text(encoding="utf-8"), **kwargs)


def test_picks_the_job_posting_among_several_blocks():
    (p,) = parse("several_blocks.html")
    assert p.title == "Medical Records Clerk"
    assert p.external_id == "careers.summitridge.example:SRH-10452"  # PropertyValue identifier, scoped by host
    assert p.extra["identifier"] == "SRH-10452"
    assert p.employer == "Summit Ridge Hospital"
    assert (p.location, p.state) == ("Grand Junction, CO", "CO")  # full state name in addressRegion
    assert p.employment_type == "part_time"
    assert (p.salary_min, p.salary_max, p.salary_period, p.salary_currency) == (17.25, 21.0, "hour", "USD")
    assert (p.date_posted, p.valid_through) == ("2026-10-01", "2026-11-30")
    assert p.url == "https://careers.summitridge.example/jobs/SRH-10452"
    assert p.description_text == "File, scan and retrieve charts for the HIM department.\n\n\u2022 Epic\n\u2022 HIPAA"


def test_graph_type_array_escaped_description_and_canonical_url():
    (p,) = parse("graph_type_array_escaped.html")
    assert p.title == "Coder II & Auditor"
    assert p.external_id == "jobs.baylakehealth.example:R-4821"  # plain-string identifier
    assert p.description_text == "Code inpatient stays using ICD-10-CM & ICD-10-PCS.\n\n\u2022 CCS required"
    assert p.url == "https://jobs.baylakehealth.example/job/coder-ii"
    assert p.date_posted == "2026-04-22"
    assert p.employment_type == "full_time"
    assert p.extra["employment_types"] == ["FULL_TIME", "CONTRACTOR"]
    assert p.extra["locations"] == ["Green Bay, WI", "Appleton, WI"]
    assert (p.salary_min, p.salary_max, p.salary_period) == (62000.0, 62000.0, "year")


def test_raw_newline_in_string_and_trailing_semicolon():
    (p,) = parse("raw_newline_trailing_semicolon.html")
    assert p.title == "HIM Technician"
    assert p.external_id == "riverside-clinic:4821"  # numeric PropertyValue; no URL: scoped by employer
    assert p.employer == "Riverside Clinic"  # hiringOrganization as a plain string
    assert "Second line typed with a raw newline" in p.description_text


def test_cdata_comment_wrapper_trailing_commas_and_a_broken_block():
    (p,) = parse("cdata_comment_trailing_comma.html")
    assert (p.extra["identifier"], p.employment_type, p.state) == ("ROI-77", "per_diem", "WA")
    assert p.employer == "Cascade Valley Medical Center"


def test_top_level_array_with_two_postings():
    postings = parse("top_level_array_two_postings.html")
    assert [p.extra["identifier"] for p in postings] == ["TR-1", "TR-2"]
    assert [p.employment_type for p in postings] == ["full_time", "part_time"]
    assert [p.state for p in postings] == ["TX", "TX"]


def test_telecommute_is_remote_and_missing_identifier_hashes_url_and_title():
    (p,) = parse("telecommute_no_identifier.html")
    assert p.remote == "remote"
    assert p.state == "OH"  # from applicantLocationRequirements
    assert p.location == "Remote (Ohio)"
    assert p.url == "https://careers.northstarcoding.example/jobs/remote-outpatient-coder"
    assert p.external_id == short_hash(p.url, p.title, "")
    assert p.employment_type == "temporary"
    assert p.extra["education"] == ["professional certificate"]
    assert p.extra["experience_months"] == 24


def test_hash_id_is_stable_and_depends_on_url():
    first = parse("telecommute_no_identifier.html")[0].external_id
    again = parse("telecommute_no_identifier.html")[0].external_id
    assert first == again
    html = (FIXTURES / "telecommute_no_identifier.html").read_text(encoding="utf-8")
    moved = jsonld.parse(html.replace("remote-outpatient-coder", "other-coder"))[0].external_id
    assert moved != first


def test_misplaced_telecommute_in_job_location():
    (p,) = parse("misplaced_telecommute.html")
    assert p.remote == "remote"


def test_page_without_job_posting_gives_nothing():
    assert parse("organization_only.html") == []


def test_source_url_fills_missing_url():
    (p,) = parse("cdata_comment_trailing_comma.html", source_url="https://example.org/jobs/77")
    assert p.url == "https://example.org/jobs/77"


def test_decoded_json_is_accepted_too():
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Coder", "identifier": "C-1",
            "description": "<p>x</p>"}
    (p,) = jsonld.parse(data)
    assert (p.title, p.external_id, p.description_text) == ("Coder", "C-1", "x")


def test_decode_block_repairs():
    assert jsonld.decode_block('{"a": 1};') == {"a": 1}
    assert jsonld.decode_block('<!-- {"a": [1, 2,],} -->') == {"a": [1, 2]}
    assert jsonld.decode_block("not json") is None


def test_non_text_raises():
    with pytest.raises(ParseError):
        jsonld.parse(42)


def test_id_links_inside_graph_are_followed():
    (p,) = parse("graph_id_links.html")
    assert p.employer == "Pine Hollow Medical Center"
    assert (p.location, p.state) == ("Bangor, ME", "ME")


def _page(ident: str, url: str | None, employer: str = "Mercy Valley Health") -> str:
    node = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Medical Records Technician",
            "identifier": {"@type": "PropertyValue", "name": employer, "value": ident},
            "hiringOrganization": {"@type": "Organization", "name": employer},
            "description": "<p>Release of information.</p>"}
    if url:
        node["url"] = url
    return f'<html><head><script type="application/ld+json">{json.dumps(node)}</script></head></html>'


def test_the_same_requisition_number_at_two_employers_is_two_postings(tmp_path):
    """Requisition numbers are only unique within one ATS: "12345" at two hospitals must not
    share a uid, or storing the second would overwrite the first."""
    (a,) = jsonld.parse(_page("12345", "https://careers.mercyvalley.example/jobs/12345"))
    (b,) = jsonld.parse(_page("12345", "https://jobs.lakeshore.example/req/12345", "Lakeshore Clinic"))
    (c,) = jsonld.parse(_page("12345", "https://www.careers.mercyvalley.example/jobs/12345?src=feed"))
    (d,) = jsonld.parse(_page("12345", None, "Lakeshore Clinic"))
    assert a.uid == "jsonld:careers.mercyvalley.example:12345"
    assert b.uid == "jsonld:jobs.lakeshore.example:12345"
    assert c.uid == a.uid  # the same site, another URL form: still one posting
    assert d.uid == "jsonld:lakeshore-clinic:12345"  # no URL at all: the employer scopes it
    assert {p.extra["identifier"] for p in (a, b, c, d)} == {"12345"}
    (e,) = jsonld.parse(_page("12345", "https://[tenant].example/jobs/12345", "Lakeshore Clinic"))
    assert e.uid == d.uid  # a URL Python cannot parse (an unfilled template) has no host

    from mrtjobs.storage import open_store

    with open_store(tmp_path / "jobs.db") as store:
        store.upsert_postings([a, b])
        assert sorted(p.employer for p in store.iter_postings()) == ["Lakeshore Clinic", "Mercy Valley Health"]
