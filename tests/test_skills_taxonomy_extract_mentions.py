"""Mentions: taxonomy entries found with exact offsets, overlaps resolved, acronyms checked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from skills_taxonomy import load_extractor, load_taxonomy
from skills_taxonomy.extract import Extractor
from skills_taxonomy.extraction import Extraction


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(load_taxonomy())


def ids(extraction: Extraction) -> list[str]:
    return [m.skill_id for m in extraction.mentions]


def by_id(extraction: Extraction, skill_id: str):
    return [m for m in extraction.mentions if m.skill_id == skill_id]


def _entry(id, label, kind, aliases=(), acronyms=(), context=(), code=None):
    return SimpleNamespace(
        id=id, label=label, kind=kind, aliases=tuple(aliases), acronyms=tuple(acronyms),
        context=tuple(context), code=code,
    )


@pytest.fixture(scope="module")
def tiny():
    """A made-up taxonomy, so the mechanics are tested apart from the shipped data."""
    entries = [
        _entry("code.xa", "XA codes", "coding_system", aliases=["XA-10-CM"]),
        _entry("code.xb", "XB codes", "coding_system", aliases=["XA-10-PCS"], acronyms=["PCS"]),
        _entry("cert.zzr", "Zeta Registrar", "certification", aliases=["Zeta Registrar"],
               acronyms=["ZZR"], context=["registry", "cancer"], code="ZZR"),
        _entry("sw.orbit", "Orbit", "software", aliases=["Orbit", "Orbit Suite"]),
        _entry("dk.filing", "Chart filing", "domain_knowledge", aliases=["chart filing"]),
        _entry("dk.filing_big", "Chart filing systems", "domain_knowledge", aliases=["chart filing systems"]),
        _entry("dk.perk", "Health insurance knowledge", "domain_knowledge", aliases=["health insurance"]),
    ]
    return Extractor(SimpleNamespace(entries={e.id: e for e in entries}, version="t1"))


def test_offsets_and_fields(extractor):
    text = "Requirements:\n- RHIT required\n- Experience with Epic\n"
    ex = extractor.extract(text)
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    rhit = by_id(ex, "cert.rhit")[0]
    assert (rhit.text, rhit.code, rhit.kind, rhit.level) == ("RHIT", "RHIT", "certification", "required")
    assert by_id(ex, "sw.epic")[0].code is None
    assert ex.taxonomy_version == load_taxonomy().version
    assert ex.extractor_version and extractor.version.endswith(ex.taxonomy_version)


def test_icd10_cm_pcs_slash_yields_both(extractor):
    ex = extractor.extract("Assign ICD-10-CM/PCS codes to inpatient records.")
    assert "code.icd10cm" in ids(ex) and "code.icd10pcs" in ids(ex)
    pcs = by_id(ex, "code.icd10pcs")[0]
    assert pcs.text == "PCS"


def test_cpt_hcpcs_slash_yields_both(extractor):
    ex = extractor.extract("Knowledge of CPT/HCPCS coding.")
    assert {"code.cpt", "code.hcpcs"} <= set(ids(ex))


def test_prefix_completion_mechanics(tiny):
    ex = tiny.extract("Uses XA-10-CM/PCS daily.")
    assert [(m.skill_id, m.text) for m in ex.mentions] == [("code.xa", "XA-10-CM"), ("code.xb", "PCS")]


def test_longest_match_wins_over_nested(tiny):
    ex = tiny.extract("Maintains chart filing systems and Orbit Suite.")
    assert [(m.skill_id, m.text) for m in ex.mentions] == [
        ("dk.filing_big", "chart filing systems"),
        ("sw.orbit", "Orbit Suite"),
    ]


def test_ambiguous_acronym_needs_context(tiny):
    assert ids(tiny.extract("Report the ZZR numbers to finance.")) == []
    ex = tiny.extract("ZZR required for our cancer registry team.")
    assert ids(ex) == ["cert.zzr"] and ex.mentions[0].code == "ZZR"


def test_acronyms_are_case_sensitive_and_product_names_capitalised(tiny, extractor):
    assert ids(tiny.extract("an orbit around the sun")) == []
    assert ids(tiny.extract("Experience with ORBIT or Orbit")) == ["sw.orbit", "sw.orbit"]
    assert "cert.rhit" not in ids(extractor.extract("rhit the road"))


def test_perks_in_benefits_are_not_skills(tiny):
    text = "Requirements\n- health insurance background\nBenefits\n- Health insurance from day one\n"
    mentions = tiny.extract(text).mentions
    assert [m.start for m in mentions] == [text.index("health insurance")]


def test_trademark_signs_and_unicode_dashes(extractor):
    text = "Coders use CPT® and ICD\u201110\u2011CM with Epic\u2122 \u2014 CCS\u00ae required."
    ex = extractor.extract(text)
    assert {"code.cpt", "code.icd10cm", "sw.epic", "cert.ccs"} <= set(ids(ex))
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    assert by_id(ex, "code.icd10cm")[0].text == "ICD\u201110\u2011CM"


def test_spelling_variants_of_codes(extractor):
    ex = extractor.extract("Coding with ICD10CM, MS DRG and R.H.I.T. credential; DRGs validated.")
    assert {"code.icd10cm", "code.ms_drg", "cert.rhit"} <= set(ids(ex))


def test_levels_and_after_hire_on_real_taxonomy(extractor):
    text = (
        "Responsibilities\n- Code charts with CPT\nRequired Qualifications\n- RHIT or RHIA\n"
        "- Must obtain CCS within 12 months of hire\nPreferred Qualifications\n- CPC\n"
        "Benefits\n- We pay AHIMA dues for RHIA holders\n"
    )
    ex = extractor.extract(text)
    levels = [(m.text, m.level) for m in ex.mentions]
    assert ("CPT", "required") in levels and ("CPC", "preferred") in levels
    assert levels.count(("RHIA", "mentioned")) == 1 and levels.count(("RHIA", "required")) == 1
    ccs = by_id(ex, "cert.ccs")[0]
    assert ccs.within_months == 12 and ccs.level == "required" and not ccs.obtain_after_hire
    assert by_id(ex, "cert.rhit")[0].within_months is None


def test_extract_many_matches_extract(extractor):
    texts = ["RHIT required.", "", "Epic and Cerner experience preferred.", "No skills here."]
    many = list(extractor.extract_many(texts, batch_size=2))
    assert [e.to_dict() for e in many] == [extractor.extract(t).to_dict() for t in texts]


def test_to_dict_contract(extractor):
    d = extractor.extract("Coder, CCS required; salary $20-$25/hr; remote; full-time.").to_dict()
    assert set(d["mentions"][0]) >= {"skill_id", "label", "kind", "level", "start", "end", "text", "code"}
    assert set(d["requirements"]) >= {
        "min_years_experience", "preferred_years_experience", "education_min", "salary", "remote",
        "employment_type",
    }
    assert d["requirements"]["salary"] == {"min": 20.0, "max": 25.0, "period": "hour", "currency": "USD"}
    assert Extraction.from_dict(d).to_dict() == d


def test_credential_before_full_stop_and_crlf(extractor):
    text = "Coding credential required:\r\nCPC, CPC-A, CCA, or CCS-P.\r\nPreferred: RHIT.\r\n"
    ex = extractor.extract(text)
    got = [(m.text, m.skill_id, m.level) for m in ex.mentions if m.kind == "certification"]
    assert ("CCS-P", "cert.ccs_p", "required") in got
    assert ("RHIT", "cert.rhit", "preferred") in got
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text


def test_list_items_glued_by_html_conversion(extractor):
    text = (
        "What you bringCPC or CCS-P certification3+ years of professional fee coding"
        "Orthopedic coding experience is a plus\n"
    )
    ex = extractor.extract(text)
    got = {(m.text, m.level) for m in ex.mentions}
    assert {("CPC", "required"), ("CCS-P", "required")} <= got
    assert ex.requirements.min_years_experience == 3
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text


def _level(extraction: Extraction, skill_id: str) -> list[str]:
    return [m.level for m in by_id(extraction, skill_id)]


def test_credential_naming_the_job_is_mentioned(extractor):
    # In the title line, or after a hiring lead-in with a job noun, a credential names
    # the job; it is not a demand by itself.
    text = (
        "RHIT Coding Specialist (PT, remote)\n"
        "Northwoods Hospital is hiring an RHIT Coding Specialist to code ED visits.\n"
        "What you'll need\n- Current RHIT credential\n"
    )
    assert _level(extractor.extract(text), "cert.rhit") == ["mentioned", "mentioned", "required"]
    text = "Overview\nWe are seeking an Oncology Data Specialist to join our registry team.\n"
    assert _level(extractor.extract(text), "cert.ods_c") == ["mentioned"]
    # A cue still decides: a title demanding the credential, or "seeking a CPC" (no job noun).
    assert _level(extractor.extract("Remote Coder - CPC required\n"), "cert.cpc") == ["required"]
    text = "Duties\nWe are seeking a CPC with 3 years of coding experience.\n"
    assert _level(extractor.extract(text), "cert.cpc") == ["required"]
    text = "Requirements\n- CPC coder with 2 years of experience\n"
    assert _level(extractor.extract(text), "cert.cpc") == ["required"]


def test_coverage_and_him_acronyms_with_posting_context(extractor):
    assert "reg.lcd" in ids(extractor.extract("Strong understanding of NCCI edits and LCDs\n"))
    assert "dk.him" in ids(extractor.extract("1 year in a medical office or HIM setting\n"))
    assert "dk.him" not in ids(extractor.extract("PLEASE CALL HIM TODAY\n"))


def _cert_levels(extraction: Extraction) -> list[tuple[str, int, str]]:
    return [(m.text, m.start, m.level) for m in extraction.mentions if m.kind == "certification"]


def test_benefits_paragraph_negations_and_pay_label_end_to_end(extractor):
    tuition = (
        "Inpatient Coder II\n\nMercy Valley Health is a 300-bed hospital. We offer tuition "
        "assistance for certifications such as RHIT and CCS.\n\nRequirements:\n- CCS required.\n"
    )
    got = [(t, lvl) for t, _, lvl in _cert_levels(extractor.extract(tuition))]
    assert got == [("RHIT", "mentioned"), ("CCS", "mentioned"), ("CCS", "required")]
    neg = (
        "HIM Clerk\n\nNo RHIT required. You will not need an RHIT; no certification required."
        "\n\nDuties:\n- File charts\n"
    )
    assert [lvl for _, _, lvl in _cert_levels(extractor.extract(neg))] == ["mentioned", "mentioned"]
    # a "plus" after another credential is that credential's, not the negated one's
    but = "Records Clerk\n\nQualifications\n- No RHIT required, but CCS is a plus.\n- RHIT preferred but not required.\n"
    assert [(t, lvl) for t, _, lvl in _cert_levels(extractor.extract(but))] == [
        ("RHIT", "mentioned"), ("CCS", "preferred"), ("RHIT", "preferred")]
    shared = "Coder\n\nRequirements\n- RHIT/RHIA not required, but preferred.\n- Certification (CPC, COC) is not required but is a plus.\n"
    assert [lvl for _, _, lvl in _cert_levels(extractor.extract(shared))] == ["preferred"] * 4
    salary = (
        "Coder\n\nSalary: $45K-$55K per year. Three (3) years of coding experience required. "
        "CPC required.\n"
    )
    e = extractor.extract(salary)
    assert [(t, lvl) for t, _, lvl in _cert_levels(e)] == [("CPC", "required")]
    assert e.requirements.min_years_experience == 3
    assert e.requirements.salary.max == 55000
