"""Bad input never crashes the extractor, and offsets always slice the input."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skills_taxonomy import load_extractor, load_taxonomy
from skills_taxonomy.errors import ExtractionError
from skills_taxonomy.extraction import Extraction


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(load_taxonomy())


def check(text: str, extraction: Extraction) -> None:
    assert isinstance(extraction, Extraction)
    for m in extraction.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.level in ("required", "preferred", "mentioned")


def test_empty_and_whitespace(extractor):
    for text in ("", " ", "\n\n\t", "\u00a0"):
        ex = extractor.extract(text)
        check(text, ex)
        assert ex.mentions == () and ex.requirements.salary is None


def test_text_without_skills(extractor):
    text = "We sell garden furniture. Join our friendly sales floor in Spokane!"
    ex = extractor.extract(text)
    assert ex.mentions == ()
    assert ex.requirements.education_min is None


def test_binary_garbage(extractor):
    rng = random.Random(3)
    raw = bytes(rng.randrange(256) for _ in range(20000))
    text = raw.decode("latin-1") + raw.decode("utf-8", errors="surrogateescape")
    check(text, extractor.extract(text))


def test_bytes_are_refused_with_a_clear_error(extractor):
    with pytest.raises(ExtractionError, match="decode bytes first"):
        extractor.extract(b"RHIT required")  # type: ignore[arg-type]


def test_five_megabytes(extractor):
    unit = "Requirements\n- RHIT required, CCS preferred for coding work\n- 2 years of experience\n"
    text = unit * (5_000_000 // len(unit) + 1)
    ex = extractor.extract(text)
    check(text, ex)
    rhit = [m for m in ex.mentions if m.skill_id == "cert.rhit"]
    assert len(rhit) == text.count("RHIT")  # chunking loses no mention at a seam
    assert ex.requirements.min_years_experience == 2


def test_one_giant_line(extractor):
    text = ("CPT and ICD-10-CM coding " * 40000).strip()  # ~1 MB, no newline to cut at
    ex = extractor.extract(text)
    check(text, ex)
    assert sum(m.skill_id == "code.cpt" for m in ex.mentions) == 40000


_PIECES = [
    "RHIT", "CCS", "CPC-A", "ICD-10-CM/PCS", "CPT/HCPCS", "Epic", "HIPAA", "CTR", "registry",
    "coding", "Required:", "Preferred", "\n", "\n- ", " ", "  ", ".", ";", "/", "®", "\u2013", "\u2011",
    "\u201c", "$45K-$55K", "2+ yrs", "remote", "ROI", "release of information", "e\u0301", "\x00",
    "\ud800", "İ", "ß", "QUALIFICATIONS", "and/or", "And/or", "medical terminology",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40))
def test_offsets_always_slice_the_input(extractor, parts):
    text = "".join(parts)
    check(text, extractor.extract(text))
