"""Exit statuses, and the one place that maps an error to its status and prints it.

0 when every row was created, skipped or overwritten (or would be, in a dry run); 1 when any row was
rejected or failed, or a single create/auth check/export did not succeed (:class:`NotDone`, a
``Rejection``, any ``heymarket.APIError``); 2 for usage and configuration errors (bad options, an
unmappable CSV header, missing credentials, a journal written for other input: every other
``HeymarketError``, and the ``OSError``/``ValueError``/``LookupError``/``csv.Error`` of reading the
input); 3 when the journal or the report cannot be written (:class:`WriteFailed`); 130 when interrupted
(:class:`Interrupted`).
"""

from __future__ import annotations

import csv

from rich.console import Console

from heymarket import APIError, HeymarketError

from ..bulk.journal import JournalWriteError
from ..bulk.validation import Rejection

EXIT_OK, EXIT_ROWS, EXIT_USAGE, EXIT_WRITE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

HANDLED: tuple[type[BaseException], ...] = (HeymarketError, OSError, ValueError, LookupError, csv.Error)
"""What the command turns into one line and an exit status; anything else is a bug, with its traceback."""


class UsageError(HeymarketError):
    """Options or input the command cannot work with (exit 2)."""


class NotDone(HeymarketError):
    """The command's one action did not succeed: a create refused, credentials refused, an export stopped (exit 1)."""


class WriteFailed(HeymarketError):
    """The journal or the report cannot be written (exit 3); the message says how to resume."""


class Interrupted(HeymarketError):
    """Ctrl-C or SIGTERM (exit 130); the message says what was kept."""


def exit_code(error: BaseException) -> int:
    """The exit status for an error that ends a command."""
    if isinstance(error, Interrupted):
        return EXIT_INTERRUPTED
    if isinstance(error, WriteFailed | JournalWriteError):
        return EXIT_WRITE
    if isinstance(error, NotDone | Rejection | APIError):
        return EXIT_ROWS
    return EXIT_USAGE


def message(error: BaseException) -> str:
    if isinstance(error, Rejection):
        return f"rejected ({error.code}): {error.message}"
    return str(error)


def report(error: BaseException, err: Console) -> int:
    """Print ``error`` as the command's last line and return its exit status."""
    if isinstance(error, Interrupted):
        err.print(error.message)
    else:
        err.print(f"error: {message(error)}", style="bold red")
    return exit_code(error)
