"""Shared test fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/seedtext.py, tests/factories.py


@pytest.fixture
def casemark():
    """Run the installed `casemark` command (as a user would), returning the CompletedProcess."""
    exe = shutil.which("casemark")
    if exe is None:
        pytest.fail("the casemark command is not installed: run  python3 -m pip install -e '.[test]'")

    def run(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None):
        full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
        full_env.pop("CASEMARK_DATA", None) if env is None or "CASEMARK_DATA" not in env else None
        return subprocess.run(
            [exe, *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or REPO,
            env=full_env,
            input=input,
            timeout=120,
        )

    return run


@pytest.fixture(autouse=True, scope="session")
def _framework_cache_of_the_tests(tmp_path_factory):
    """The app's framework cache (engine/framework_cache.py) goes to a folder of the test run's,
    not the user's ~/.cache/casemark; tests of the cache itself set their own."""
    before = os.environ.get("CASEMARK_CACHE")
    os.environ["CASEMARK_CACHE"] = str(tmp_path_factory.mktemp("casemark-cache"))
    yield
    if before is None:
        os.environ.pop("CASEMARK_CACHE", None)
    else:
        os.environ["CASEMARK_CACHE"] = before


@pytest.fixture(autouse=True)
def _resume_state_of_the_test(tmp_path_factory, monkeypatch):
    """Where the app keeps the place to resume (tui/resume.py): a folder of each test's own."""
    monkeypatch.setenv("CASEMARK_STATE", str(tmp_path_factory.mktemp("casemark-state")))
