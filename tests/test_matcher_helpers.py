"""Builders shared by the matcher tests (no tests here): a small taxonomy written as data,
profiles and postings made from taxonomy names (ids are looked up, never hard-coded)."""

from __future__ import annotations

import json
from pathlib import Path

from matcher.facts import PostingFacts
from matcher.profile import profile_from_dict
from skills_taxonomy.extraction import Extraction, Mention, Requirements, Salary
from skills_taxonomy.taxonomy import load_taxonomy

MINI_ENTRIES = [
    {"id": "cert.ahima", "label": "AHIMA certification", "kind": "certification", "issuer": "AHIMA"},
    {"id": "cert.aapc", "label": "AAPC certification", "kind": "certification", "issuer": "AAPC"},
    {"id": "cert.ncra", "label": "NCRA certification", "kind": "certification", "issuer": "NCRA"},
    {"id": "cert.coding_credential", "label": "Coding certification", "kind": "certification"},
    {"id": "cert.rhit", "label": "Registered Health Information Technician", "kind": "certification",
     "code": "RHIT", "issuer": "AHIMA", "acronyms": ["RHIT"], "parent": "cert.ahima",
     "implies": ["code.icd10cm", "code.cpt", "reg.hipaa", "dk.release_of_information"]},
    {"id": "cert.rhia", "label": "Registered Health Information Administrator", "kind": "certification",
     "code": "RHIA", "issuer": "AHIMA", "acronyms": ["RHIA"], "parent": "cert.ahima",
     "implies": ["code.icd10cm", "code.cpt", "reg.hipaa", "dk.release_of_information"]},
    {"id": "cert.ccs", "label": "Certified Coding Specialist", "kind": "certification", "code": "CCS",
     "issuer": "AHIMA", "acronyms": ["CCS"], "parent": "cert.ahima",
     "implies": ["cert.coding_credential", "code.icd10cm", "code.icd10pcs", "code.cpt"]},
    {"id": "cert.cpc", "label": "Certified Professional Coder", "kind": "certification", "code": "CPC",
     "issuer": "AAPC", "acronyms": ["CPC"], "parent": "cert.aapc",
     "implies": ["cert.coding_credential", "code.icd10cm", "code.cpt"]},
    {"id": "cert.ctr", "label": "Certified Tumor Registrar", "kind": "certification", "code": "CTR",
     "issuer": "NCRA", "acronyms": ["CTR"], "parent": "cert.ncra", "equivalent": ["cert.ods_c"]},
    {"id": "cert.ods_c", "label": "Oncology Data Specialist - Certified", "kind": "certification",
     "code": "ODS-C", "issuer": "NCRA", "acronyms": ["ODS-C"], "parent": "cert.ncra"},
    {"id": "code.classification", "label": "Classification systems", "kind": "coding_system"},
    {"id": "code.icd10cm", "label": "ICD-10-CM", "kind": "coding_system", "parent": "code.classification",
     "tiers": ["foundational"]},
    {"id": "code.icd10pcs", "label": "ICD-10-PCS", "kind": "coding_system", "parent": "code.classification",
     "tiers": ["advanced_technical"]},
    {"id": "code.cpt", "label": "CPT", "kind": "coding_system", "parent": "code.classification",
     "tiers": ["foundational"]},
    {"id": "code.hcpcs", "label": "HCPCS", "kind": "coding_system", "parent": "code.classification"},
    {"id": "sw.ehr", "label": "Electronic health record systems", "kind": "software", "aliases": ["EHR"],
     "tiers": ["professional_software"]},
    {"id": "sw.epic", "label": "Epic", "kind": "software", "parent": "sw.ehr"},
    {"id": "sw.cerner", "label": "Cerner", "kind": "software", "parent": "sw.ehr", "equivalent": ["sw.oracle_health"]},
    {"id": "sw.oracle_health", "label": "Oracle Health", "kind": "software", "parent": "sw.ehr"},
    {"id": "sw.meditech", "label": "MEDITECH", "kind": "software", "parent": "sw.ehr"},
    {"id": "sw.excel", "label": "Microsoft Excel", "kind": "software", "aliases": ["Excel"]},
    {"id": "reg.hipaa", "label": "HIPAA", "kind": "regulation", "tiers": ["foundational"]},
    {"id": "dk.release_of_information", "label": "Release of information", "kind": "domain_knowledge",
     "acronyms": ["ROI"]},
    {"id": "dk.medical_terminology", "label": "Medical terminology", "kind": "domain_knowledge",
     "tiers": ["foundational"]},
    {"id": "soft.attention_to_detail", "label": "Attention to detail", "kind": "soft_skill"},
]
MINI_SKILL_MAP = [
    {"list": "foundational_skills", "text": "ICD-10-CM and CPT coding", "ids": ["code.icd10cm", "code.cpt"]},
    {"list": "foundational_skills", "text": "HIPAA", "ids": ["reg.hipaa"]},
    {"list": "foundational_skills", "text": "Medical terminology", "ids": ["dk.medical_terminology"]},
    {"list": "advanced_technical_skills", "text": "Inpatient procedure coding", "ids": ["code.icd10pcs"]},
    {"list": "professional_software_skills", "text": "EHR systems", "ids": ["sw.ehr"]},
]


def mini_taxonomy(tmp_dir: Path):
    """A small taxonomy loaded through the real loader from data files written here."""
    d = Path(tmp_dir) / "mini_taxonomy"
    d.mkdir(parents=True, exist_ok=True)
    (d / "entries.jsonl").write_text("\n".join(json.dumps(e) for e in MINI_ENTRIES) + "\n", encoding="utf-8")
    (d / "skill_map.jsonl").write_text("\n".join(json.dumps(e) for e in MINI_SKILL_MAP) + "\n", encoding="utf-8")
    return load_taxonomy(data_dir=d)


def shipped_taxonomy():
    return load_taxonomy()


def ids(tax, *names: str) -> tuple[str, ...]:
    out = []
    for n in names:
        e = tax.resolve(n)
        assert e is not None, f"taxonomy does not resolve {n!r}"
        out.append(e.id)
    return tuple(out)


def profile(tax, *, certs=(), skills=(), years=2, education="associate", **prefs):
    data = {"name": "T", "years_experience": years, "education": education,
            "certifications": list(certs), "skills": list(skills)}
    if prefs:
        data["preferences"] = prefs
    return profile_from_dict(data, tax)


def mention(tax, name: str, level: str = "required", *, start: int = 0, within_months=None,
            after_hire: bool = False) -> Mention:
    e = tax.get(ids(tax, name)[0])
    return Mention(e.id, e.label, e.kind, level, start, start + len(name), name,
                   e.code, within_months, after_hire)


def posting(tax, uid: str = "t:1", *, required=(), preferred=(), mentioned=(), years=None,
            education=None, salary=None, remote=None, state=None, title="Medical Records Technician",
            alternatives=()):
    ms = [mention(tax, n, "required", start=i * 10) for i, n in enumerate(required)]
    ms += [mention(tax, n, "preferred", start=500 + i * 10) for i, n in enumerate(preferred)]
    ms += [mention(tax, n, "mentioned", start=900 + i * 10) for i, n in enumerate(mentioned)]
    ext = Extraction(
        mentions=tuple(ms),
        requirements=Requirements(min_years_experience=years, education_min=education,
                                  salary=Salary(*salary) if salary else None),
    )
    alts = tuple(ids(tax, *g) for g in alternatives)
    smin, smax, period = salary if salary else (None, None, None)
    facts = PostingFacts(uid=uid, title=title, employer="Test Clinic", state=state, remote=remote,
                         salary_min=smin, salary_max=smax, salary_period=period, alternatives=alts)
    return facts, ext
