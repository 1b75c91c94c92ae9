"""The file importer: format detection by content, one-line errors, directory walks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.errors import ImportFileError
from scraper.sources import files
from scraper.sources.files import FileImportResult, import_file, import_paths

FIXTURES = Path(__file__).parent / "fixtures"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- detection by JSON shape, not by directory ------------------------------------------


@pytest.mark.parametrize(
    "fixture,source",
    [
        ("usajobs/search_two_eras.json", "usajobs"),
        ("greenhouse/board_content_true.json", "greenhouse"),
        ("lever/postings_mode_json.json", "lever"),
        ("workday/detail_unicode_escaped.json", "workday"),
        ("smartrecruiters/posting_detail_hybrid.json", "smartrecruiters"),
    ],
)
def test_api_json_is_detected_by_shape_wherever_it_lives(tmp_path, fixture, source):
    moved = shutil.copy(FIXTURES / fixture, tmp_path / "download.json")
    postings = import_file(moved)
    assert postings and {p.source for p in postings} == {source}


def test_json_ld_page_uses_jsonld_source():
    postings = import_file(FIXTURES / "jsonld" / "top_level_array_two_postings.html")
    assert [p.uid for p in postings] == ["jsonld:high-plains-cancer-center:TR-1", "jsonld:high-plains-cancer-center:TR-2"]


def test_page_without_jsonld_falls_back_to_main_text():
    (p,) = import_file(FIXTURES / "files" / "saved_page_no_jsonld.html")
    assert p.source == "files"
    assert p.title == "HIM Specialist"
    assert "Analyze charts for missing signatures" in p.description_text
    for chrome in ("tracking", "Home", "Related jobs", "Equal Opportunity", ".x{"):
        assert chrome not in p.description_text
    assert (p.location, p.state, p.employment_type) == ("Duluth, MN", "MN", "full_time")
    assert p.employer == "Lakeview Family Clinics"  # from the <title> segments


def test_text_file_first_line_is_title_and_labels_are_read():
    (p,) = import_file(FIXTURES / "files" / "pasted_posting.txt")
    assert p.source == "files"
    assert p.title == "Medical Records Technician - Release of Information"
    assert not p.description_text.startswith(p.title)
    assert p.employer == "Prairie View Regional Hospital"
    assert (p.location, p.state) == ("Salina, KS", "KS")
    assert p.employment_type == "part_time"
    assert p.date_posted == "2026-10-06"


def test_reimport_is_idempotent_and_text_changes_change_the_id(tmp_path):
    original = FIXTURES / "files" / "pasted_posting.txt"
    first = import_file(original)[0]
    copy = write(tmp_path, "copy.txt", original.read_text(encoding="utf-8").replace("\n", "\r\n") + "\n\n")
    assert import_file(copy)[0].uid == first.uid
    edited = write(tmp_path, "edited.txt", original.read_text(encoding="utf-8").replace("24 hours", "32 hours"))
    assert import_file(edited)[0].uid != first.uid


def test_replay_of_api_body_goes_to_that_parser_with_url_and_options():
    (p,) = import_file(FIXTURES / "files" / "replay_greenhouse.json")
    assert p.uid == "greenhouse:7001001001"


def test_replay_of_html_page_uses_the_replayed_url():
    (p,) = import_file(FIXTURES / "files" / "replay_jsonld_page.json")
    assert p.uid == "jsonld:careers.cascadevalley.example:ROI-77"
    assert p.url == "https://careers.cascadevalley.example/jobs/ROI-77"


def test_json_ld_json_file(tmp_path):
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Coder", "identifier": "J-9",
            "description": "<p>Code.</p>"}
    (p,) = import_file(write(tmp_path, "posting.json", json.dumps(data)))
    assert p.uid == "jsonld:J-9"


# --- bad inputs: one specific, one-line reason each ------------------------------------


def reason_for(path: Path) -> str:
    with pytest.raises(ImportFileError) as info:
        import_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return info.value.reason


def test_malformed_json_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.json", '{\n  "jobs": [\n    {"id": 1,}\n  ]\n')
    reason = reason_for(path)
    assert reason.startswith("malformed JSON at line 3, column")


def test_json_of_unknown_shape(tmp_path):
    assert reason_for(write(tmp_path, "x.json", '{"hello": "world"}')).startswith("JSON of no known source shape")
    assert reason_for(write(tmp_path, "y.json", "[1, 2, 3]")).startswith("JSON of no known source shape")


def test_workday_list_page_is_reported_not_imported_as_stubs(tmp_path):
    shutil.copy(FIXTURES / "workday" / "list_page.json", tmp_path / "list.json")
    assert reason_for(tmp_path / "list.json").startswith("workday: a Workday list page")


def test_lever_error_document_is_reported(tmp_path):
    shutil.copy(FIXTURES / "lever" / "error_not_found.json", tmp_path / "lever.json")
    assert "JSON of no known source shape" in reason_for(tmp_path / "lever.json")


def test_html_page_with_no_posting():
    reason = reason_for(FIXTURES / "files" / "not_a_posting_page.html")
    assert reason.startswith("HTML page with no posting in it")
    assert reason_for(FIXTURES / "jsonld" / "organization_only.html").startswith("HTML page with no posting in it")


def test_empty_and_whitespace_files(tmp_path):
    assert reason_for(write(tmp_path, "empty.txt", "")) == "empty file"
    assert reason_for(write(tmp_path, "blank.json", " \n\t\n")) == "empty file"


def test_binary_file(tmp_path):
    assert reason_for(write(tmp_path, "image.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")).startswith("binary file")
    assert reason_for(write(tmp_path, "noise.txt", bytes(range(1, 32)) * 20)).startswith("binary file")


def test_missing_and_unreadable_files(tmp_path, monkeypatch):
    assert reason_for(tmp_path / "nope.txt") == "no such file"
    path = write(tmp_path, "locked.txt", "Title\nbody")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert reason_for(path) == "unreadable: Permission denied"


def test_text_without_title(tmp_path):
    long_line = "We are hiring " + "a records technician " * 12 + "for our clinic."
    assert reason_for(write(tmp_path, "para.txt", long_line + "\nMore text.")).startswith("text file with no title")
    assert reason_for(write(tmp_path, "one.txt", "Just A Title\n\n")).endswith("but no posting text after it")


def test_replay_problems(tmp_path):
    assert "unknown source 'monster'" in reason_for(
        write(tmp_path, "r1.json", json.dumps({"mrtjobs_raw": 1, "source": "monster", "body": {}})))
    assert "no 'body'" in reason_for(write(tmp_path, "r2.json", json.dumps({"mrtjobs_raw": 1, "source": "lever"})))
    assert "version" in reason_for(write(tmp_path, "r3.json", json.dumps({"mrtjobs_raw": 7, "source": "lever", "body": []})))
    assert reason_for(write(tmp_path, "r4.json", json.dumps(
        {"mrtjobs_raw": 1, "source": "usajobs", "body": "a string"}))).startswith("usajobs: expected a JSON object")


def test_cp1252_text_is_still_read(tmp_path):
    text = "Coding Specialist \u2013 Caf\u00e9 Clinic\nCompany: Caf\u00e9 Clinic\nCode charts daily."
    (p,) = import_file(write(tmp_path, "win.txt", text.encode("cp1252")))
    assert p.title == "Coding Specialist \u2013 Caf\u00e9 Clinic"


def test_wrong_types_inside_a_known_shape_are_tolerated(tmp_path):
    data = {"MatchedObjectId": "1", "MatchedObjectDescriptor": {"PositionTitle": "x", "UserArea": "oops",
                                                                "PositionLocationDisplay": ["Dayton, OH"]}}
    (p,) = import_file(write(tmp_path, "odd.json", json.dumps(data)))
    assert (p.uid, p.title, p.remote) == ("usajobs:1", "x", None)


def test_parser_type_errors_become_parse_errors_naming_the_source():
    from scraper.errors import ParseError
    from scraper.sources._normalize import guarded

    @guarded("demo")
    def parse(raw, *, source_url=None, options=None):
        return raw["missing"]

    with pytest.raises(ParseError, match=r"^demo: unexpected data shape \(KeyError"):
        parse({})


_KEYS = ["SearchResult", "SearchResultItems", "MatchedObjectDescriptor", "MatchedObjectId", "PositionTitle",
         "UserArea", "Details", "PositionRemuneration", "jobs", "id", "title", "content", "location", "name",
         "metadata", "value", "text", "categories", "hostedUrl", "lists", "jobPostingInfo", "jobPostings",
         "jobAd", "sections", "releasedDate", "company", "customField", "@type", "@graph", "@id",
         "jobLocation", "baseSalary", "mrtjobs_raw", "source", "body", "description", "identifier"]
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2**40), st.floats(allow_nan=False),
    st.sampled_from(["JobPosting", "usajobs", "lever", "workday", "jsonld", "PA", "Dayton, OH", "<p>x</p>", ""]),
    st.text(max_size=12),
)
_JSON = st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=5)),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_JSON)
def test_any_json_gives_postings_or_an_import_error(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("fuzz") / "f.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        postings = import_file(path)
    except ImportFileError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(postings, list)


# --- import_paths -----------------------------------------------------------------------


def test_import_paths_walks_directories_and_never_stops(tmp_path):
    good_dir = tmp_path / "a" / "deeper"
    good_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "files" / "pasted_posting.txt", good_dir / "one.txt")
    shutil.copy(FIXTURES / "lever" / "postings_mode_json.json", tmp_path / "a" / "lever.json")
    write(tmp_path, "broken.json", "{")
    write(tmp_path, "notes.md", "# ignored: not an importable extension")
    hidden = tmp_path / ".cache"
    hidden.mkdir()
    write(hidden, "skip.json", "{")
    results = list(import_paths([tmp_path, tmp_path / "missing.html"]))
    assert all(isinstance(r, FileImportResult) for r in results)
    by_name = {r.path.name: r for r in results}
    assert set(by_name) == {"one.txt", "lever.json", "broken.json", "missing.html"}
    assert by_name["broken.json"].error is not None and by_name["broken.json"].postings == []
    assert by_name["missing.html"].error.reason == "no such file"
    assert len(by_name["lever.json"].postings) == 3 and by_name["lever.json"].error is None
    assert len(by_name["one.txt"].postings) == 1


def test_files_parse_accepts_text_and_html():
    (page,) = files.parse((FIXTURES / "files" / "saved_page_no_jsonld.html").read_text(encoding="utf-8"),
                          source_url="https://lakeview.example/jobs/him")
    assert page.url == "https://lakeview.example/jobs/him"
    (text,) = files.parse("<Not HTML> Coder\nCode charts.", options={"format": "text"})
    assert text.title == "<Not HTML> Coder"


# --- the bundled samples ----------------------------------------------------------------

SAMPLES = Path(__file__).parents[1] / "data" / "samples"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="data/samples not present")
def test_every_bundled_sample_imports_without_error():
    results = list(import_paths([SAMPLES]))
    errors = [str(r.error) for r in results if r.error]
    assert errors == []
    postings = [p for r in results for p in r.postings]
    assert len(postings) >= 40
    assert len({p.uid for p in postings}) == len(postings)
    for p in postings:
        assert p.title.strip() == p.title and p.title
        assert p.description_text.strip(), p.uid
        assert "</" not in p.description_text and "&lt;" not in p.description_text, p.uid
        assert p.state is None or len(p.state) == 2
    sources = {p.source for p in postings}
    assert {"usajobs", "greenhouse", "lever", "workday", "smartrecruiters", "jsonld", "files"} <= sources


_SHAPES = {
    "usajobs": lambda item: {"SearchResult": {"SearchResultItems": [
        {"MatchedObjectId": "1", "MatchedObjectDescriptor": {"PositionTitle": "t", **item}}]}},
    "greenhouse": lambda item: {"jobs": [{"id": 1, "title": "t", **item}]},
    "lever": lambda item: [{"id": "a", "text": "t", "categories": {}, **item}],
    "workday": lambda item: {"jobPostingInfo": {"title": "t", "jobReqId": "1", **item}},
    "smartrecruiters": lambda item: {"id": "1", "name": "n", "jobAd": {}, **item},
    "jsonld": lambda item: {"@type": "JobPosting", "title": "t", **item},
}
_FIELDS = [
    "UserArea", "Details", "MajorDuties", "PositionRemuneration", "PositionLocation", "PositionLocationDisplay",
    "PositionSchedule", "JobGrade", "location", "metadata", "content", "offices", "pay_input_ranges",
    "categories", "lists", "salaryRange", "createdAt", "workplaceType", "description", "jobDescription",
    "additionalLocations", "jobRequisitionLocation", "remoteType", "startDate", "jobAd", "customField",
    "typeOfEmployment", "company", "identifier", "jobLocation", "baseSalary", "employmentType", "datePosted",
    "experienceRequirements", "monthsOfExperience", "value", "name", "min", "max", "address", "Code", "Name",
]
_ITEMS = st.dictionaries(
    st.sampled_from(_FIELDS),
    st.recursive(_SCALARS, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_FIELDS), inner, max_size=4)), max_leaves=12),
    max_size=6,
)


@pytest.mark.parametrize("name", sorted(_SHAPES))
def test_parsers_raise_only_parse_error_on_odd_field_values(name):
    from scraper.errors import ParseError
    from scraper.sources import get_source

    module = get_source(name)

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(_ITEMS)
    def check(item):
        try:
            postings = module.parse(_SHAPES[name](item))
        except ParseError:
            return
        assert all(p.source == name for p in postings)

    check()


def test_logo_h1_in_site_header_is_not_the_title():
    (p,) = import_file(FIXTURES / "files" / "logo_h1_page.html")
    assert p.title == "Coding Quality Auditor"  # first <title> segment, not the logo <h1>
    assert p.employer == "Eastbrook Health"
    assert "\u2022 CCS required" in p.description_text


def test_jsonld_page_without_hiring_organization_takes_site_name():
    (p,) = import_file(FIXTURES / "files" / "jsonld_without_employer.html")
    assert (p.uid, p.employer) == ("jsonld:WC-3", "Westfield Clinic")


def test_title_label_on_first_line_is_dropped(tmp_path):
    (p,) = import_file(write(tmp_path, "t.txt", "Job Title: Coding Specialist\nCode outpatient charts."))
    assert p.title == "Coding Specialist"
