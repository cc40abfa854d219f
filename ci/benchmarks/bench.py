#!/usr/bin/env python3
"""ci/bench driver: measures the fake server, the suite and the SSE parser; prints a table, writes bench.json.

Every figure is a ratio against a baseline measured in the same run, or a count. Run it through
`ci/bench`, which installs wrk / nginx-light, builds release and compiles the SSE load client.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".build" / "release"
SKILLSMOCK = BIN / "skillsmock"
BENCH_SCENARIOS = ROOT / "ci" / "benchmarks" / "scenarios"
POLL_KEY = "sk-test-bench.poll"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
THROUGHPUT_ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
STREAMS = int(os.environ.get("BENCH_STREAMS", "10000"))
HEARTBEAT_KEY = "sk-test-bench.heartbeat"
# Lateness targets (p99, ms) by number of concurrent streams: the server keeps time (SPEC 6 TIMING-0).
LATENESS_P99_TARGETS = {1000: 2.0, 10000: 10.0}
# Beside the absolute targets: p99 lateness at most this many times bare evhttp's on the same load, same run.
LATENESS_RATIO_TARGET = 1.5
RESULTS: list[dict] = []
LATENESS: dict[str, dict] = {}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def record(name: str, value, unit: str, target: str, passed: bool | None, detail: str = "") -> None:
    RESULTS.append({"name": name, "value": value, "unit": unit, "target": target,
                    "verdict": "n/a" if passed is None else ("PASS" if passed else "FAIL"), "detail": detail})
    log(f"  {name}: {value} {unit}  [{target}] {'' if passed is None else ('PASS' if passed else 'FAIL')} {detail}")


class Server:
    """A `skillsmock serve` child process on an ephemeral port."""

    def __init__(self, *extra: str) -> None:
        args = [str(SKILLSMOCK), "serve", "--port", "0", "--scenarios", str(BENCH_SCENARIOS), *extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        line = self.proc.stdout.readline().decode()
        self.base = json.loads(line)["listening"]
        self.port = int(self.base.rsplit(":", 1)[1])

    def get(self, path: str, key: str | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path)
        if key:
            req.add_header("Authorization", f"Bearer {key}")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def get_json(self, path: str, timeout: float = 120) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=timeout) as resp:
            return json.loads(resp.read())

    def now_ms(self) -> float:
        """The server's clock (the journal's time base), read from GET /__admin/lateness."""
        return float(self.get_json("/__admin/lateness?from_ms=0&to_ms=0")["now_ms"])

    def journal_count(self) -> int:
        status, body = self.get("/__admin/health")
        return int(json.loads(body).get("journal", -1)) if status == 200 else -1

    def rss_kib(self, field: str = "VmRSS") -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return -1

    def cpu_ns(self) -> int:
        """CPU time of every thread so far, in ns (/proc/PID/task/*/schedstat)."""
        total = 0
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that ended meanwhile
        return total

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wrk(url: str, seconds: int = WRK_SECONDS, auth: str = "", connections: int = 50) -> float:
    """Requests per second from `wrk -t1 -cN -dS`."""
    env = dict(os.environ, AUTH=auth)
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s",
                          str(ROOT / "ci/benchmarks/wrk-auth.lua"), url],
                         capture_output=True, text=True, env=env, timeout=seconds + 30).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        log(f"  warning: {non2xx.group(1)} non-2xx answers from {url}")
    return float(match.group(1)) if match else 0.0


def wrk_fill(url: str, requests: int, auth: str) -> None:
    """Sends about `requests` requests (wrk with a stop-after-N script)."""
    env = dict(os.environ, AUTH=auth, LIMIT=str(max(1, requests)))
    subprocess.run(["wrk", "-t1", "-c10", "-d120s", "-s", str(ROOT / "ci/benchmarks/wrk-limit.lua"), url],
                   capture_output=True, text=True, env=env, timeout=150)


def poll_body(server: Server) -> tuple[str, bytes]:
    """Creates a generation on the bench scenario and returns the poll path and its answer body."""
    req = urllib.request.Request(server.base + "/api/v1/generation/kling-ai/kling-v2.6", data=b'{"prompt":"bench"}',
                                 headers={"Authorization": f"Bearer {POLL_KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        gen = json.loads(resp.read())["id"]
    path = f"/api/v1/generation/{gen}"
    status, body = server.get(path, POLL_KEY)
    assert status == 200, (status, body)
    return path, body


def nginx_run(workdir: Path, name: str, server_block: str) -> tuple[subprocess.Popen, int]:
    """nginx, one worker, in the foreground, serving `server_block` (its `listen` line added) on a free port."""
    port = free_port()
    conf = workdir / f"{name}.conf"
    (workdir / "logs").mkdir(exist_ok=True)
    conf.write_text(f"""
worker_processes 1;
daemon off;
pid {workdir}/{name}.pid;
error_log {workdir}/logs/{name}-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  {server_block.replace("LISTEN", f"listen 127.0.0.1:{port};")}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)], stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, port


def nginx_start(body: bytes, workdir: Path) -> tuple[subprocess.Popen, int]:
    escaped = body.decode().replace("\\", "\\\\").replace("'", "\\'")
    return nginx_run(workdir, "nginx", f"""server {{
    LISTEN
    location / {{ default_type application/json; return 200 '{escaped}'; }}
  }}""")


def nginx_proxy_start(upstream_port: int, workdir: Path) -> tuple[subprocess.Popen, int]:
    """nginx as a streaming reverse proxy (no buffering, keep-alive upstream connections) in front of
    `upstream_port`: the baseline for what any proxy adds to time to first event on this machine."""
    return nginx_run(workdir, "nginx-proxy", f"""upstream fake {{ server 127.0.0.1:{upstream_port}; keepalive 16; }}
  server {{
    LISTEN
    location / {{
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }}
  }}""")


def pystub_start(body: bytes) -> tuple[subprocess.Popen, int]:
    port = free_port()
    code = f"""
import time
from pytest_httpserver import HTTPServer
s = HTTPServer(host="127.0.0.1", port={port})
s.expect_request("/api/v1/generation/x").respond_with_data({body!r}, content_type="application/json")
s.start()
while True:
    time.sleep(3600)
"""
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, port


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 15) -> None:
    import socket
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def bare_start(body: bytes) -> tuple[subprocess.Popen, int]:
    """The ceiling baseline: bare evhttp (ci/benchmarks/bare-evhttp.c) with as many loops as skillsmock."""
    port = free_port()
    proc = subprocess.Popen([str(ROOT / ".build" / "bare-evhttp"), str(port), "2", body.decode()],
                            stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, port


def bench_throughput() -> None:
    rounds = THROUGHPUT_ROUNDS
    log(f"== 1. throughput (wrk -t1 -c50 -d{WRK_SECONDS}s), {rounds} interleaved rounds, best run of each")
    on, off, unprobed = Server(), Server("--no-journal"), Server("--lag-probe-ms", "0")
    path, body = poll_body(on)
    path_off, _ = poll_body(off)
    path_unprobed, _ = poll_body(unprobed)
    runs: dict[str, list[float]] = {"on": [], "off": [], "unprobed": [], "nginx": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        nginx, nport = nginx_start(body, Path(tmp))
        bare, bport = bare_start(body)
        stub, sport = pystub_start(body)
        try:
            # Every round measures every target back to back, so drift on a shared machine hits them alike.
            for _ in range(rounds):
                runs["on"].append(wrk(on.base + path, auth=f"Bearer {POLL_KEY}"))
                runs["nginx"].append(wrk(f"http://127.0.0.1:{nport}{path}"))
                runs["off"].append(wrk(off.base + path_off, auth=f"Bearer {POLL_KEY}"))
                runs["bare"].append(wrk(f"http://127.0.0.1:{bport}{path}"))
                runs["unprobed"].append(wrk(unprobed.base + path_unprobed, auth=f"Bearer {POLL_KEY}"))
            py = wrk(f"http://127.0.0.1:{sport}/api/v1/generation/x", seconds=max(3, WRK_SECONDS // 2))
        finally:
            for proc in (nginx, bare, stub):
                proc.terminate()
                proc.wait()
            on.stop()
            off.stop()
            unprobed.stop()
    best = {name: max(values) for name, values in runs.items()}
    shown = {name: [round(x) for x in values] for name, values in runs.items()}
    record("skillsmock req/s (journal on)", round(best["on"]), "req/s", "-", None, f"runs {shown['on']}")
    record("skillsmock req/s (journal off)", round(best["off"]), "req/s", "-", None, f"runs {shown['off']}")
    record("nginx 1 worker req/s", round(best["nginx"]), "req/s", "-", None, f"runs {shown['nginx']}")
    record("bare evhttp (2 loops) req/s", round(best["bare"]), "req/s", "-", None, f"runs {shown['bare']}")
    record("pytest-httpserver req/s", round(py), "req/s", "-", None)
    ratio = best["on"] / best["nginx"] if best["nginx"] else 0
    record("throughput vs nginx", round(ratio, 3), "x", ">= 0.55", ratio >= 0.55)
    ceiling = best["on"] / best["bare"] if best["bare"] else 0
    record("throughput vs bare evhttp (ceiling)", round(ceiling, 3), "x", "-", None,
           f"bare evhttp vs nginx {best['bare'] / best['nginx']:.3f}x" if best["nginx"] else "")
    pyr = best["on"] / py if py else 0
    record("throughput vs pytest-httpserver", round(pyr, 1), "x", ">= 20", pyr >= 20)
    cost = 1 - best["on"] / best["off"] if best["off"] else 0
    record("journal cost (on vs off)", round(cost * 100, 1), "%", "< 10%", cost < 0.10)
    probe = 1 - best["on"] / best["unprobed"] if best["unprobed"] else 0
    record("req/s without the lag probe", round(best["unprobed"]), "req/s", "-", None,
           f"runs {shown['unprobed']}; {probe * 100:+.1f}% vs with it (wrk noise here is about 10%)")
    probe_cpu()


def probe_cpu(seconds: float = 10) -> None:
    """The lag probe's own CPU: an idle server with it against one without, per loop. Under load its ticks
    ride on busy loop turns and cost no more than idle ones, so this share of a loop's core bounds what the
    probe takes from throughput."""
    with_probe, without = Server(), Server("--lag-probe-ms", "0")
    try:
        time.sleep(1)
        start = (with_probe.cpu_ns(), without.cpu_ns())
        time.sleep(seconds)
        used = (with_probe.cpu_ns() - start[0], without.cpu_ns() - start[1])
    finally:
        with_probe.stop()
        without.stop()
    loops = 2
    share = max(0, used[0] - used[1]) / (seconds * 1e9 * loops)
    record("lag probe CPU per loop (idle, bounds its throughput cost)", round(share * 100, 3), "%", "< 2%",
           share < 0.02, f"idle CPU {used[0] / 1e6:.1f} ms with the probe, {used[1] / 1e6:.1f} ms without, "
           f"over {seconds:g} s")


def percentile(sorted_samples: list[float], percent: float) -> float:
    """Nearest rank, as LatenessSummary does: the sample at rank ceil(p/100 * n), from 1."""
    rank = max(1, -(-len(sorted_samples) * percent // 100))
    return sorted_samples[min(int(rank), len(sorted_samples)) - 1]


def lateness_summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    if not ordered:
        return {"p50": 0.0, "p99": 0.0, "max": 0.0, "count": 0}
    return {"p50": percentile(ordered, 50), "p99": percentile(ordered, 99), "max": ordered[-1], "count": len(ordered)}


def sseload(port: int, n: int, path: str, key: str, spread_ms: int) -> dict:
    """One `sseload` run: n streams of 30 heartbeats 1 s apart, opened in a burst or spread over spread_ms."""
    args = [str(ROOT / ".build" / "sseload"), "127.0.0.1", str(port), str(n), path, key, "30", "1000", "90"]
    if spread_ms:
        args.append(str(spread_ms))
    out = subprocess.run(args, capture_output=True, text=True, timeout=150)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_streams(n: int, spread_ms: int = 0) -> dict:
    """n heartbeat streams on a fresh server; the load client's counts, memory, and how late the server was:
    its scripted-event lateness (journal `late_ms`) and its loop-lag probe over the run."""
    server = Server()
    rss_before = server.rss_kib()
    start_ms = server.now_ms()
    load = sseload(server.port, n, "/api/v1/generation/sse/kling-ai/kling-v2.6", HEARTBEAT_KEY, spread_ms)
    peak = server.rss_kib("VmHWM")
    probe = server.get_json(f"/__admin/lateness?from_ms={start_ms}")["samples"]
    entries = server.get_json(f"/__admin/journal?key={HEARTBEAT_KEY}")["entries"]
    server.stop()
    events = [late for entry in entries for late in entry.get("late_ms", [])]
    return {"load": load, "peak": peak, "rss_before": rss_before,
            "events": lateness_summary(events), "probe": lateness_summary(probe), "entries": len(entries)}


def run_bare_streams(n: int, spread_ms: int = 0) -> dict:
    """The same heartbeat streams from bare evhttp (ci/benchmarks/bare-evhttp.c, nothing of ours): how late
    libevent alone fires the same timers on this machine, in this run."""
    port = free_port()
    proc = subprocess.Popen([str(ROOT / ".build" / "bare-evhttp"), str(port), "2", "{}", "30", "1000"],
                            stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        load = sseload(port, n, "/api/v1/generation/sse/bare", "bare", spread_ms)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lateness", timeout=30) as resp:
            samples = json.loads(resp.read())["samples"]
    finally:
        proc.kill()
        proc.wait()
    return {"load": load, "events": lateness_summary(samples)}


def machine_jitter() -> dict:
    """How late a bare timerfd loop in C wakes on this machine, idle (4,000 timers 2.5 ms apart): the floor
    under any server's lateness here."""
    out = subprocess.run([str(ROOT / ".build" / "timerjitter"), "4000", "2.5"], capture_output=True, text=True,
                         timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def record_lateness(n: int, start: str, run: dict, bare: dict) -> None:
    """The server's lateness for n streams opened one way, beside bare evhttp's on the same workload."""
    target = LATENESS_P99_TARGETS.get(n)
    ramp = run["load"]["ramp_ms"]
    LATENESS.setdefault(str(n), {"p99_target_ms": target})[start] = {
        "events": run["events"], "probe": run["probe"], "bare_evhttp": bare["events"], "ramp_ms": ramp}
    how = ("the streams opened within {:.0f} ms, so their timers fall due together" if start == "burst"
           else "the streams opened evenly over {:.0f} ms, so their timers fall due spread out").format(ramp)
    for what, label in (("events", "scripted-event lateness"), ("probe", "loop-lag probe")):
        figures = run[what]
        record(f"{label} p50 ({n} streams, {start})", round(figures["p50"], 2), "ms", "-", None,
               f"{figures['count']} samples; {how}")
        passed = None if target is None else figures["p99"] <= target
        record(f"{label} p99 ({n} streams, {start})", round(figures["p99"], 2), "ms",
               "-" if target is None else f"<= {target:g}", passed)
        record(f"{label} max ({n} streams, {start})", round(figures["max"], 2), "ms", "-", None)
    base = bare["events"]
    record(f"bare evhttp lateness p99 ({n} streams, {start})", round(base["p99"], 2), "ms", "-", None,
           f"{base['count']} samples, same load; max {base['max']:.2f} ms")
    ratio = run["events"]["p99"] / max(base["p99"], 0.01)
    record(f"lateness p99 vs bare evhttp ({n} streams, {start})", round(ratio, 2), "x",
           f"<= {LATENESS_RATIO_TARGET:g}", ratio <= LATENESS_RATIO_TARGET)


def bench_streams() -> None:
    log("== 2. machine timer jitter (a bare C timerfd loop, idle): the floor under any lateness figure")
    jitter = machine_jitter()
    LATENESS["machine_jitter"] = jitter
    record("machine timer jitter p99 (idle)", round(jitter["p99"], 2), "ms", "-", None,
           f"p50 {jitter['p50']:.3f}, max {jitter['max']:.2f} ms over {jitter['count']} timers")
    sizes = [1000, STREAMS] if STREAMS > 1000 else [STREAMS]
    for n in sizes:
        for start, spread in (("burst", 0), ("spread", 1000)):
            log(f"== 2. {n} concurrent SSE streams ({start} start), heartbeat every 1 s for 30 s; then bare evhttp")
            run = run_streams(n, spread)
            bare = run_bare_streams(n, spread)
            result = run["load"]
            record(f"streams complete ({n}, {start})", result["complete"], "streams", f"== {n}",
                   result["complete"] == n)
            record(f"streams dropped ({n}, {start})", result["dropped"] + result["unfinished"], "streams", "== 0",
                   result["dropped"] + result["unfinished"] == 0)
            record(f"streams late > 1 s ({n}, {start})", result["late"], "streams", "== 0", result["late"] == 0,
                   f"worst gap {result['worst_gap_ms']} ms")
            if n == STREAMS and start == "burst":
                peak, rss_before = run["peak"], run["rss_before"]
                record("server peak RSS", round(peak / 1024, 1), "MiB", "< 150", peak < 150 * 1024)
                record("memory per stream", round((peak - rss_before) / n, 2), "KiB", "-", None,
                       f"idle RSS {rss_before} KiB")
            record_lateness(n, start, run, bare)


class Recorder:
    """A `skillsmock record` child process in front of `upstream`, writing runs under a temporary directory."""

    def __init__(self, upstream: str) -> None:
        self.out = tempfile.mkdtemp(prefix="skillsmock-bench-record-")
        args = [str(SKILLSMOCK), "record", "--upstream", upstream, "--port", "0", "--out", self.out]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        self.port = int(json.loads(self.proc.stdout.readline().decode())["listening"].rsplit(":", 1)[1])

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.out, ignore_errors=True)


def first_event_ms(port: int, key: str) -> float:
    """Real ms from sending one SSE create on a fresh connection to reading its first event's blank line."""
    body = b'{"prompt":"bench"}'
    head = (f"POST /api/v1/generation/sse/kling-ai/kling-v2.6 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        start = time.perf_counter()
        sock.sendall(head + body)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError(f"stream ended before its first event: {data[:200]!r}")
            data += chunk
            split = data.find(b"\r\n\r\n")
            if split >= 0 and b"\n\n" in data[split + 4:]:
                elapsed = (time.perf_counter() - start) * 1000
                # Read on to the stream's end, as a client does: hanging up first would cut every stream short
                # and leave each proxy to tear down its upstream connection on the next sample's time.
                while sock.recv(65536):
                    pass
                return elapsed


def bench_record() -> None:
    samples = int(os.environ.get("BENCH_RECORD_SAMPLES", "1000"))
    log(f"== 7. recorder: time to first event, direct vs through skillsmock record ({samples} each, interleaved)")
    server = Server()
    recorder = Recorder(server.base)
    workdir = Path(tempfile.mkdtemp(prefix="skillsmock-bench-proxy-"))
    proxy, proxy_port = nginx_proxy_start(server.port, workdir)
    try:
        for index in range(20):  # warm every path (connection pools, page cache)
            first_event_ms(server.port, f"sk-test-bench.first-event--warm{index}")
            first_event_ms(recorder.port, f"sk-test-bench.first-event--warm{index}")
            first_event_ms(proxy_port, f"sk-test-bench.first-event--warm{index}")
        direct, proxied, nginx = [], [], []
        # Each sample is a run of its own (its own key), as each test of a suite uses its own key.
        for index in range(samples):
            direct.append(first_event_ms(server.port, f"sk-test-bench.first-event--direct{index}"))
            proxied.append(first_event_ms(recorder.port, f"sk-test-bench.first-event--recorded{index}"))
            nginx.append(first_event_ms(proxy_port, f"sk-test-bench.first-event--nginx{index}"))
        direct.sort()
        proxied.sort()
        nginx.sort()
        for percent in (50, 99):
            d, p, n = percentile(direct, percent), percentile(proxied, percent), percentile(nginx, percent)
            added = p - d
            record(f"time to first event p{percent}: direct / through the recorder", f"{d:.3f} / {p:.3f}", "ms", "-", None)
            record(f"recorder adds to time to first event, p{percent}", round(added, 3), "ms",
                   "< 1" if percent == 99 else "-", added < 1 if percent == 99 else None)
            record(f"nginx streaming proxy adds to time to first event, p{percent}", round(n - d, 3), "ms", "-", None,
                   "the same upstream behind nginx (proxy_buffering off, keep-alive upstream): any proxy's cost here")
    finally:
        proxy.terminate()
        proxy.wait()
        shutil.rmtree(workdir, ignore_errors=True)
        recorder.stop()
        server.stop()
    streams = int(os.environ.get("BENCH_RECORD_STREAMS", "1000"))
    log(f"== 7b. {streams} concurrent SSE streams through the recorder, heartbeat every 1 s for 30 s")
    server = Server()
    recorder = Recorder(server.base)
    try:
        result = sseload(recorder.port, streams, "/api/v1/generation/sse/kling-ai/kling-v2.6", HEARTBEAT_KEY, 0)
        lost = result["dropped"] + result["unfinished"]
        record(f"streams through the recorder complete ({streams})", result["complete"], "streams", f"== {streams}",
               result["complete"] == streams)
        record("streams through the recorder lost", lost, "streams", "== 0", lost == 0,
               f"late > 1 s: {result['late']}, worst gap {result['worst_gap_ms']} ms")
    finally:
        recorder.stop()
        server.stop()


def bench_suite() -> None:
    log("== 3. whole catalogue, built-in client, --jobs 2")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "r.json"
        start = time.monotonic()
        proc = subprocess.run([str(SKILLSMOCK), "conform", "--client", "builtin", "--jobs", "2",
                               "--report-json", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        wall = time.monotonic() - start
        data = json.loads(report.read_text()) if report.exists() else {"scenarios": []}
    slow = sorted(data["scenarios"], key=lambda s: -s.get("duration_ms", 0))[:5]
    detail = ", ".join(f"{s['id']} {s['duration_ms']}ms" for s in slow)
    record("suite wall time", round(wall, 2), "s", "< 20", wall < 20 and proc.returncode == 0,
           f"exit {proc.returncode}; {len(data['scenarios'])} scenarios; slowest: {detail}")


def bench_startup() -> None:
    log("== 4. start-up: exec to the listening line, median of 20")
    times = []
    for _ in range(20):
        start = time.monotonic()
        proc = subprocess.Popen([str(SKILLSMOCK), "serve", "--port", "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, cwd=ROOT)
        line = proc.stdout.readline()
        times.append((time.monotonic() - start) * 1000)
        assert b"listening" in line, line
        proc.terminate(); proc.wait()
    med = statistics.median(times)
    record("start-up median", round(med, 1), "ms", "< 100", med < 100, f"min {min(times):.1f} max {max(times):.1f}")


def bench_parser() -> None:
    log("== 5. SSE parser on a 64 MiB synthetic stream (mixed sizes, CRLF)")
    with tempfile.TemporaryDirectory() as tmp:
        stream = Path(tmp) / "stream.txt"
        make_stream(stream, 64 << 20)
        out = subprocess.run([str(BIN / "skills-bench"), "sse-parser", str(stream)], capture_output=True, text=True,
                             timeout=300)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        py_mbps, py_events = python_line_loop(stream)
    mbps = ours["mb_per_s"]
    record("SSE parser throughput", round(mbps, 1), "MB/s", ">= 200", mbps >= 200, f"{ours['events']} events")
    record("Python line loop (seed shape)", round(py_mbps, 1), "MB/s", "-", None, f"{py_events} events")
    record("parser vs Python line loop", round(mbps / py_mbps, 1) if py_mbps else 0, "x", "-", None)


def make_stream(path: Path, size: int) -> None:
    blocks = []
    for i in range(64):
        pad = "x" * (i * 37 % 2000)
        blocks.append(f"event: status\r\nid: {i}\r\ndata: {{\"id\":\"gen_1\",\"status\":\"IN_PROGRESS\",\"pad\":\"{pad}\"}}\r\n\r\n")
        if i % 8 == 0:
            blocks.append(": keepalive\r\n\r\n")
        if i % 16 == 0:
            blocks.append("data: line one\r\ndata: line two\r\n\r\n")
    block = "".join(blocks).encode()
    with path.open("wb") as f:
        written = 0
        while written < size:
            f.write(block)
            written += len(block)


def python_line_loop(path: Path) -> tuple[float, int]:
    """The seed client's loop shape: decode each line, strip, dispatch on blank lines."""
    size = path.stat().st_size
    events = 0
    start = time.monotonic()
    with path.open("rb") as f:
        data_lines: list[str] = []
        for raw_line in f:
            line = raw_line.decode("utf-8", errors="replace").rstrip("\r\n")
            if not line:
                if data_lines:
                    events += 1
                data_lines = []
                continue
            if line.startswith(":"):
                continue
            if line.startswith("data:"):
                data_lines.append(line.split(":", 1)[1].lstrip())
    elapsed = time.monotonic() - start
    return size / elapsed / 1e6, events


def bench_growth() -> None:
    log("== 6. cost growth with the journal size")
    server = Server()
    path, _ = poll_body(server)
    url = server.base + path
    rows = []
    for target in (1_000, 10_000, 100_000):
        have = server.journal_count()
        if have < target:
            wrk_fill(url, target - have, f"Bearer {POLL_KEY}")
        size = server.journal_count()
        rate = wrk(url, seconds=2, auth=f"Bearer {POLL_KEY}")
        rows.append((size, rate))
        record(f"req/s at {size} journal entries", round(rate), "req/s", "-", None)
    flat = rows[-1][1] / rows[0][1] if rows[0][1] else 0
    record("throughput at 100k vs 1k entries", round(flat, 3), "x", ">= 0.9 (flat)", flat >= 0.9)
    before = server.rss_kib()
    count_before = server.journal_count()
    wrk_fill(url, 10_000, f"Bearer {POLL_KEY}")
    added = server.journal_count() - count_before
    after = server.rss_kib()
    per10k = (after - before) * 10_000 / added if added else 0
    record("memory per 10k journal entries", round(per10k / 1024, 2), "MiB", "-", None,
           f"{added} entries added, RSS {before} -> {after} KiB")
    server.stop()


def main() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    only = set(sys.argv[1:])
    steps = [("throughput", bench_throughput), ("streams", bench_streams), ("suite", bench_suite),
             ("startup", bench_startup), ("parser", bench_parser), ("growth", bench_growth),
             ("record", bench_record)]
    for name, step in steps:
        if only and name not in only:
            continue
        try:
            step()
        except Exception as exc:  # a failed step is reported, the others still run
            record(f"{name} step", "error", "", "runs", False, repr(exc))
    width = max(len(r["name"]) for r in RESULTS)
    print(f"{'figure'.ljust(width)}  {'value':>12}  {'unit':<8} {'target':<14} verdict")
    for r in RESULTS:
        print(f"{r['name'].ljust(width)}  {str(r['value']):>12}  {r['unit']:<8} {r['target']:<14} {r['verdict']}")
    (ROOT / "bench.json").write_text(json.dumps({"results": RESULTS, "streams": STREAMS, "lateness": LATENESS},
                                                indent=2))
    return 0 if all(r["verdict"] != "FAIL" for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
