"""Browser tests: ``mlquiz serve`` in a subprocess (SQLite, real grading worker) driven by
Playwright through Debian's Chromium.

Outside CI, a missing /usr/bin/chromium skips these tests (install it: apt-get install
chromium); under CI=true it fails them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.servers import free_port, server_env

CHROMIUM = os.environ.get("MLQUIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FIXTURE_BANK = Path(__file__).resolve().parent.parent / "web" / "bank"
PASSWORD = "correct-horse-battery-9"


def _require_browser() -> None:
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (pip install -e '.[dev]')"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run: {problem}")
        pytest.skip(f"browser tests skipped: {problem}")


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _require_browser()
    data_dir = tmp_path_factory.mktemp("mlquiz-e2e")
    port = free_port()
    env = server_env(data_dir, FIXTURE_BANK)
    log = data_dir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mlquiz", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mlquiz serve exited early:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"mlquiz serve did not start:\n{log.read_text()}")
    yield Server(url=url, data_dir=data_dir, process=process, log=log)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(server: Server) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser: Any, server: Server) -> Iterator[Any]:
    """A factory of pages, each in its own browser context (its own cookies)."""
    contexts = []

    def make(color_scheme: str = "light") -> Any:
        context = browser.new_context(
            base_url=server.url,
            viewport={"width": 1366, "height": 820},
            color_scheme=color_scheme,
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_up(page: Any, username: str | None = None) -> str:
    """Create an account through the form; returns the username."""
    name = username or f"user{uuid.uuid4().hex[:8]}"
    page.goto("/accounts/signup/")
    page.fill("#id_username", name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/bank/")
    return name
