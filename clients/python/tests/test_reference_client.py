"""The seed's reference scripts, unmodified, against the fake through the `skillsmock` fixture."""
from __future__ import annotations

import json
import subprocess
import time

import pytest

from reference import create_and_wait_args, output_lines, run_create_and_wait, run_env
from pytest_skillsmock import RequestsNotSeen

MODEL = "kling-ai/kling-v2.6"


def test_happy_path_completes_over_sse(skillsmock, reference_client):
    key = skillsmock.key("sse-happy.progress-then-completed")
    result = run_create_and_wait(reference_client, skillsmock.base_url, key, MODEL, {"prompt": "neon city"})

    assert result.returncode == 0, result.stdout + result.stderr
    last = output_lines(result.stdout)[-1]
    assert (last["event"], last["source"], last["ok"]) == ("terminal", "sse", True)
    entries = skillsmock.journal(key)
    assert [(e["method"], e["path"], e["kind"], e["status"], e["end"]) for e in entries] == [
        ("POST", f"/api/v1/generation/sse/{MODEL}", "create_sse", 200, "complete")
    ]
    assert entries[0]["scenario"] == "sse-happy.progress-then-completed"
    assert json.loads(entries[0]["body"]) == {"prompt": "neon city"}
    assert key not in json.dumps(entries), "the journal shows keys as fingerprints only"


def test_stream_closed_after_id_falls_back_to_polling(skillsmock, reference_client):
    key = skillsmock.key("sse-breaks.close-after-id")
    client = subprocess.Popen(
        create_and_wait_args(reference_client, skillsmock.base_url, MODEL, {"prompt": "a cat"}),
        env=run_env(key), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        entries = skillsmock.wait_for_requests(key, 4, timeout=20)
    finally:
        output, _ = client.communicate(timeout=30)

    assert client.returncode == 0, output
    create, *polls = entries
    assert (create["kind"], create["end"]) == ("create_sse", "close")
    assert create["generation_id"]
    assert [(p["method"], p["path"], p["status"]) for p in polls] == [
        ("GET", f"/api/v1/generation/{create['generation_id']}", 200)
    ] * 3
    assert json.loads(polls[-1]["response_body"])["status"] == "COMPLETED"


def test_keys_are_independent_runs(skillsmock, reference_client):
    first, second = skillsmock.key("sse-happy.single-terminal"), skillsmock.key("sse-happy.single-terminal")
    assert first != second and first.startswith("sk-test-sse-happy.single-terminal--")
    for key in (first, second):
        assert run_create_and_wait(reference_client, skillsmock.base_url, key, MODEL, {}).returncode == 0
    (one,), (two,) = skillsmock.journal(first), skillsmock.journal(second)
    assert one["key"] != two["key"] and one["generation_id"] != two["generation_id"]


def test_wait_for_requests_timeout_names_what_arrived(skillsmock, reference_client):
    key = skillsmock.key("sse-happy.single-terminal")
    assert run_create_and_wait(reference_client, skillsmock.base_url, key, MODEL, {}).returncode == 0

    started = time.monotonic()
    with pytest.raises(AssertionError) as caught:
        skillsmock.wait_for_requests(key, 3, timeout=0.3)
    assert time.monotonic() - started >= 0.3
    assert isinstance(caught.value, RequestsNotSeen)
    message = str(caught.value)
    assert "expected 3 answered request(s)" in message and "1 arrived" in message
    assert f"POST /api/v1/generation/sse/{MODEL} -> 200 (complete)" in message
    assert len(caught.value.entries) == 1


def test_wait_for_requests_with_nothing_arrived(skillsmock):
    with pytest.raises(RequestsNotSeen, match=r"0 arrived:\n  \(none\)"):
        skillsmock.wait_for_requests(skillsmock.key("sse-happy.single-terminal"), 1, timeout=0.1)
