"""Shared by the mock, review and progress web tests: the mock fixture bank and a fake clock.

Each test module wraps these generators in fixtures (``yield from``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from mlquiz.web.bank.selectors import bank_reload
from mlquiz.web.interviews import services as interview_services

MOCK_BANK = Path(__file__).parent / "mockbank"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def use_mock_bank() -> Iterator[None]:
    old = settings.MLQUIZ_BANK_PATHS
    settings.MLQUIZ_BANK_PATHS = [*old, MOCK_BANK]
    bank_reload()
    yield
    settings.MLQUIZ_BANK_PATHS = old
    bank_reload()


def use_fake_clock() -> Iterator[FakeClock]:
    fake = FakeClock()
    interview_services.set_clock(fake)
    yield fake
    interview_services.set_clock(None)
