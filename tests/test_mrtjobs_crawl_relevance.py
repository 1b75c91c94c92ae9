"""The occupation filter: strong titles kept, other occupations dropped, generic titles
decided by the HIM terms in their text (including the taxonomy's terms)."""

from __future__ import annotations

import pytest

from mrtjobs.relevance import RelevanceReport, load_filter, taxonomy_terms
from scraper.models import Posting


def posting(title: str, text: str = "General duties.") -> Posting:
    return Posting(source="lever", external_id=title[:20] or "x", title=title, description_text=text)


@pytest.fixture(scope="module")
def rules():
    return load_filter()


@pytest.mark.parametrize(
    "title",
    [
        "Medical Records Technician",
        "Medical Records Clerk (Per Diem)",
        "Coder II - Outpatient",
        "Inpatient Coding Specialist",
        "HIM Specialist",
        "Health Information Clerk",
        "Release of Information Specialist",
        "ROI Specialist - Remote",
        "Cancer Registrar",
        "Tumor Registry Abstractor",
        "CDI Specialist - RN",
        "Clinical Documentation Integrity Specialist",
        "RHIT Coding Analyst",
        "Certified Tumor Registrar (CTR)",
        "Coding Specialist I - Physician Practices",
        "Physician Coder",
    ],
)
def test_occupation_titles_are_kept(rules, title):
    assert rules.decide(posting(title)).keep


@pytest.mark.parametrize(
    "title",
    [
        "Registered Nurse - ICU",
        "Software Engineer, Health Information Exchange",
        "Patient Access Registrar",
        "Accounts Payable Clerk",
        "Physical Therapist",
        "Physician - Hospitalist",
        "Chief Financial Officer",
    ],
)
def test_other_occupations_are_dropped(rules, title):
    decision = rules.decide(posting(title, "Medical records, ICD-10-CM, CPT and HIPAA appear here too."))
    assert not decision.keep and decision.reason


def test_generic_title_needs_him_terms_in_the_text(rules):
    text = ("Processes release of information requests, answers each subpoena, keeps the accounting "
            "of disclosures and applies 42 CFR Part 2.")
    assert rules.decide(posting("Specialist II", text)).keep
    assert not rules.decide(posting("Specialist II", "Stocks supplies and greets visitors.")).keep
    assert not rules.decide(posting("Pharmacy Technician", "Fills prescriptions accurately.")).keep


def test_acronyms_are_case_sensitive_whole_words(rules):
    assert not rules.decide(posting("Tell him about it", "")).keep
    text = "Works with him and her on roi and cca goals; sells stuff."
    assert not rules.decide(posting("Sales Associate", text)).keep


def test_taxonomy_terms_add_description_evidence():
    text = "Reviews MS-DRG assignment, Hierarchical Condition Category capture and risk adjustment factor scores."
    plain = load_filter()
    informed = load_filter(taxonomy_terms=["Hierarchical Condition Category", "risk adjustment factor", "HCC"])
    assert not plain.decide(posting("Analyst", text)).keep
    assert informed.decide(posting("Analyst", text)).keep


def test_taxonomy_terms_come_from_occupation_kinds_only():
    class Entry:
        def __init__(self, kind, label, aliases=()):
            self.kind, self.label, self.aliases = kind, label, aliases

    class Tax:
        entries = {"a": Entry("coding_system", "ICD-10-CM", ("ICD10",)), "b": Entry("soft_skill", "Teamwork")}

    assert taxonomy_terms(Tax()) == ["ICD-10-CM", "ICD10"]


def test_report_counts_kept_and_dropped(rules):
    report = RelevanceReport()
    kept = rules.split([posting("Medical Records Clerk"), posting("Registered Nurse"), posting("Coder")], report)
    assert [p.title for p in kept] == ["Medical Records Clerk", "Coder"]
    assert (report.kept, report.dropped, report.dropped_titles) == (2, 1, ["Registered Nurse"])
