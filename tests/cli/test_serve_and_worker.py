"""A server with no worker of its own queues grading; a separate ``mlquiz worker`` drains it.

This is the team deployment in miniature: ``mlquiz serve --no-worker`` plus worker processes
sharing one database.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.servers import free_port, server_env

ADD = "coding/testing/web-add"


def _call(url: str, body: dict[str, Any] | None = None, token: str = "") -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return server_env(tmp_path)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_separate_worker_grades_what_the_server_queued(
    env: dict[str, str], processes: list[subprocess.Popen[bytes]], tmp_path: Path, sandbox: Any
) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    processes.append(
        subprocess.Popen(
            [sys.executable, "-m", "mlquiz", "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mlquiz.web",
            "createsuperuser",
            "--noinput",
            "--username",
            "ada",
            "--email",
            "ada@example.org",
        ],
        env={
            **env,
            "DJANGO_SUPERUSER_PASSWORD": "correct-horse-battery-9",
            "DJANGO_SETTINGS_MODULE": "mlquiz.web.settings",
        },
        check=True,
        capture_output=True,
        timeout=60,
    )
    base = f"http://127.0.0.1:{port}/api"
    token = _call(f"{base}/auth/token", {"username": "ada", "password": "correct-horse-battery-9"})[
        "token"
    ]
    code = "def add(a, b):\n    return a + b\n"
    created = _call(f"{base}/questions/{ADD}/submissions", {"code": code, "mode": "submit"}, token)
    time.sleep(1.0)
    assert _call(f"{base}/submissions/{created['id']}", token=token)["status"] == "queued"
    processes.append(
        subprocess.Popen(
            [sys.executable, "-m", "mlquiz", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    deadline = time.monotonic() + 60
    while True:
        polled = _call(f"{base}/submissions/{created['id']}", token=token)
        if polled["status"] == "done":
            break
        assert time.monotonic() < deadline, polled
        time.sleep(0.3)
    assert polled["verdict"] == "AC"
