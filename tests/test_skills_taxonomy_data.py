"""The shipped taxonomy: it validates, it covers the guides' lists and the field, and it is precise."""

from __future__ import annotations

import re

import pytest

from skills_taxonomy import KINDS, TIERS, load_taxonomy
from skills_taxonomy.taxonomy import SKILL_LISTS, normalize

# The career guide's lists, copied bullet by bullet (seed 001). The test compares the
# shipped skill_map.jsonl against these so a dropped or edited bullet cannot go unnoticed.
GUIDE = {
    "foundational_skills": [
        "Medical Terminology",
        "Basic Anatomy and Physiology",
        "ICD-10 Coding",
        "CPT and HCPCS Coding",
        "Electronic Health Record (EHR) Navigation",
    ],
    "advanced_technical_skills": [
        "Clinical Documentation Improvement (CDI)",
        "Auditing and Compliance Procedures",
        "Health Data Analytics",
        "HIPAA Privacy and Security Regulations",
        "Telehealth Documentation",
    ],
    "professional_software_skills": [
        "Proficiency in Medical Coding Software (e.g., 3M CodeFinder)",
        "EHR Systems Expertise (Epic, Cerner)",
        "Microsoft Office Suite (Excel, Word, Outlook)",
        "Attention to Detail",
        "Effective Communication",
        "Time Management",
        "Ethical Judgment and Confidentiality",
        "Collaborative Teamwork",
        "Problem-Solving Abilities",
    ],
    "tech_skills": [
        "Proficiency in ICD-10, CPT, and HCPCS coding systems",
        "Expertise with Electronic Health Record (EHR) software",
        "Knowledge of Health Insurance Portability and Accountability Act (HIPAA)",
        "Medical terminology comprehension",
        "Understanding of anatomy and physiology basics",
        "Data entry and database management skills",
        "Familiarity with medical billing processes",
        "Experience using medical coding software tools",
        "Ability to conduct audits and quality control checks",
        "Document imaging and electronic document management",
        "Electronic data security and privacy management",
        "Report generation and analytics proficiency",
        "Experience with clinical documentation improvement (CDI)",
        "Basic troubleshooting of health IT systems",
        "Skilled in using Microsoft Office applications",
        "Knowledge of healthcare regulatory standards",
        "Familiarity with telehealth documentation",
        "Backup and disaster recovery planning",
        "Use of workflow management and task tracking tools",
        "Understanding insurance claim processing systems",
    ],
    "soft_abilities": [
        "Attention to detail",
        "Excellent organizational skills",
        "Strong communication abilities",
        "Analytical thinking",
        "Problem-solving aptitude",
        "Confidentiality and ethical judgment",
        "Time management",
        "Adaptability to changing regulations",
        "Team collaboration",
        "Customer service orientation",
    ],
    "tech_stack": [
        "Electronic Health Record (EHR) Systems (e.g., Epic, Cerner, Meditech)",
        "Medical Coding Software (e.g., 3M CodeFinder, TruCode)",
        "ICD-10, CPT, and HCPCS Coding Manuals",
        "Health Information Management Systems (HIMS)",
        "Data Entry Platforms",
        "Patient Information Management Systems",
        "Medical Transcription Software",
        "Document Imaging Systems",
        "HIPAA Compliance Software",
        "Electronic Document Management Systems (EDMS)",
        "Microsoft Office Suite (Excel, Word, Outlook)",
        "Audit and Quality Control Tools",
        "Report Generation Software",
        "Health Data Analytics Tools",
        "Data Backup and Security Solutions",
        "Communication Tools (email, internal messaging platforms)",
        "Telehealth Documentation Portals",
        "Cloud Storage Platforms",
        "Barcode and RFID Scanning Devices",
    ],
}


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_shipped_data_validates_and_is_large_enough(tax) -> None:
    assert len(tax.entries) >= 250
    assert re.fullmatch(r"[0-9a-f]{12}", tax.version)
    for kind in KINDS:
        assert len(tax.by_kind(kind)) >= 10, kind


def test_skill_map_holds_every_guide_bullet_in_order(tax) -> None:
    for list_name, bullets in GUIDE.items():
        shipped = [item.text for item in tax.skill_map if item.list_name == list_name]
        assert shipped == bullets, list_name
    assert {item.list_name for item in tax.skill_map} == set(SKILL_LISTS)


def test_every_skill_map_item_resolves_to_entries_with_its_tier(tax) -> None:
    for item in tax.skill_map:
        assert item.ids, item.text
        for id_ in item.ids:
            entry = tax.get(id_)
            if item.tier is not None:
                assert item.tier in TIERS
                assert item.tier in entry.tiers, (item.text, id_)


def test_every_tier_has_entries_from_the_skill_map(tax) -> None:
    for tier in TIERS:
        tiered = {e.id for e in tax.entries.values() if tier in e.tiers}
        mapped = {i for item in tax.skill_map if item.tier == tier for i in item.ids}
        assert mapped and mapped <= tiered, tier


@pytest.mark.parametrize(
    "name, expected",
    [
        # products named inside the guides' bullets ("e.g., ...", "(Excel, Word, Outlook)")
        ("3M CodeFinder", "sw.codefinder"),
        ("TruCode", "sw.trucode"),
        ("Epic", "sw.epic"),
        ("Cerner", "sw.cerner"),
        ("Meditech", "sw.meditech"),
        ("Microsoft Excel", "sw.excel"),
        ("Microsoft Word", "sw.word"),
        ("Microsoft Outlook", "sw.outlook"),
        ("HIMS", "sw.him_system"),
        ("EDMS", "sw.edms"),
        ("CDI", "dk.cdi"),
        ("EHR", "sw.ehr"),
        ("HIPAA", "reg.hipaa"),
    ],
)
def test_names_inside_guide_bullets_resolve(tax, name: str, expected: str) -> None:
    entry = tax.resolve(name)
    assert entry is not None and entry.id == expected
    assert any(expected in item.ids for item in tax.skill_map)


@pytest.mark.parametrize(
    "surface, expected",
    [
        # variants listed in reference/taxonomy-facts.md
        ("ICD-10", "code.icd10"),
        ("ICD10", "code.icd10"),
        ("ICD 10 CM", "code.icd10cm"),
        ("ICD-10-CM", "code.icd10cm"),
        ("ICD-10-PCS", "code.icd10pcs"),
        ("ICD-10-CM/PCS", "code.icd10"),
        ("ICD-O-3", "code.icdo3"),
        ("ICD-11", "code.icd11"),
        ("CPT-4", "code.cpt"),
        ("CPT®", "code.cpt"),
        ("HCPCS II", "code.hcpcs"),
        ("HCPCS Level 2", "code.hcpcs"),
        ("HCPCS Level I", "code.cpt"),
        ("MS DRG", "code.ms_drg"),
        ("MS-DRG", "code.ms_drg"),
        ("APR-DRG", "code.apr_drg"),
        ("DRGs", "code.drg"),
        ("E&M", "code.em"),
        ("E/M", "code.em"),
        ("SNOMED CT", "code.snomed_ct"),
        ("LOINC", "code.loinc"),
        ("NDC", "code.ndc"),
        ("OPCS-4", "code.opcs4"),
        ("APC", "code.apc"),
        ("HCC", "code.hcc"),
        ("R.H.I.T.", "cert.rhit"),
        ("RHIT", "cert.rhit"),
        ("RHIA", "cert.rhia"),
        ("CPC(R)", "cert.cpc"),
        ("CPC®", "cert.cpc"),
        ("Certified Tumor Registrar (CTR)", "cert.ctr"),
        ("CTR", "cert.ctr"),
        ("ODS-C", "cert.ods_c"),
        ("Oncology Data Specialist", "cert.ods_c"),
        ("CCS-P", "cert.ccs_p"),
        ("CCS", "cert.ccs"),
        ("CPC-H", "cert.cpc_h"),
        ("Certified Documentation Integrity Practitioner", "cert.cdip"),
        ("Certified Documentation Improvement Practitioner", "cert.cdip"),
        ("CHDS", "cert.chds"),
        ("CCDS-O", "cert.ccds_o"),
        ("CMRS", "cert.cmrs"),
        ("3M™", "sw.3m_his"),
        ("Solventum", "sw.solventum"),
        ("3M 360 Encompass", "sw.360_encompass"),
        ("EncoderPro", "sw.encoderpro"),
        ("Enterprise CAC", "sw.optum_cac"),
        ("Oracle Health", "sw.oracle_health"),
        ("Allscripts", "sw.allscripts"),
        ("Veradigm", "sw.veradigm"),
        ("Ciox", "sw.ciox"),
        ("HealthPort", "sw.healthport"),
        ("Datavant", "sw.datavant"),
        ("Nuance Dragon", "sw.dragon_medical"),
        ("OnBase", "sw.onbase"),
        ("VistA", "sw.vista"),
        ("CPRS", "sw.cprs"),
        ("42 CFR Part 2", "reg.42_cfr_part_2"),
        ("HITECH", "reg.hitech"),
        ("NCCI edits", "reg.ncci"),
        ("Coding Clinic", "reg.coding_clinic"),
        ("CoC", "reg.coc_standards"),
        ("COC", "cert.coc"),
        ("ROI", "dk.release_of_information"),
        ("10-key", "dk.ten_key"),
        ("SDOH", "dk.sdoh"),
    ],
)
def test_surface_forms_resolve(tax, surface: str, expected: str) -> None:
    entry = tax.resolve(surface)
    assert entry is not None, surface
    assert entry.id == expected


def test_case_insensitive_lookup_of_a_case_sensitive_pair_is_ambiguous(tax) -> None:
    assert tax.resolve("coc") is None
    assert {e.id for e in tax.resolve_all("coc")} == {"cert.coc", "reg.coc_standards"}


def test_renamed_things_are_equivalent_both_ways(tax) -> None:
    for a, b in [
        ("cert.ctr", "cert.ods_c"),
        ("sw.cerner", "sw.oracle_health"),
        ("sw.allscripts", "sw.veradigm"),
        ("sw.3m_his", "sw.solventum"),
        ("sw.healthport", "sw.datavant"),
        ("cert.cpc_h", "cert.coc"),
    ]:
        assert b in tax.equivalents(a) and a in tax.equivalents(b)


def test_siblings_are_not_merged(tax) -> None:
    assert "cert.rhit" not in tax.covered_by("cert.rhia")
    assert "cert.rhit" not in tax.equivalents("cert.rhia")
    assert "cert.cpc" not in tax.covered_by("cert.cpc_a")
    assert "cert.ccs" not in tax.covered_by("cert.ccs_p")
    # RHIA covers the knowledge the RHIT implies
    rhit_knowledge = tax.covered_by("cert.rhit") - {"cert.rhit"}
    assert rhit_knowledge and rhit_knowledge <= tax.covered_by("cert.rhia")
    # coding credentials never share an equivalence class except declared renames
    coded = [e for e in tax.by_kind("certification") if e.code]
    for e in coded:
        others = {tax.get(i).code for i in tax.equivalents(e.id)} - {e.code}
        assert others <= {"ODS-C", "CTR", "COC", "CPC-H", "CHDS", "CMT"}, e.id


def test_implied_knowledge_is_reachable(tax) -> None:
    assert "code.cpt" in tax.covered_by("cert.ccs_p")
    assert "code.icdo3" in tax.covered_by("cert.ods_c")  # through the CTR equivalence too
    assert "sw.3m_his" in tax.covered_by("sw.codefinder")
    assert "sw.solventum" in tax.covered_by("sw.codefinder")
    assert "sw.epic" in tax.covered_by("sw.epic_deficiency")


def test_certifications_have_code_issuer_and_family(tax) -> None:
    issuers = {"AHIMA", "AAPC", "NCRA", "NHA", "ACDIS", "AHDI", "AMBA"}
    seen = set()
    for e in tax.by_kind("certification"):
        if e.code is None:
            continue
        assert e.issuer, e.id
        assert e.parent and tax.get(e.parent).kind == "certification", e.id
        assert e.code in e.acronyms, e.id
        seen.add(e.issuer)
    assert issuers <= seen
    for code in ["RHIA", "RHIT", "CCA", "CCS", "CCS-P", "CDIP", "CHDA", "CHPS", "CPC", "CPC-A", "COC", "CIC",
                 "CRC", "CPMA", "CPB", "CPC-P", "CTR", "ODS-C", "CEHRS", "CBCS", "CCDS", "CCDS-O", "RHDS", "CHDS",
                 "CMRS"]:
        assert tax.resolve(code) is not None and tax.resolve(code).code == code


@pytest.mark.parametrize(
    "name", ["Epic", "Cerner", "Oracle Health", "MEDITECH", "Veradigm", "Allscripts", "athenahealth",
             "eClinicalWorks", "NextGen Healthcare", "VistA", "CPRS", "Greenway Health", "eMDs", "PointClickCare",
             "Epic HIM", "PowerChart", "MHS GENESIS", "Allscripts Sunrise"],
)
def test_every_ehr_sits_under_ehr_systems(tax, name: str) -> None:
    entry = tax.resolve(name)
    assert entry is not None, name
    assert "sw.ehr" in tax.ancestors(entry.id)


@pytest.mark.parametrize(
    "name", ["3M CodeFinder", "3M 360 Encompass", "EncoderPro", "Optum Enterprise CAC", "TruCode", "Find-A-Code"],
)
def test_every_encoder_and_cac_sits_under_coding_software(tax, name: str) -> None:
    entry = tax.resolve(name)
    assert entry is not None, name
    assert "sw.coding_software" in tax.ancestors(entry.id)


def test_ehr_encoder_and_certification_entries_all_have_relations(tax) -> None:
    for e in tax.entries.values():
        is_family = e.id in {"sw.ehr", "sw.coding_software"} or (e.kind == "certification" and e.code is None)
        if is_family:
            continue
        if e.kind == "certification" or {"sw.ehr", "sw.coding_software"} & set(tax.ancestors(e.id)):
            assert e.parent is not None, e.id


@pytest.mark.parametrize("acronym", ["CCS", "CTR", "ROI", "APC", "CPC", "CCA", "ODS", "COC", "CoC", "CRC", "CIC",
                                     "ICD", "HCC", "CDT", "LCD", "CAC", "HIM"])
def test_colliding_acronyms_carry_context_words(tax, acronym: str) -> None:
    owners = [e for e in tax.entries.values() if acronym in e.acronyms]
    assert len(owners) == 1, acronym
    assert owners[0].context, acronym


def test_aliases_avoid_bare_common_words(tax) -> None:
    # An extractor matches aliases case-insensitively and verbatim; these would fire on ordinary prose.
    common = {"word", "outlook", "email", "coding", "access", "teams", "office", "epic", "resolute", "cadence",
              "prelude", "clarity", "sunrise", "paragon", "vista", "focus", "him", "roi", "optum", "compliance",
              "communication", "audit", "billing", "records", "documentation", "reporting", "registration",
              "flexibility", "collaboration", "collaborative", "discretion", "dependable"}
    for e in tax.entries.values():
        for form in e.surface_forms():
            assert form.casefold() not in common, (e.id, form)


def test_no_surface_form_is_shared_without_declaration(tax) -> None:
    owners: dict[str, str] = {}
    for e in tax.entries.values():
        for form in e.surface_forms():
            key = normalize(form)
            assert owners.setdefault(key, e.id) == e.id or e.ambiguous, (form, owners[key], e.id)


def test_context_guarded_acronyms_are_not_bypassed_by_an_alias(tax) -> None:
    # Aliases match without context, so an alias spelling a guarded acronym would defeat the guard.
    for e in tax.entries.values():
        if not e.context:
            continue
        guarded = {normalize(a) for a in e.acronyms}
        # an extractor may also match the part of a label before "(": "ICD (...)" would expose "ICD"
        for form in (*e.surface_forms(), e.label.split("(", 1)[0]):
            assert normalize(form) not in guarded, (e.id, form)
