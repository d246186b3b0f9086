"""VirtualTime (tests.support.clocks), the clock the runtime tests share between client and stand-in."""

from __future__ import annotations

import asyncio

from tests.support.clocks import VirtualTime


def test_virtual_time_sleep_advances_and_records() -> None:
    vt = VirtualTime(start=100.0)
    vt.sleep(2.5)
    asyncio.run(vt.async_sleep(1.0))
    assert vt.now() == 103.5
    assert vt.sleeps == [2.5, 1.0]
