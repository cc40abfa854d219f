"""The fixture's life cycle, seen from an inner pytest session run with `pytester`."""
from __future__ import annotations

import json
import os
import socket

import pytest

from reference import REPO_ROOT

INNER_TESTS = '''
import json, os, urllib.request

def record(skillsmock):
    with open(os.environ["SKILLSMOCK_RECORD"], "w") as out:
        json.dump({"pid": skillsmock.process.pid, "port": skillsmock.port, "base_url": skillsmock.base_url}, out)

def test_records_the_server(skillsmock):
    record(skillsmock)
    assert skillsmock.base_url.endswith("/api/v1")

def test_uses_the_given_scenarios(skillsmock):
    key = skillsmock.key("sse-happy.single-terminal")
    request = urllib.request.Request(
        skillsmock.base_url + "/generation/sse/kling-ai/kling-v2.6", data=b"{}", method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
    (entry,) = skillsmock.wait_for_requests(key, 1, timeout=5)
    assert entry["scenario"] == "sse-happy.single-terminal"
    health = json.load(urllib.request.urlopen(skillsmock.url + "/__admin/health", timeout=10))
    assert health["scenarios"] == len(os.listdir(os.environ["SKILLSMOCK_SCENARIOS"]))
'''


@pytest.fixture
def inner(pytester, skillsmock, monkeypatch):
    """A pytester whose sessions find the same binary and write what they saw to a record file."""
    monkeypatch.setenv("SKILLSMOCK_BIN", skillsmock.args[0])
    monkeypatch.setenv("SKILLSMOCK_RECORD", str(pytester.path / "record.json"))
    monkeypatch.setenv("SKILLSMOCK_SCENARIOS", str(REPO_ROOT / "Scenarios" / "sse-happy"))
    return pytester


def assert_stopped(record_file):
    """The server the inner session recorded is gone and its port is closed."""
    record = json.loads(record_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(record["pid"], 0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", record["port"]), timeout=2).close()


def test_server_runs_with_the_options_and_stops_after_the_session(inner):
    inner.makepyfile(test_inner=INNER_TESTS)
    scenarios = os.environ["SKILLSMOCK_SCENARIOS"]
    result = inner.runpytest_subprocess(f"--skillsmock-scenarios={scenarios}", "--skillsmock-time-scale=0.1")
    result.assert_outcomes(passed=2)
    assert_stopped(inner.path / "record.json")


def test_server_stops_when_a_test_fails(inner):
    inner.makepyfile(test_inner=INNER_TESTS + "\ndef test_fails(skillsmock):\n    assert False\n")
    result = inner.runpytest_subprocess("-k", "records or fails")
    result.assert_outcomes(passed=1, failed=1)
    assert_stopped(inner.path / "record.json")


def test_teardown_copes_with_a_dead_server(inner):
    inner.makepyfile(test_inner=INNER_TESTS + '''
def test_kills_it(skillsmock):
    skillsmock.process.kill()
    skillsmock.process.wait()
    try:
        skillsmock.journal()
    except Exception as error:
        assert "skillsmock exited" in str(error)
    else:
        raise AssertionError("journal() of a dead server raised nothing")
''')
    result = inner.runpytest_subprocess("-k", "records or kills")
    result.assert_outcomes(passed=2)
    assert_stopped(inner.path / "record.json")


def test_ini_options(inner):
    inner.makeini(f"""
        [pytest]
        skillsmock_scenarios = {os.environ["SKILLSMOCK_SCENARIOS"]}
        skillsmock_time_scale = 0.1
    """)
    inner.makepyfile(test_inner=INNER_TESTS)
    inner.runpytest_subprocess().assert_outcomes(passed=2)


def test_bad_binary_is_a_clear_error(inner, monkeypatch):
    monkeypatch.setenv("SKILLSMOCK_BIN", str(inner.path / "missing-skillsmock"))
    inner.makepyfile(test_inner=INNER_TESTS)
    result = inner.runpytest_subprocess("-k", "records")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*SKILLSMOCK_BIN=*missing-skillsmock is not an executable file*"])
