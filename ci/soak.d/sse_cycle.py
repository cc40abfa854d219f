#!/usr/bin/env python3
"""SSE churn for ci/soak: opens STREAMS SSE streams against the soak scenarios, WORKERS at a time, spread over
SECONDS, and ends each one a different way: read to the server's end (complete, close, reset), abandon a hanging
stream after its events (FIN), or reset it from the client side (RST) after the first event.
Prints "SSE_SENT n" (requests sent) and how the streams ended. Bounded: every socket has a 10 s timeout."""
import socket
import struct
import sys
import threading
import time

port, streams, seconds, workers = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
ends = ["complete", "close", "reset", "hang"]
lock = threading.Lock()
sent = 0
outcomes = {}


def record(outcome):
    with lock:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1


def one_stream(index):
    global sent
    scenario = ends[index % len(ends)]
    client_reset = index % 10 == 9
    body = b'{"prompt":"soak"}'
    request = (
        "POST /api/v1/generation/sse/kling-ai/kling-v2.6 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer sk-test-soak.{scenario}--s{index}\r\nAccept: text/event-stream\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(request)
        with lock:
            sent += 1
        received = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                record("server-reset")
                return
            except socket.timeout:
                record("timeout")
                return
            if not chunk:
                record("server-close")
                return
            received += chunk
            events = received.count(b"\n\n") - 1  # the head's blank line is not an event
            if client_reset and events >= 1:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                record("client-reset")
                return
            if scenario == "hang" and events >= 3:
                record("client-abandon")
                return
            if scenario == "complete" and received.endswith(b"0\r\n\r\n"):
                record("complete")
                return
    finally:
        sock.close()


def worker(offset):
    pace = seconds * workers / streams
    for index in range(offset, streams, workers):
        started = time.monotonic()
        try:
            one_stream(index)
        except OSError as error:
            record("error " + type(error).__name__)
        rest = pace - (time.monotonic() - started)
        if rest > 0:
            time.sleep(rest)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"SSE_SENT {sent}")
print("SSE_ENDINGS " + " ".join(f"{k}={v}" for k, v in sorted(outcomes.items())))
