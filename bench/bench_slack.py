"""20 people asking /perf at once, for 30 seconds, against `goldthread serve` on loopback.

Starts the demo partnership in a temporary SQLite file, the fake Slack Web API (which also
receives the response_url posts), and `goldthread serve` in a subprocess pointed at both. Each
client sends a correctly signed `/perf <question>`, times the HTTP answer (the ack), waits for
the reply to reach the fake's response_url (the answer, with its chart), and asks again.
Prints ack latency p50/p99 and answer latency p50/p95. Targets: ack p99 <= 50 ms, answer p95
<= 400 ms.

    python -m bench.bench_slack [--clients 20] [--seconds 30] [--workers 2]

`--workers` is `goldthread serve --workers`: separate processes behind one port, sharing only the
database, as several `serve`s behind a load balancer would. With one process the answers are
bound by one interpreter lock (about 55 answers a second here, so 20 waiting people see ~360 ms).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from bot.app import AppContext
from bot.config import Settings
from bot.demo import prepare_demo
from tests.fakes.slack_api import Call, FakeSlack

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
QUESTIONS = (
    "how are we doing on delayed discharges",
    "falls",
    "A&E 4 hours",
    "how is reablement success doing",
    "carers satisfied",
    "agency spend",
    "emergency admissions 65",
    "days from referral to care",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Arrivals:
    """When each response_url post reached the fake."""

    def __init__(self) -> None:
        self._events: dict[str, threading.Event] = {}
        self._times: dict[str, float] = {}
        self._lock = threading.Lock()

    def expect(self, name: str) -> threading.Event:
        with self._lock:
            return self._events.setdefault(name, threading.Event())

    def __call__(self, call: Call) -> None:
        if call.method != "response":
            return
        name = str(call.params.get("_name"))
        with self._lock:
            self._times.setdefault(name, time.perf_counter())
            event = self._events.setdefault(name, threading.Event())
        event.set()

    def time_of(self, name: str) -> float:
        with self._lock:
            return self._times[name]


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {"Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


def client(port: int, fake: FakeSlack, arrivals: Arrivals, names: itertools.count[int],
           until: float, acks: list[float], answers: list[float], failures: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    questions = itertools.cycle(QUESTIONS[next(names) % len(QUESTIONS):] + QUESTIONS)
    while time.perf_counter() < until:
        name = f"r{next(names)}"
        done = arrivals.expect(name)
        body = urlencode({"command": "/perf", "text": next(questions), "user_id": "U0AMINA",
                          "channel_id": "C0REABLE", "team_id": "T0TEST",
                          "response_url": fake.response_url(name), "trigger_id": name})
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body=body.encode(),
                               headers=signed(body))
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            failures.append(f"ack: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        acked = time.perf_counter()
        if response.status != 200:
            failures.append(f"ack: HTTP {response.status}")
            continue
        acks.append(acked - started)
        if not done.wait(10):
            failures.append("answer: none within 10 s")
            continue
        answers.append(arrivals.time_of(name) - started)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2,
                        help="serve processes (default 2: one per core here)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeSlack(token=TOKEN) as fake:
        work = Path(folder)
        url = f"sqlite:///{work / 'demo.db'}"
        app = AppContext.create(Settings(database_url=url), migrate=True)
        prepare_demo(app, date.today(), work)
        app.close()
        arrivals = Arrivals()
        fake.on_call = arrivals
        port = free_port()
        env = {**os.environ, "GOLDTHREAD_DATABASE_URL": url, "SLACK_BOT_TOKEN": TOKEN,
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url}
        for name in ("GOLDTHREAD_CONFIG", "SLACK_APP_TOKEN"):
            env.pop(name, None)
        log = (work / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(args.workers)],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(port, server)
            names = itertools.count()
            warm: list[float] = []
            client(port, fake, arrivals, names, time.perf_counter() + 3, [], warm, [])
            acks: list[float] = []
            answers: list[float] = []
            failures: list[str] = []
            until = time.perf_counter() + args.seconds
            threads = [threading.Thread(target=client, args=(port, fake, arrivals, names,
                                                              until, acks, answers, failures))
                       for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(20)
            log.close()
        report(args, acks, answers, failures, fake)


def wait_healthy(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"serve exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("serve did not become healthy in 60 s")


def report(args: argparse.Namespace, acks: list[float], answers: list[float],
           failures: list[str], fake: FakeSlack) -> None:
    ms = 1000.0
    print(f"{args.clients} clients for {args.seconds:g} s against {args.workers} serve "
          f"process(es): {len(acks)} commands acked, "
          f"{len(answers)} answered ({len(answers) / args.seconds:.1f}/s), "
          f"{len(failures)} failed{': ' + failures[0] if failures else ''}")
    if acks:
        print(f"ack     p50 {percentile(acks, 50) * ms:6.1f} ms   p99 "
              f"{percentile(acks, 99) * ms:6.1f} ms   max {max(acks) * ms:6.1f} ms"
              f"   (target p99 <= 50 ms)")
    if answers:
        print(f"answer  p50 {percentile(answers, 50) * ms:6.1f} ms   p95 "
              f"{percentile(answers, 95) * ms:6.1f} ms   mean "
              f"{statistics.fmean(answers) * ms:6.1f} ms   (target p95 <= 400 ms)")
    uploads = len(fake.calls("files.completeUploadExternal"))
    print(f"charts uploaded: {uploads} (each process uploads each distinct chart once)")


if __name__ == "__main__":
    main()
