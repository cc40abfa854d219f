"""`GET /__admin/journal.har` read by a real HAR reader (haralyzer), as devtools and HAR tools would."""
from __future__ import annotations

import json
import urllib.request

from haralyzer import HarEntry, HarParser


def post(url: str, key: str) -> bytes:
    request = urllib.request.Request(url, data=b'{"prompt": "x"}', method="POST",
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


def test_a_runs_journal_opens_in_a_har_reader(skillsmock):
    key = skillsmock.key("create-errors.503-then-success")
    sse = skillsmock.base_url + "/generation/sse/kling-ai/kling-v2.6"
    post(sse, key)
    post(sse, key)
    skillsmock.wait_for_requests(key, 2, timeout=10)
    with urllib.request.urlopen(f"{skillsmock.url}/__admin/journal.har?key={key}", timeout=10) as response:
        har = json.load(response)
    parser = HarParser(har)
    assert parser.har_data["version"] == "1.2"
    entries = [HarEntry(entry) for entry in parser.har_data["entries"]]
    assert [entry.status for entry in entries] == [503, 200]
    assert [entry.request.method for entry in entries] == ["POST", "POST"]
    assert entries[0].startTime <= entries[1].startTime  # ISO 8601 times the reader parses
    assert all(entry.time >= 0 for entry in entries)
    stream = entries[1]
    assert stream.response.mimeType == "text/event-stream"
    assert "COMPLETED" in stream.response.text
    assert stream.url.endswith("/api/v1/generation/sse/kling-ai/kling-v2.6")
    assert stream["_end"] == "complete"
    assert entries[0].response.statusText == "Service Unavailable"
    assert key not in json.dumps(har), "the key is only its fingerprint"
