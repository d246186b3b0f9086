"""Fixtures of the stand-in's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.clocks import FakeClock
from tests.support.standin import StandInServer, standin_config


@pytest.fixture
def server(clock: FakeClock) -> Iterator[StandInServer]:
    """The stand-in in this process on the test's ``clock``, with the default settings."""
    with StandInServer(standin_config(clock=clock)) as running:
        yield running
