"""Helpers to find and run the seed's reference scripts (shared/reference-client/)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytest_skillsmock import find_project_root

REPO_ROOT = find_project_root(Path(__file__).parent)


def reference_dir() -> Path:
    """`$SKILLS_REFERENCE_CLIENT`, else `../shared/reference-client` beside the repository."""
    return Path(os.environ.get("SKILLS_REFERENCE_CLIENT") or REPO_ROOT.parent / "shared" / "reference-client")


def create_and_wait_args(reference: Path, base_url: str, model: str, payload: dict) -> list[str]:
    """The command line that runs `create_and_wait.py` against `base_url` with short timings."""
    return [
        sys.executable, str(reference / "create_and_wait.py"),
        "--base-url", base_url,
        "--sse-endpoint", f"/generation/sse/{model}",
        "--payload", json.dumps(payload),
        "--poll-interval", "0.05", "--poll-timeout", "20", "--sse-request-timeout", "10",
    ]


def run_env(key: str) -> dict[str, str]:
    """The environment for a reference script: this one plus the run's key."""
    return {**os.environ, "SKILLS_VIDEO_API_KEY": key, "PYTHONUNBUFFERED": "1"}


def output_lines(text: str) -> list[dict]:
    """The JSON lines a reference script printed."""
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def run_create_and_wait(reference: Path, base_url: str, key: str, model: str, payload: dict):
    """Run `create_and_wait.py` to the end; returns the CompletedProcess."""
    return subprocess.run(
        create_and_wait_args(reference, base_url, model, payload),
        env=run_env(key), capture_output=True, text=True, timeout=60,
    )
