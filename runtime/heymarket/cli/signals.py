"""SIGTERM ends a run as Ctrl-C does; a second signal exits at once."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from rich.console import Console

from .exits import EXIT_INTERRUPTED


@contextmanager
def sigterm_as_interrupt(err: Console) -> Iterator[None]:
    """SIGTERM raises ``KeyboardInterrupt`` (in-flight chunks are journaled); a second signal exits now."""

    def exit_now(signum: int, frame: FrameType | None) -> None:
        err.print("interrupted again: exiting now (the journal is consistent; resume with the same command)")
        os._exit(EXIT_INTERRUPTED)

    def first(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, exit_now)
        signal.signal(signal.SIGTERM, exit_now)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, first), signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
