"""Shared fixtures: a real loopback HTTP server and a fake clock (see tests/loopback.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import FakeClock, Loopback  # noqa: E402


@pytest.fixture
def loopback():
    """A started HTTP server on 127.0.0.1 with no routes; stopped after the test."""
    server = Loopback().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_clock():
    """A clock for injecting into the client: sleeping advances it instantly."""
    return FakeClock()


@pytest.fixture
def polite(fake_clock):
    """A polite client with no interval and a fake sleep (retries cost no real time)."""
    import random

    from scraper.http import HttpSettings, make_client

    settings = HttpSettings(user_agent="mrtjobs-test (ops@example.org)", per_host_interval=0, max_retries=2)
    client = make_client(settings, clock=fake_clock, wall_clock=fake_clock, sleep=fake_clock.sleep,
                         rng=random.Random(3))
    try:
        yield client
    finally:
        client.close()
