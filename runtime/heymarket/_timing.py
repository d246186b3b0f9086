"""The clocks, sleeps and random source used by retries, the rate limiter and JWT signing.

Production code uses the defaults. Tests and simulations pass their own :class:`Timing` to
``create_client(timing=...)`` so that backoff, ``Retry-After`` and rate limiting can be checked
without waiting and without wall-clock asserts.
"""

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


def _full_jitter(upper: float) -> float:
    return random.uniform(0.0, upper)


async def _asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first awaited: ``import heymarket`` does not load asyncio
    (about a tenth of its import time), and nothing awaits without a running event loop."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Timing:
    """Sources of time and randomness; every field is replaceable."""

    monotonic: Callable[[], float] = time.monotonic
    """Elapsed-time clock: retry deadlines and the rate limiter's window."""
    wall_clock: Callable[[], float] = time.time
    """Unix time: JWT ``iat`` and ``Retry-After`` HTTP dates."""
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
    jitter: Callable[[float], float] = _full_jitter
    """Returns a number in ``[0, upper]``: the full-jitter draw of a backoff delay."""


DEFAULT_TIMING = Timing()
