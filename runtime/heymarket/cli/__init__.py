"""The ``heymarket`` command: ``contacts import``, ``contacts export``, ``contacts create`` and ``auth check``.

Credentials and the server come from the environment, as for ``create_client``:
``HEYMARKET_SECRET_ID`` + ``HEYMARKET_SECRET_KEY`` (or the legacy ``HEYMARKET_API_KEY``) and
``HEYMARKET_BASE_URL``; ``--base-url`` overrides the last. No secret is ever printed.

The package is thin: ``app.py`` (the group, the shared options, the injected :class:`Consoles`, the
error handling), ``exits.py`` (the exit statuses and the one mapping of errors to them),
``commands.py`` (``auth check``, ``contacts create``), ``importing.py``, ``exporting.py``, ``render.py``
(what is printed) and ``signals.py``. The work is ``heymarket.bulk``'s.

Exit codes: 0 when every row was created, skipped or overwritten (or would be, in a dry run); 1 when
any row was rejected or failed, or a single create/auth check failed; 2 for usage and configuration
errors (bad options, unmappable CSV header, missing credentials, a journal written for other input);
3 when the journal or the report cannot be written (an ``OSError``: disk full, read-only folder,
permission; one line names the file and the cause, and the same command resumes from the journal);
130 when interrupted (Ctrl-C or SIGTERM; run the same command again to resume with ``--journal``).

The command prints what it has to say and nothing else: library warnings that help no user (PyJWT's
``InsecureKeyLengthWarning`` for a short ``SECRET_ID||SECRET_KEY``, whose format the vendor fixes)
are filtered while it runs. The filter is installed by the command, not on import of this module.
"""

from __future__ import annotations

from . import commands, exporting, importing
from .app import Consoles, main
from .exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_ROWS, EXIT_USAGE, EXIT_WRITE, exit_code
from .render import REPORT_COLUMNS

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_ROWS",
    "EXIT_USAGE",
    "EXIT_WRITE",
    "REPORT_COLUMNS",
    "Consoles",
    "commands",
    "exit_code",
    "exporting",
    "importing",
    "main",
]
