"""`mrtjobs profile from-resume`: three resumes we wrote, each as .txt, .pdf and .docx.

The done criterion of issue 14: the profile drafted from each resume ranks the bundled
sample postings (data/samples) in exactly the order that the hand-written profile of the
same person does. The people, their resumes (tests/fixtures/resumes/<person>.txt) and their
hand-written profiles (<person>.toml, written from reading the resume, as the person would):

- Renata Salcedo: RHIT, CCS exam booked; outpatient coder since 2022 after two years of ROI
  (the two jobs overlap by three months); a pharmacy cashier job that is not HIM work.
- Tomasz Brennan: RHIT, ODS-C (CTR) eligible, BS in HIM; registry abstractor since "2019"
  (no month), records clerk before; a unit secretary job that may or may not be HIM work.
- Keisha Okafor: CCA, CPC exam booked, coding certificate (associate degree unfinished);
  a coding internship overlapping a part-time records clerk job; retail before that.

The PDF and DOCX files are generated here (tests/doc_writers.py); nothing binary is committed.
The extractor is the real one, built once for the module.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from doc_writers import write_docx, write_pdf
from extractor_once import real_extractor_once  # noqa: F401 (a fixture)
from typer.testing import CliRunner

from mrtjobs.cli import app
from mrtjobs.paths import project_data_dir

runner = CliRunner()
RESUMES = Path(__file__).parent / "fixtures" / "resumes"
PEOPLE = ("renata-salcedo", "tomasz-brennan", "keisha-okafor")
AS_OF = "2026-12-01"


@pytest.fixture(scope="module", autouse=True)
def one_extractor(real_extractor_once):
    """The real taxonomy and extractor, built once (each CLI call would otherwise build its own)."""
    return real_extractor_once


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("samples") / "jobs.db"
    result = runner.invoke(app, ["import", "--db", str(db), str(project_data_dir() / "samples"), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def resume_file(person: str, fmt: str, folder: Path) -> Path:
    text = (RESUMES / f"{person}.txt").read_text(encoding="utf-8")
    path = folder / f"{person}.{fmt}"
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "pdf":
        write_pdf(text, path)
    else:
        write_docx(text, path)
    return path


def from_resume(path: Path, out: Path, *extra: str):
    return runner.invoke(app, ["profile", "from-resume", str(path), "--out", str(out), "--as-of", AS_OF, *extra])


def ranked_uids(db: Path, profile: Path) -> list[str]:
    result = runner.invoke(app, ["rank", "--db", str(db), "--profile", str(profile), "--json", "--limit", "1000", "-q"])
    assert result.exit_code == 0, result.output
    return [row["uid"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
@pytest.mark.parametrize("person", PEOPLE)
def test_profile_from_resume_ranks_as_the_hand_written_profile(person, fmt, samples_db, tmp_path):
    out = tmp_path / "me.toml"
    result = from_resume(resume_file(person, fmt, tmp_path), out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out}: ")
    check = runner.invoke(app, ["profile", "check", str(out)])
    assert check.exit_code == 0 and check.stdout.startswith(f"{out}: OK"), check.output

    hand = ranked_uids(samples_db, RESUMES / f"{person}.toml")
    drafted = ranked_uids(samples_db, out)
    assert len(hand) > 30
    assert drafted == hand


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_drafted_values_and_their_comments(fmt, tmp_path):
    out = tmp_path / "renata.toml"
    assert from_resume(resume_file("renata-salcedo", fmt, tmp_path), out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["name"] == "Renata Salcedo"
    # June 2020 - May 2022 and March 2022 - present (December 2026): 79 months, not 82
    assert data["years_experience"] == 6.6
    assert "jobs overlap by 0.2 years; the overlap is counted once" in text
    assert data["education"] == "associate"
    assert data["certifications"] == ["RHIT", {"code": "CCS", "status": "in_progress"}]
    assert {"ICD-10-CM", "CPT", "HCPCS", "Epic", "HIPAA"} <= set(data["skills"])
    assert "#   not counted 2016-07 to 2020-06 (approx.)" in text and "Pharmacy Cashier" in text
    assert "#   CPR / BLS, American Heart Association" in text  # listed, not in the taxonomy
    assert 'write states = ["OH"]' in text and data["preferences"]["states"] == []


def test_unsure_work_expired_and_unheld_credentials_become_checks(tmp_path):
    resume = tmp_path / "resume.txt"
    resume.write_text(
        "Jordan Vale\nAkron, OH\n\nEXPERIENCE\n"
        "Patient Access Representative, Summit Clinic | 2019 - present\n"
        "- Registered patients and scanned insurance cards and medical records into the chart\n"
        "HIM Technician, Akron General | Jan 2015 - Dec 2018\n"
        "- Worked beside CCS coders on chart completion\n\n"
        "CERTIFICATIONS\nRHIT\nCPC (expired 2020)\n\n"
        "EDUCATION\nBachelor of Science in Health Information Management, expected 2027\n"
        "Associate of Science, Health Information Technology, 2014\n",
        encoding="utf-8",
    )
    out = tmp_path / "me.toml"
    result = from_resume(resume, out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["years_experience"] == 4.0  # the HIM technician years only
    assert "2019-07 to present Patient Access Representative, Summit Clinic: is this HIM work? Not counted" in text
    assert "if it is, add 7.5 years" in text
    assert data["certifications"] == ["RHIT"]
    assert "CPC looks expired or inactive" in text
    assert "CCS is named in your experience (line 8" in text
    assert data["education"] == "associate"
    assert "looks unfinished (expected); education is associate until it is done" in text
    # every CHECK is also said on the terminal
    assert result.stdout.count("CHECK: ") == text.count("#   CHECK: ")


def test_without_out_prints_the_profile_and_json_gives_the_draft(tmp_path):
    resume = resume_file("keisha-okafor", "txt", tmp_path)
    printed = runner.invoke(app, ["profile", "from-resume", str(resume), "--as-of", AS_OF])
    assert printed.exit_code == 0
    assert tomllib.loads(printed.stdout)["education"] == "certificate"
    assert "2 certification(s) (CCA, CPC (in_progress))" in printed.stderr
    as_json = runner.invoke(app, ["profile", "from-resume", str(resume), "--as-of", AS_OF, "--json"])
    data = json.loads(as_json.stdout)
    assert data["years_experience"] == 1.7 and data["out"] is None
    assert [j["counted"] for j in data["jobs"]] == ["counted", "counted", "not_counted"]
    assert [(c["id"], c["status"]) for c in data["certifications"]] == [("cert.cca", "earned"), ("cert.cpc", "in_progress")]


def test_existing_out_file_is_kept_without_force(tmp_path):
    resume = resume_file("keisha-okafor", "txt", tmp_path)
    out = tmp_path / "me.toml"
    out.write_text("mine", encoding="utf-8")
    result = from_resume(resume, out)
    assert result.exit_code == 1 and "already exists (use --force to overwrite)" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert from_resume(resume, out, "--force").exit_code == 0


def test_broken_encrypted_and_scanned_resumes_are_one_line_errors(tmp_path):
    text = (RESUMES / "keisha-okafor.txt").read_text(encoding="utf-8")
    locked = write_pdf(text, tmp_path / "locked.pdf", user_password="s3cret")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip file")
    scanned = tmp_path / "scanned.pdf"
    write_pdf("", scanned)
    cases = {
        locked: "encrypted PDF (password protected)",
        broken: "damaged .docx",
        scanned: "PDF with no text in it (a scanned image?",
        tmp_path / "missing.pdf": "no such file",
    }
    for path, reason in cases.items():
        result = from_resume(path, tmp_path / "out.toml")
        assert result.exit_code == 1, (path, result.output)
        assert result.stderr == f"Error: {path}: {result.stderr.split(': ', 2)[2]}"
        assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "out.toml").exists()


def test_credentials_after_the_name_and_inline_headings(tmp_path):
    resume = tmp_path / "maria.txt"
    resume.write_text(
        "Maria J. Lopez-Reyes, CCS, RHIA\nmaria@example.com\n\nProfessional Experience\n"
        "Jan 2019 \u2013 Present | Inpatient Coding Specialist | Riverbend Health\n"
        "\u2022 Code inpatient records with ICD-10-CM/PCS and MS-DRG\n"
        "Software: Epic, Cerner\n"  # a label inside a job: the Experience section goes on
        "Apr 2015 \u2013 Dec 2018 | HIM Analyst | Riverbend Health\n"
        "\u2022 Chart analysis and deficiency tracking\n\n"
        "Education\nBS, Health Information Management, 2014\n\nSkills: leadership, Excel\n",
        encoding="utf-8",
    )
    out = tmp_path / "me.toml"
    assert from_resume(resume, out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["name"] == "Maria J. Lopez-Reyes"
    assert data["certifications"] == ["CCS", "RHIA"]
    assert data["years_experience"] == 11.8  # both jobs, the second after the "Software:" line
    assert data["education"] == "bachelor"
    assert {"Epic", "Cerner", "Excel", "ICD-10-PCS"} <= set(data["skills"])
    unknown = text.split("they do not score):\n", 1)[1].split("\n\n", 1)[0]
    assert unknown == "#   leadership"
