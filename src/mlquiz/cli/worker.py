"""``mlquiz worker``: a grading worker for a server whose workers run on other processes or hosts.

``mlquiz serve`` starts one worker itself; a team deployment runs ``mlquiz serve --no-worker``
behind a proxy and any number of ``mlquiz worker`` processes sharing its ``DATABASE_URL``.
"""

from __future__ import annotations

import os

import click

from mlquiz.cli.serve import WORKER_ARGS


@click.command("worker")
def command() -> None:
    """Run a grading worker (same database settings as the server)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlquiz.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    click.echo("mlquiz worker: waiting for grading jobs (Ctrl-C to stop)")
    try:
        call_command(*WORKER_ARGS)
    except KeyboardInterrupt:
        click.echo("mlquiz worker: stopping")
