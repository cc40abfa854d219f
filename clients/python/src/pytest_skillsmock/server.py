"""Start, query and stop a `skillsmock serve` process (standard library only)."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

BIN_ENV = "SKILLSMOCK_BIN"
RELEASE_BINARY = Path(".build") / "release" / "skillsmock"


class SkillsMockError(RuntimeError):
    """The server could not be found, started or reached."""


class RequestsNotSeen(AssertionError):
    """`wait_for_requests` timed out; the message lists what did arrive."""

    def __init__(self, message: str, entries: list[dict[str, Any]]):
        super().__init__(message)
        self.entries = entries


def find_project_root(start: Path) -> Path:
    """The nearest directory from `start` upward holding `Package.swift` or `Scenarios/`; else `start`."""
    start = Path(start).resolve()
    for directory in (start, *start.parents):
        if (directory / "Package.swift").is_file() or (directory / "Scenarios").is_dir():
            return directory
    return start


def find_binary(root: Path, env: Optional[Mapping[str, str]] = None) -> str:
    """The `skillsmock` executable: `$SKILLSMOCK_BIN`, else `skillsmock` on `PATH`, else `ROOT/.build/release/skillsmock`.

    Raises `SkillsMockError` naming all three places when none holds it (or when
    `SKILLSMOCK_BIN` is set to something that is not an executable file).
    """
    env = os.environ if env is None else env
    explicit = env.get(BIN_ENV, "").strip()
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit
        raise SkillsMockError(f"{BIN_ENV}={explicit} is not an executable file")
    on_path = shutil.which("skillsmock", path=env.get("PATH", os.defpath))
    if on_path:
        return on_path
    release = Path(root) / RELEASE_BINARY
    if release.is_file() and os.access(release, os.X_OK):
        return str(release)
    raise SkillsMockError(
        "skillsmock binary not found: set $SKILLSMOCK_BIN, put `skillsmock` on PATH, "
        f"or build {release} (swift build -c release)"
    )


def describe(entries: Iterable[Mapping[str, Any]]) -> str:
    """One line per journal entry: `METHOD PATH -> STATUS (END)`."""
    lines = []
    for entry in entries:
        status = entry.get("status")
        end = entry.get("end") or "open"
        lines.append(f"  {entry.get('method')} {entry.get('path')} -> {status if status is not None else 'no answer'} ({end})")
    return "\n".join(lines)


def is_answered(entry: Mapping[str, Any]) -> bool:
    """Whether the server answered the request (a status line sent) or ended it with a fault."""
    return entry.get("answered_ms") is not None or entry.get("end") is not None


class SkillsMock:
    """A running `skillsmock serve`: its URLs, fresh keys per scenario run, the journal, and waiting for requests."""

    def __init__(
        self,
        binary: str,
        scenarios: Sequence[os.PathLike | str] = (),
        time_scale: Optional[float] = None,
        cwd: Optional[os.PathLike | str] = None,
        extra_args: Sequence[str] = (),
        start_timeout: float = 15.0,
    ):
        """Start `BINARY serve --port 0` with the scenario dirs and time scale; stop it with `stop()`."""
        args = [binary, "serve", "--port", "0"]
        for directory in scenarios:
            args += ["--scenarios", str(directory)]
        if time_scale is not None:
            args += ["--time-scale", str(time_scale)]
        args += list(extra_args)
        self.args = args
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._drain_stdout, args=(lines,), daemon=True).start()
        try:
            first = lines.get(timeout=start_timeout)
            self.url = json.loads(first)["listening"].rstrip("/")
        except Exception as exc:
            self.stop()
            reason = "no output" if isinstance(exc, queue.Empty) else repr(exc)
            raise SkillsMockError(
                f"`{' '.join(args)}` did not announce its address ({reason}; exit code {self.process.returncode})\n"
                f"{self.stderr_tail()}"
            ) from None
        self.base_url = self.url + "/api/v1"
        """The API base URL to give the client under test: `http://127.0.0.1:PORT/api/v1`."""

    def _drain_stdout(self, lines: queue.Queue) -> None:
        # The first line is the address; the rest is read and dropped so the pipe never fills.
        stream = self.process.stdout
        first = stream.readline()
        lines.put(first.decode("utf-8", "replace") if first else "")
        for _ in stream:
            pass
        stream.close()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return urllib.parse.urlsplit(self.url).port

    def key(self, scenario_id: str) -> str:
        """A fresh API key bound to `scenario_id`: `sk-test-<id>--<unique tag>`, one independent run per call."""
        return f"sk-test-{scenario_id}--{uuid.uuid4().hex[:12]}"

    def journal(self, key: Optional[str] = None, scenario: Optional[str] = None) -> list[dict[str, Any]]:
        """The journal entries (dicts, arrival order) of one key's run, or of a scenario, or all of them."""
        status, body = self._get_journal(key=key, scenario=scenario)
        if status != 200:
            raise SkillsMockError(f"GET /__admin/journal answered {status}: {body}")
        return body["entries"]

    def wait_for_requests(self, key: str, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The key's journal entries once `count` of its requests arrived and were answered.

        Raises `RequestsNotSeen` (an `AssertionError`) after `timeout` seconds, naming
        method, path and status of each request that did arrive. Uses the server's
        `wait_count`/`timeout_ms` journal parameters when it has them, else polls every 20 ms.
        """
        deadline = time.monotonic() + timeout
        server_waits = True
        entries: list[dict[str, Any]] = []
        while True:
            remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
            if server_waits:
                status, body = self._get_journal(key=key, wait_count=count, timeout_ms=remaining_ms)
                if status in (400, 404):
                    server_waits = False
                    continue
                if status not in (200, 408):
                    raise SkillsMockError(f"GET /__admin/journal answered {status}: {body}")
            else:
                status, body = self._get_journal(key=key)
            entries = body.get("entries", []) if isinstance(body, dict) else []
            if sum(1 for entry in entries if is_answered(entry)) >= count:
                return entries
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        seen = describe(entries) if entries else "  (none)"
        raise RequestsNotSeen(
            f"expected {count} answered request(s) of key {key} within {timeout:g} s; "
            f"{len(entries)} arrived:\n{seen}",
            entries,
        )

    def _get_journal(self, **query: Any) -> tuple[int, Any]:
        params = {name: str(value) for name, value in query.items() if value is not None}
        url = f"{self.url}/__admin/journal?{urllib.parse.urlencode(params)}"
        wait_s = params.get("timeout_ms")
        timeout = 10.0 + (int(wait_s) / 1000 if wait_s else 0)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace")
            try:
                return exc.code, json.loads(text)
            except ValueError:
                return exc.code, text
        except (urllib.error.URLError, OSError) as exc:
            if self.process.poll() is not None:
                raise SkillsMockError(
                    f"skillsmock exited with code {self.process.returncode}\n{self.stderr_tail()}"
                ) from exc
            raise

    def stderr_tail(self, limit: int = 4000) -> str:
        """The last `limit` characters the server wrote to stderr."""
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode("utf-8", "replace")[-limit:]
        except (ValueError, OSError):
            return ""

    def stop(self, timeout: float = 5.0) -> Optional[int]:
        """Stop the server (SIGTERM, then SIGKILL after `timeout` seconds); returns its exit code. Idempotent."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> "SkillsMock":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
