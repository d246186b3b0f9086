"""Fixtures of the runtime's tests."""

from __future__ import annotations

import pytest

from tests.support.clocks import VirtualTime


@pytest.fixture
def vt() -> VirtualTime:
    """A fresh virtual clock at T0, for the client (and the stand-in, when the test starts one on it)."""
    return VirtualTime()
