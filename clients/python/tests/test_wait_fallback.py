"""`wait_for_requests` against stand-in servers: one that waits server-side (200/408), one that refuses (400)."""
from __future__ import annotations

import sys

import pytest

from pytest_skillsmock import RequestsNotSeen, SkillsMock

# A stand-in for `skillsmock serve`: its journal gains one answered entry every 100 ms, up to 3.
STAND_IN = r'''
import json, sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = sys.argv[-1]  # called as: stand_in serve --port 0 MODE
START = time.monotonic()

def entries():
    count = min(3, int((time.monotonic() - START) / 0.1))
    return [{"method": "GET", "path": "/api/v1/generation/g%d" % n, "status": 200, "answered_ms": 1.0, "end": "complete"}
            for n in range(count)]

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        status = 200
        if "wait_count" in query:
            if MODE == "refuse":
                return self.answer(400, {"message": "unknown parameter wait_count"})
            deadline = time.monotonic() + int(query["timeout_ms"]) / 1000
            while len(entries()) < int(query["wait_count"]) and time.monotonic() < deadline:
                time.sleep(0.01)
            status = 200 if len(entries()) >= int(query["wait_count"]) else 408
        self.answer(status, {"entries": entries()})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"listening": "http://127.0.0.1:%d" % server.server_port}), flush=True)
server.serve_forever()
'''


@pytest.fixture(params=["wait", "refuse"])
def stand_in(request, tmp_path):
    """A running stand-in server in mode `wait` (answers wait_count itself) or `refuse` (400)."""
    script = tmp_path / "stand_in"
    script.write_text(f"#!{sys.executable}\n" + STAND_IN)
    script.chmod(0o755)
    with SkillsMock(str(script), extra_args=[request.param]) as mock:
        yield mock


def test_returns_once_enough_arrived(stand_in):
    entries = stand_in.wait_for_requests("sk-test-x--1", 2, timeout=5)
    assert len(entries) >= 2


def test_times_out_naming_what_arrived(stand_in):
    with pytest.raises(RequestsNotSeen) as caught:
        stand_in.wait_for_requests("sk-test-x--1", 5, timeout=0.6)
    assert "3 arrived" in str(caught.value)
    assert "GET /api/v1/generation/g2 -> 200 (complete)" in str(caught.value)
