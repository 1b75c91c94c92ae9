"""sources.toml validation: good files load with defaults, bad ones name file, entry and key."""

from __future__ import annotations

import pytest

from mrtjobs.config import SOURCE_TYPES, load_config, parse_config
from mrtjobs.errors import ConfigError
from mrtjobs.paths import project_data_dir

UA = 'user_agent = "mrtjobs (me@example.com)"'


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_has_every_type_and_loads():
    config = load_config(project_data_dir() / "sources.example.toml")
    assert {s.type for s in config.sources} == set(SOURCE_TYPES)
    assert len({s.name for s in config.sources}) == len(config.sources)
    assert "@" in config.http.user_agent


def test_defaults_are_filled(tmp_path):
    path = write(tmp_path, f"[crawl]\n{UA}\n\n[[sources]]\ntype = 'usajobs'\nemail = 'me@example.com'\n")
    config = load_config(path)
    assert config.http.per_host_interval == 1.0
    (source,) = config.sources
    assert source.options["api_key_env"] == "USAJOBS_API_KEY"
    assert source.options["job_category_code"] == "0675"
    assert source.name.startswith("usajobs")


def test_crawl_table_values_are_used(tmp_path):
    path = write(
        tmp_path,
        "[crawl]\nuser_agent = 'bot (+https://example.org/bot)'\nper_host_interval = 0\n"
        "concurrency = 8\ntimeout = 12.5\n[[sources]]\ntype='lever'\nsite='acme'\nbase_url='http://127.0.0.1:9'\n",
    )
    config = load_config(path)
    assert (config.http.per_host_interval, config.http.concurrency, config.http.timeout) == (0.0, 8, 12.5)
    assert config.sources[0].options == {"site": "acme", "base_url": "http://127.0.0.1:9"}
    assert config.sources[0].name == "lever:acme"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[sources]]\ntype='lever'\nsite='a'\n", r"\[crawl\]: missing table"),
        ("[crawl]\nuser_agent='mrtjobs'\n[[sources]]\ntype='lever'\nsite='a'\n", r"\[crawl\]: key 'user_agent'.*contact"),
        (f"[crawl]\n{UA}\nconcurency=2\n[[sources]]\ntype='lever'\nsite='a'\n", r"\[crawl\]: unknown key 'concurency'"),
        (f"[crawl]\n{UA}\nper_host_interval=-1\n[[sources]]\ntype='lever'\nsite='a'\n", "'per_host_interval'"),
        (f"[crawl]\n{UA}\ntimeout='fast'\n[[sources]]\ntype='lever'\nsite='a'\n", "key 'timeout' must be a number"),
        (f"[crawl]\n{UA}\n", r"no \[\[sources\]\]"),
        (f"[crawl]\n{UA}\n[[sources]]\nsite='a'\n", r"sources #1: key 'type' is required"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='monster'\n", r"sources #1: key 'type': unknown source type 'monster'"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='lever'\nsite='a'\n[[sources]]\ntype='greenhouse'\nname='gh'\n",
         r"sources #2 \(gh\): key 'board' is required"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='greenhouse'\nboard='x'\nbord='y'\n", r"sources #1: key 'bord' is not known"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='workday'\ntenant='t'\nsite='s'\n", r"key 'base_url' is required for type 'workday'"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='usajobs'\nemail='nobody'\n", r"key 'email': 'nobody' is not an email"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='usajobs'\nemail='a@b.org'\njob_category_code=675\n",
         r"key 'job_category_code' must be a non-empty string"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='jsonld'\n", r"key 'urls' or 'sitemap' is required"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='jsonld'\nurls=['/jobs/1.html']\n", r"key 'urls'.*relative"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='jsonld'\nurls=['ftp://x/y']\n", r"must be an http\(s\) URL"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='lever'\nsite='a'\nbase_url='localhost'\n", r"key 'base_url'.*full"),
        (f"[crawl]\n{UA}\n[[sources]]\ntype='lever'\nsite='a'\n[[sources]]\ntype='lever'\nsite='a'\n",
         r"sources #2 \(lever:a\): key 'name'.*already used by sources #1"),
        ("[crawl\n", "invalid TOML"),
    ],
)
def test_bad_files_name_the_file_entry_and_key(tmp_path, body, expected):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError, match=expected) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such sources file"):
        load_config(tmp_path / "absent.toml")


def test_jsonld_relative_urls_allowed_with_base_url():
    config = parse_config(
        {
            "crawl": {"user_agent": "x (a@b.co)"},
            "sources": [{"type": "jsonld", "base_url": "http://127.0.0.1:1", "urls": ["/a.html"], "sitemap": "/s.xml"}],
        }
    )
    assert config.sources[0].options["urls"] == ["/a.html"]
    assert config.sources[0].name == "jsonld:127.0.0.1:1"


def _one(tmp_path, body):
    return load_config(write(tmp_path, f"[crawl]\n{UA}\n\n[[sources]]\n{body}\n")).sources[0]


def test_oracle_and_icims_keys(tmp_path):
    orc = _one(tmp_path, "type = 'oracle'\nbase_url = 'https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/jobs'\n"
                         "site_number = 'CX_1'\nkeyword = 'coder'")
    assert orc.options == {"base_url": "https://eeho.fa.us2.oraclecloud.com", "site_number": "CX_1", "keyword": "coder"}
    assert orc.name == "oracle:eeho.fa.us2.oraclecloud.com/CX_1"
    ic = _one(tmp_path, "type = 'icims'\nbase_url = 'https://careers-examplehealth.icims.com/jobs/search?ss=1'")
    assert ic.options == {"base_url": "https://careers-examplehealth.icims.com"}
    assert ic.name == "icims:careers-examplehealth.icims.com"


@pytest.mark.parametrize(("body", "message"), [
    ("type = 'oracle'\nsite_number = 'CX_1'", "key 'base_url' is required for type 'oracle'"),
    ("type = 'oracle'\nbase_url = 'https://x.fa.us2.oraclecloud.com'", "key 'site_number' is required"),
    ("type = 'oracle'\nbase_url = 'https://x.fa.us2.oraclecloud.com'\nsite_number = 'CX_1,limit=1'", "career site number"),
    ("type = 'icims'\nkeyword = 'coder'", "key 'base_url' is required for type 'icims'"),
    ("type = 'icims'\nbase_url = 'https://careers-x.icims.com'\nsite = 'x'", "key 'site' is not known for type 'icims'"),
])
def test_oracle_and_icims_errors_name_the_key(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message):
        _one(tmp_path, body)
