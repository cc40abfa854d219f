#!/usr/bin/env python3
"""A small skills.video client that does the workflow right except for ONE deliberate mistake (--break RULE).

Used by the conformance runner's own tests: each profile in this directory breaks one rule, and the
runner must fail it on exactly that rule. With --break none it is a reasonable client.
"""
import argparse
import email.utils
import json
import os
import sys
import time
import urllib.error
import urllib.request

TERMINAL = {"COMPLETED", "SUCCEEDED", "FAILED", "CANCELED", "CANCELLED"}
SUCCESS = {"COMPLETED", "SUCCEEDED"}
EXIT = {"insufficient_credits": 20, "auth": 21, "validation": 22, "not_found": 23, "transient": 24, "unknown": 25}
CREDIT_WORDS = ("insufficient credit", "not enough credit", "insufficient balance", "credit balance", "top up", "recharge")


def retry_after_seconds(value):
    """Retry-After as seconds to wait: whole seconds or an HTTP date (a past date is 0); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def emit(**fields):
    print(json.dumps(fields), flush=True)


def find(node, keys):
    if isinstance(node, dict):
        for k in keys:
            v = node.get(k)
            if isinstance(v, str) and v.strip():
                return v.strip()
        for v in node.values():
            found = find(v, keys)
            if found:
                return found
    elif isinstance(node, list):
        for v in node:
            found = find(v, keys)
            if found:
                return found
    return None


def status_of(payload):
    return find(payload, ("status", "state", "queue_state", "queueState", "prediction_status", "predictionStatus"))


def id_of(payload):
    return find(payload, ("generation_id", "generationId", "prediction_id", "predictionId", "task_id", "taskId", "id"))


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def classify(status, body):
    payload = parse(body)
    message = payload.get("message", "") if isinstance(payload, dict) else str(payload)
    lowered = str(message).lower()
    if status == 402 or any(w in lowered for w in CREDIT_WORDS):
        return "insufficient_credits"
    if status == 401 or "unauthorized" in lowered:
        return "auth"
    if status == 422 or "validation" in lowered:
        return "validation"
    if status == 404:
        return "not_found"
    if status == 429 or status >= 500:
        return "transient"
    return "unknown"


class Client:
    def __init__(self, args, key):
        self.a = args
        self.key = key
        self.brk = args.brk

    def finish(self, code, **event):
        emit(**event)
        if self.brk == "exit1":
            code = 0 if code != 0 else 3
        sys.exit(code)

    def headers(self, accept, polling=False):
        h = {"Accept": accept, "Content-Type": "application/json"}
        if not (self.brk == "auth1" and polling):
            h["Authorization"] = "Bearer " + self.key
        return h

    def fail_http(self, status, body):
        category = classify(status, body)
        if self.brk == "class1":
            category = "unknown" if category != "unknown" else "auth"
        self.finish(EXIT[category], event="error", category=category, http_status=status)

    def backoff(self, attempt, retry_after):
        if self.brk == "retry2":
            return self.a.backoff_base / (attempt + 1)  # waits that shrink instead of doubling
        growth = 2
        if self.brk == "retry2-flat":
            growth = 1  # the base every time: no backoff at all
        elif self.brk == "retry2-growth":
            growth = 1.8  # nearly doubling: the second wait is 0.9 of what is due
        wait = min(self.a.backoff_base * (growth ** attempt), self.a.backoff_max)
        if retry_after is not None and self.brk != "retry3":
            wait = max(wait, retry_after)
        return wait

    def create(self):
        url = self.a.base_url.rstrip("/") + self.a.sse_endpoint
        attempt = 0
        repeated = False
        while True:
            accept = "application/json" if self.brk == "sse1" else "text/event-stream"
            req = urllib.request.Request(url, data=self.a.payload.encode(), method="POST", headers=self.headers(accept))
            try:
                resp = urllib.request.urlopen(req, timeout=self.a.sse_idle_timeout)
            except urllib.error.HTTPError as exc:
                body = exc.read().decode("utf-8", "replace")
                if exc.code in (429,) or exc.code >= 500:
                    if attempt >= 4:
                        self.finish(24, event="error", category="transient", http_status=exc.code)
                    retry_after = exc.headers.get("Retry-After")
                    time.sleep(self.backoff(attempt, retry_after_seconds(retry_after)))
                    attempt += 1
                    continue
                if self.brk == "retry1" and not repeated:
                    repeated = True
                    continue
                self.fail_http(exc.code, body)
            except OSError:
                if attempt >= 4:
                    self.finish(24, event="error", category="transient", message="connection failed")
                time.sleep(self.backoff(attempt, None))
                attempt += 1
                continue
            gen = self.read_stream(resp)
            if gen is None:
                # The stream ended before any id: a transient failure of the create, retried like one
                # (--break retry2-break gives up at once instead).
                if self.brk == "retry2-break" or attempt >= 4:
                    self.finish(24, event="error", category="transient", message="stream ended before any id")
                time.sleep(self.backoff(attempt, None))
                attempt += 1
                continue
            if self.brk == "fall2":
                self.brk = "none"
                continue
            return gen

    def read_stream(self, resp):
        gen, data = None, []
        try:
            for raw in resp:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if data:
                        payload = parse("\n".join(data))
                        data = []
                        gen = gen or id_of(payload)
                        status = status_of(payload)
                        emit(event="sse_event", status=status, generation_id=gen)
                        if status and status.upper() in TERMINAL:
                            self.report(status, payload)
                    continue
                if line.startswith("data:"):
                    data.append(line[5:].lstrip(" ") if line[5:6] == " " else line[5:])
        except OSError:
            pass
        emit(event="sse_stream_ended", generation_id=gen)
        return gen

    def report(self, status, payload):
        if self.brk == "term2":
            status = "COMPLETED"
        ok = status.upper() in SUCCESS
        if self.brk == "term1":
            status = "IN_PROGRESS"
        self.finish(0 if ok else 10, event="terminal", status=status, ok=ok, response=payload)

    def poll(self, gen):
        if self.brk == "fall1":
            self.finish(25, event="error", category="unknown", message="stream ended; not polling")
        url = self.a.base_url.rstrip("/") + "/generation/" + gen
        interval = self.a.poll_interval
        if self.brk == "poll1":
            interval = self.a.poll_interval / 10
        elif self.brk == "poll1-near":
            interval = self.a.poll_interval * 0.8  # a fifth short of the interval
        timeout = self.a.poll_timeout * 0.9 if self.brk == "poll2-early" else self.a.poll_timeout
        started = time.monotonic()
        last = None
        failures = 0
        while True:
            if time.monotonic() - started > timeout and self.brk != "poll2":
                self.finish(11, event="timeout", generation_id=gen, last_status=last)
            req = urllib.request.Request(url, method="GET", headers=self.headers("application/json", polling=True))
            try:
                with urllib.request.urlopen(req, timeout=self.a.request_timeout) as resp:
                    payload = parse(resp.read().decode("utf-8", "replace"))
            except urllib.error.HTTPError as exc:
                body = exc.read().decode("utf-8", "replace")
                if exc.code == 429 or exc.code >= 500:
                    retry_after = exc.headers.get("Retry-After")
                    time.sleep(self.backoff(failures, retry_after_seconds(retry_after)))
                    failures += 1
                    continue
                self.fail_http(exc.code, body)
            except OSError:
                time.sleep(self.backoff(failures, None))
                failures += 1
                continue
            failures = 0
            last = status_of(payload)
            emit(event="poll", status=last, generation_id=gen)
            if last and last.upper() in TERMINAL:
                self.report(last, payload)
            remaining = started + timeout - time.monotonic()
            if remaining < interval and self.brk != "poll2":
                time.sleep(max(0.0, remaining))  # the wait is clipped to the poll timeout, then it is reported
                self.finish(11, event="timeout", generation_id=gen, last_status=last)
            time.sleep(interval)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base-url", required=True)
    p.add_argument("--sse-endpoint", required=True)
    p.add_argument("--payload", default="{}")
    p.add_argument("--poll-interval", type=float, default=1)
    p.add_argument("--poll-timeout", type=float, default=30)
    p.add_argument("--sse-idle-timeout", type=float, default=10)
    p.add_argument("--request-timeout", type=float, default=10)
    p.add_argument("--backoff-base", type=float, default=1)
    p.add_argument("--backoff-max", type=float, default=16)
    p.add_argument("--break", dest="brk", default="none")
    p.add_argument("--note", default="", help="printed in the start event (reports must show it as text)")
    a = p.parse_args()
    key = os.environ.get("SKILLS_VIDEO_API_KEY", "").strip()
    if a.note:
        emit(event="start", note=a.note)
    if a.brk == "sec1":
        emit(event="start", note="using key " + key)
    if not key:
        if a.brk == "auth2":
            try:
                urllib.request.urlopen(urllib.request.Request(a.base_url.rstrip("/") + "/credits"), timeout=2)
            except OSError:
                pass
        emit(event="error", error="missing_api_key", message="Set SKILLS_VIDEO_API_KEY before calling skills.video APIs.")
        sys.exit(1)
    client = Client(a, key)
    gen = client.create()
    client.poll(gen)


if __name__ == "__main__":
    main()
