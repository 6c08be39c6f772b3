"""``mlquiz serve``: the web app on one machine, with nothing else to start.

It migrates the database, loads the bank, starts a grading worker (a child process running
the django-tasks database worker) and serves the app with waitress, a production-grade
pure-Python WSGI server; static files come from whitenoise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from types import FrameType

import click

WORKER_ARGS = [
    "db_worker",
    "--queue-name",
    "*",
    "--interval",
    "0.25",
    "--no-startup-delay",
    "--no-reload",
    "--verbosity",
    "0",
]


def _allowed_hosts(host: str) -> str:
    if host in {"0.0.0.0", "::", ""}:
        return "*"
    return ",".join(dict.fromkeys([host, "127.0.0.1", "localhost", "[::1]"]))


def _die_with_parent() -> None:
    """In the worker child: get SIGTERM when the server process dies, however it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the server still stops the worker on a clean exit
        pass


class WorkerSupervisor:
    """Keeps one grading-worker child process alive while the server runs."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="mlquiz-worker", daemon=True)

    def start(self) -> None:
        self._spawn()
        self.thread.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mlquiz.web", *WORKER_ARGS],
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    def _watch(self) -> None:
        while not self.stopping.wait(2.0):
            if self.process is not None and self.process.poll() is not None:
                click.echo("mlquiz: the grading worker stopped; restarting it", err=True)
                time.sleep(1.0)
                if not self.stopping.is_set():
                    self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Request threads."
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Start a grading worker (turn off when workers run elsewhere).",
)
def command(host: str, port: int, threads: int, worker: bool) -> None:
    """Start the web app (migrates the database and loads the bank first)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlquiz.web.settings")
    os.environ.setdefault("MLQUIZ_ALLOWED_HOSTS", _allowed_hosts(host))

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from waitress import serve  # type: ignore[import-untyped]

    from mlquiz.web.bank.selectors import get_bank
    from mlquiz.web.bank.services import bank_sync
    from mlquiz.web.wsgi import application

    database = settings.DATABASES["default"]
    where = database["NAME"] if "sqlite" in database["ENGINE"] else database.get("HOST", "")
    click.echo(f"mlquiz: database {where}")
    call_command("migrate", interactive=False, verbosity=0)
    count = bank_sync()
    errors = get_bank().errors
    click.echo(f"mlquiz: {count} questions loaded")
    if errors:
        click.echo(f"mlquiz: {len(errors)} bank file(s) skipped; run 'mlquiz validate'", err=True)

    supervisor = WorkerSupervisor() if worker and _uses_db_worker(settings.TASKS) else None
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if supervisor is not None:
            supervisor.start()
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"mlquiz is running at http://{shown}:{port}/  (Ctrl-C to stop)")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="mlquiz",
            clear_untrusted_proxy_headers=True,
            _quiet=True,
        )
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    except KeyboardInterrupt:
        click.echo("mlquiz: stopping")
    finally:
        if supervisor is not None:
            supervisor.stop()


def _uses_db_worker(tasks: dict[str, dict[str, str]]) -> bool:
    return tasks.get("default", {}).get("BACKEND", "").startswith("django_tasks_db")
