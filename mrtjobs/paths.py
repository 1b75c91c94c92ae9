"""Default locations, from platformdirs, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mrtjobs"


def default_db_path() -> Path:
    """``$MRTJOBS_DB`` if set, else ``<user data dir>/mrtjobs.db``."""
    env = os.environ.get("MRTJOBS_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "mrtjobs.db"


def project_data_dir() -> Path:
    """The bundled data/ folder (samples, example profile, example sources)."""
    return Path(__file__).resolve().parent.parent / "data"
