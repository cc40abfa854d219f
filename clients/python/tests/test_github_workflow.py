"""docs/ci/github-actions.yml: a sharded `skillsmock conform` matrix that publishes JUnit reports."""
from __future__ import annotations

import pytest
import yaml

from reference import REPO_ROOT

WORKFLOW = REPO_ROOT / "docs" / "ci" / "github-actions.yml"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def steps_using(job, action):
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def run_text(job):
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_triggers_and_jobs(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert {"conform", "publish"} <= set(workflow["jobs"])


def test_conform_runs_sharded_over_a_matrix(workflow):
    job = workflow["jobs"]["conform"]
    shards = job["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    assert job["strategy"]["fail-fast"] is False
    text = run_text(job)
    assert "libevent-dev" in text
    assert "swift build -c release" in text
    assert "skillsmock conform" in text
    assert "--shard ${{ matrix.shard }}/${{ strategy.job-total }}" in text
    assert "--report-junit reports/" in text


def test_build_is_cached(workflow):
    (cache,) = steps_using(workflow["jobs"]["conform"], "actions/cache")
    assert ".build" in cache["with"]["path"]
    assert "hashFiles(" in cache["with"]["key"]


def test_reports_are_uploaded_even_on_failure_and_published(workflow):
    (upload,) = steps_using(workflow["jobs"]["conform"], "actions/upload-artifact")
    assert upload["if"] == "always()"
    assert "matrix.shard" in upload["with"]["name"]
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "conform" and publish["if"] == "always()"
    (download,) = steps_using(publish, "actions/download-artifact")
    assert download["with"]["merge-multiple"] is True
    (report,) = steps_using(publish, "mikepenz/action-junit-report")
    assert report["with"]["report_paths"].endswith(".junit.xml")
    assert workflow["permissions"]["checks"] == "write"
