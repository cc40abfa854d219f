"""Fixtures of the plugin's own suite."""
from __future__ import annotations

from pathlib import Path

import pytest

from reference import reference_dir

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def reference_client() -> Path:
    """The reference scripts' directory; skips the test when it is absent."""
    directory = reference_dir()
    if not directory.is_dir():
        pytest.skip(f"no reference client at {directory} (set SKILLS_REFERENCE_CLIENT)")
    return directory
