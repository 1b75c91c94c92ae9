"""Text and fields as real responses deliver them (issue 12, quirks 3, 6, 7, 9, 11, the USAJOBS
page title and "Telework eligible: Yes")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.sources import greenhouse, jsonld, lever, usajobs, workday
from scraper.sources._normalize import employment_type
from scraper.sources.files import import_file

FIXTURES = Path(__file__).parent / "fixtures"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def page(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


# -- quirk 3: plural offering types ----------------------------------------------------------
def test_usajobs_internships_offering_is_an_internship():
    by_id = {p.external_id: p for p in usajobs.parse(load("usajobs/search_multi_location.json"))}
    assert by_id["870100400"].employment_type == "internship"


@pytest.mark.parametrize(("value", "kind"), [("Internships", "internship"), ("Temporary Positions", "temporary"),
                                              ("Contracts", "contract"), ("Full-Time Positions", "full_time")])
def test_plural_employment_words(value, kind):
    assert employment_type(value) == kind


# -- quirk 6: entities escaped twice, literal backslash-n -------------------------------------
def test_lever_double_escaped_entities_are_decoded():
    (p,) = lever.parse(load("lever/double_escaped_entities.json"))
    assert p.title == "Coder & Abstractor (HIM)"
    assert "operative notes & pathology reports" in p.description_text
    assert "Duties & scope" in p.description_text and "Abstract cases & assign CPT codes" in p.description_text
    assert "$25\u2013$31 per hour" in p.description_text
    assert "&amp;" not in p.description_text and "&amp;" not in json.dumps(p.extra)


def test_jsonld_url_entities_and_literal_newlines():
    (p,) = jsonld.parse(page("jsonld/escaped_url_literal_newlines.html"))
    assert p.url == "https://careers.riverside-regional.example/jobs/details?req=HIT-3307&src=google&lang=en"
    assert "\\n" not in p.description_text and "\\r" not in p.description_text
    assert "What you will do:\n- Scan and index loose documents\n- Analyze charts" in p.description_text


# -- quirk 7: structured JSON-LD requirement fields become headed sections --------------------
def test_jsonld_requirement_fields_are_appended_as_sections():
    (p,) = jsonld.parse(page("jsonld/structured_requirement_fields.html"))
    text = p.description_text
    assert text.startswith("Hollis Cancer Center is growing its registry team.")
    assert "Responsibilities\n\u2022 Abstract cancer cases from the EHR" in text
    assert "Qualifications\nCTR credential required." in text
    assert "Skills\n\u2022 ICD-O-3\n\u2022 METRIQ\n\u2022 NAACCR standards" in text
    assert "Education\nAssociate degree in health information technology" in text
    assert "Experience\n2 years of experience" in text
    assert p.extra["experience_months"] == 24 and p.extra["education"]


def test_a_section_already_in_the_description_is_not_repeated():
    node = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Coder",
            "description": "<p>Code charts.</p><h3>Qualifications</h3><p>CCS required.</p>",
            "qualifications": "CCS required."}
    (p,) = jsonld.parse(node)
    assert p.description_text.count("CCS required.") == 1


# -- quirk 9: Workday company-code prefixes --------------------------------------------------
@pytest.mark.parametrize(("raw", "clean"), [("8893 VMware LLC", "VMware LLC"),
                                             ("072 PGIM Investments,LLC", "PGIM Investments, LLC"),
                                             ("0420 Miami Valley Hospital, Inc.", "Miami Valley Hospital, Inc."),
                                             ("3M Health Information Systems", "3M Health Information Systems"),
                                             ("Northfield Health", "Northfield Health")])
def test_company_code_prefix_rule(raw, clean):
    from scraper.sources._normalize import employer_name

    assert employer_name(raw) == clean


def test_workday_employer_without_company_code():
    (p,) = workday.parse(load("workday/detail_company_code_virtual_office.json"))
    assert p.employer == "Northfield Health Partners LLC"


# -- quirk 11: Greenhouse custom metadata ------------------------------------------------------
@pytest.fixture(scope="module")
def tidewater():
    return {p.external_id: p for p in greenhouse.parse(load("greenhouse/metadata_working_model.json"))}


def test_greenhouse_working_model_and_employment_type_metadata(tidewater):
    assert (tidewater["8120034002"].remote, tidewater["8120034002"].employment_type) == ("remote", "full_time")
    assert (tidewater["8120034003"].remote, tidewater["8120034003"].employment_type) == ("hybrid", "part_time")
    # "Remote Eligible: No" says onsite; "Regular" alone says permanent, not how many hours.
    assert (tidewater["8120034004"].remote, tidewater["8120034004"].employment_type) == ("onsite", None)


# -- the USAJOBS page title and "Telework eligible: Yes" ---------------------------------------
def test_saved_usajobs_page_has_no_bogus_employer_and_reads_telework():
    (p,) = import_file(FIXTURES / "files" / "usajobs_saved_announcement.html")
    assert p.title == "Medical Records Technician (Coder)"
    assert p.employer not in ("Announcement", "Job Announcement", "USAJOBS")
    assert p.remote == "hybrid"
    assert p.location == "Dayton, OH" and p.state == "OH"
    assert p.employment_type == "full_time"


@pytest.mark.parametrize(("lines", "remote"), [
    ("Telework eligible: Yes", "hybrid"), ("Telework eligible: No\nRemote job: No", "onsite"),
    ("Remote job: Yes", "remote"), ("Telework eligible\nYes\u2014as determined by the agency policy.", "hybrid"),
])
def test_yes_no_workplace_labels(lines, remote):
    from scraper.sources._fields import labelled_fields

    assert labelled_fields(f"Medical Records Technician\n{lines}\nDuties follow.").get("remote") == remote


def test_entity_decoding_leaves_bare_ampersands_alone():
    from scraper.entities import clean_url, decode_entities

    assert clean_url("https://x.example/y?a=1&amp;copy=2&amp;amp;b=3") == "https://x.example/y?a=1&copy=2&b=3"
    assert decode_entities("R&D &amp;amp; QA&nbsp;team") == "R&D & QA\u00a0team"
