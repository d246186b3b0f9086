"""The journal of a bulk run: an append-only JSON-lines file that makes runs resumable.

Records (one JSON object a line, each written with ``flush`` + ``fsync`` before the run goes on):

* ``{"t": "header", "v": 2, "settings": {...}}``: first line; the settings that change what is sent
  (``overwrite``, default region, custom field map, and the input file's fingerprint for the CLI). A
  resume with different settings is refused.
* ``{"t": "run", "n": 2, "at": ...}``: each start or restart.
* ``{"t": "send", "chunk": "r2c7", "attempt": 1, "overwrite": false, "items": [[index, hash], ...]}``:
  written *before* the request is sent.
* ``{"t": "done", "chunk": "r2c7", "items": [[index, hash, outcome, reason, detail, contact_id, status,
  request_id, attempts, ambiguous], ...]}``: written after the answer.

Items are keyed by their position in the input, with a hash of the item's finished request body (the
normalised ``ContactRequest`` JSON, custom titles not yet turned into ids), so that a resume over a
different input is refused.

Format versions: ``v`` 2 since the hash is over the finished body. Version 1 (heymarket before the
bulk pipeline) hashed the fields as read from the file, so its hashes cannot be compared: a version 1
journal is refused with a :class:`JournalError` that says to start a new journal. Nothing is created
twice by doing so under the default "existing phones: skip": the rows the old run created are reported
as skipped (``exists``). On resume, an item with a final outcome (created, skipped, overwritten) is
reported from the journal and not sent again. An item with a ``send`` and no outcome (in flight when the
run died) or with a ``failed`` outcome is sent again: batch create dedupes by phone on the server, so
this cannot duplicate a contact; an in-flight or ambiguously failed item that then turns out to exist
is reported with the reason ``exists_after_ambiguous_attempt``. Rejected items are not journaled: the
same input and settings reject them again.

The index held in memory is one small record per item that was sent. A torn last line (the process
died while writing it) is dropped and cut off; any other unreadable line is an error.

A failed write (disk full, read-only file system, permission, file size limit) raises
``JournalWriteError``: the partial line is cut off where the file system allows it, and the journal
accepts no further record, so no complete line ever follows a torn one. What is on disk stays
readable and a later run with the same journal resumes from it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from heymarket_auth.errors import HeymarketError

from .report import SUCCESS, ItemOutcome, Outcome

try:  # POSIX: keep two processes from appending to one journal
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_VERSION = 2
"""2: each item's hash is over its finished request body. 1: over the fields as read (refused)."""


class JournalError(HeymarketError):
    """The journal cannot be used: unreadable, in use, or written for other input or settings."""


class JournalWriteError(JournalError, OSError):
    """Writing the journal failed (an ``OSError``: disk full, read-only, permission): the run must stop.

    The file holds complete records only (or a torn last line, which the next run drops), so the same
    run started again resumes from it. ``path`` is the journal, ``cause`` the ``OSError``.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        reason = cause.strerror or str(cause) or type(cause).__name__
        super().__init__(f"cannot write the journal {path}: {reason}")
        self.path = path
        self.cause = cause
        # The OSError side: its constructor is not called (it would take the message as args).
        self.errno = cause.errno
        self.strerror = self.message

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class JournalEntry:
    """What the journal knows about one input position."""

    row_hash: str
    sends: int = 0
    final: ItemOutcome | None = None
    """The outcome to report without sending (created, skipped or overwritten)."""
    maybe_applied: bool = False
    """Sent at least once with an unknown effect: in flight when a run died, or failed ambiguously."""


class Journal:
    """An append-only, fsynced journal file. Thread-safe; use as a context manager or call ``close``."""

    def __init__(self, path: str | os.PathLike[str], *, wall_clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._file: Any = None
        self._failed: JournalWriteError | None = None
        self._entries: dict[int, JournalEntry] = {}
        self._settings: dict[str, Any] | None = None
        self._format_1 = False
        self._run = 0
        self._chunks = 0
        self.resumed = False
        """True when the journal already held records of an earlier run."""

    # ------------------------------------------------------------------ lifecycle

    def open(self, settings: Mapping[str, Any]) -> None:
        """Load the journal (if any), check it was written with ``settings``, and start a run."""
        if self._file is not None:
            raise JournalError("journal is already open")
        settings = json.loads(json.dumps(dict(settings), sort_keys=True))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            existed = self.path.exists()
            # Unbuffered: a record is on its way to the disk when write returns, and close has no
            # buffer left to flush (so it cannot fail on a full disk).
            handle = open(self.path, "a+b", buffering=0)  # noqa: SIM115 - kept open for the run
        except OSError as error:
            raise JournalWriteError(self.path, error) from error
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    raise JournalError(f"journal {self.path} is in use by another process") from None
            try:
                self._load(handle)
            except OSError as error:
                raise JournalWriteError(self.path, error) from error
            if self._settings is None:
                self._file = handle
                self._append({"t": "header", "v": JOURNAL_VERSION, "settings": settings})
                if not existed:
                    _fsync_dir(self.path.parent)
            else:
                _check_settings(self._settings, settings, self.path)
                self.resumed = True
                self._file = handle
        except BaseException:
            handle.close()
            self._file = None
            raise
        self._run += 1
        self._append({"t": "run", "n": self._run, "at": _utc(self._wall_clock())})

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ reads

    def entry(self, index: int) -> JournalEntry | None:
        return self._entries.get(index)

    # ------------------------------------------------------------------ writes

    def next_chunk_id(self) -> str:
        with self._lock:
            self._chunks += 1
            return f"r{self._run}c{self._chunks}"

    def record_send(self, chunk: str, attempt: int, items: Sequence[tuple[int, str]], *, overwrite: bool) -> None:
        """Before sending: these items are (maybe) about to reach the server."""
        self._append(
            {"t": "send", "chunk": chunk, "attempt": attempt, "overwrite": overwrite, "items": [list(i) for i in items]}
        )
        with self._lock:
            for index, row_hash in items:
                entry = self._entries.setdefault(index, JournalEntry(row_hash))
                entry.sends += 1

    def record_outcomes(self, chunk: str, outcomes: Sequence[tuple[ItemOutcome, str, bool]]) -> None:
        """After the answer: ``(outcome, row hash, ambiguous)`` per item."""
        rows = [
            [
                o.index,
                row_hash,
                o.outcome.value,
                o.reason,
                o.detail,
                o.contact_id,
                o.status,
                o.request_id,
                o.attempts,
                ambiguous,
            ]
            for o, row_hash, ambiguous in outcomes
        ]
        self._append({"t": "done", "chunk": chunk, "items": rows})
        with self._lock:
            for row in rows:
                self._apply_done(row)

    def _append(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n"
        data = line.encode()
        with self._lock:
            if self._failed is not None:
                raise self._failed  # nothing after a failed (maybe torn) line
            if self._file is None:
                raise JournalError("journal is not open")
            fd = self._file.fileno()
            start = os.lseek(fd, 0, os.SEEK_END)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as error:
                self._failed = JournalWriteError(self.path, error)
                # Cut the partial line off (a full disk allows it; a read-only one does not, and
                # then the next run drops the torn last line).
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, start)
                raise self._failed from error

    # ------------------------------------------------------------------ loading

    def _load(self, handle: Any) -> None:
        with open(self.path, "rb") as reader:  # buffered, for reading line by line
            self._load_from(reader, handle)

    def _load_from(self, reader: Any, handle: Any) -> None:
        offset = 0
        number = 0
        for raw in iter(reader.readline, b""):  # line by line: the index, not the file, is kept
            if not raw.endswith(b"\n"):
                # The process died while writing this last line: what it recorded did not happen yet
                # (a send intent is written before the request) or is re-derived (a lost outcome
                # means the chunk is sent again). Cut it off so that appends start on a new line.
                handle.truncate(offset)
                break
            number += 1
            offset += len(raw)
            try:
                self._replay(json.loads(raw))
            except (ValueError, KeyError, TypeError, IndexError) as error:
                raise JournalError(f"journal {self.path}: line {number} is not a valid record ({error})") from None
        if number and self._settings is None:
            raise JournalError(f"journal {self.path} has no header line")
        if self._format_1:
            raise JournalError(
                f"journal {self.path} was written by an earlier heymarket version (journal format 1), "
                "which this one cannot resume: start a new journal (another --journal path, or delete this "
                "file); with the default (existing phones: skip) nothing is created twice: the rows it "
                "created are skipped as existing"
            )

    def _replay(self, record: dict[str, Any]) -> None:
        kind = record["t"]
        if kind == "header":
            # Format 1 is refused once the whole file has been read (an unreadable line is told first).
            self._format_1 = record.get("v") == 1
            if record.get("v") != JOURNAL_VERSION and not self._format_1:
                raise ValueError(f"journal version {record.get('v')!r}, expected {JOURNAL_VERSION}")
            self._settings = dict(record["settings"])
        elif self._settings is None:
            raise ValueError("a record before the header")
        elif kind == "run":
            self._run = max(self._run, int(record["n"]))
        elif kind == "send":
            for index, row_hash in record["items"]:
                entry = self._entries.setdefault(int(index), JournalEntry(str(row_hash)))
                if entry.row_hash != row_hash:
                    raise ValueError(f"item {index} has two different hashes")
                entry.sends += 1
                if entry.final is None:
                    entry.maybe_applied = True  # until an outcome says otherwise
        elif kind == "done":
            for row in record["items"]:
                self._apply_done(row)
        else:
            raise ValueError(f"unknown record type {kind!r}")

    def _apply_done(self, row: list[Any]) -> None:
        index, row_hash, outcome, reason, detail, contact_id, status, request_id, attempts, ambiguous = row
        entry = self._entries.setdefault(int(index), JournalEntry(str(row_hash)))
        result = Outcome(outcome)
        if result in SUCCESS:
            entry.final = ItemOutcome(
                index=int(index),
                outcome=result,
                reason=str(reason),
                detail=str(detail),
                contact_id=contact_id,
                status=status,
                request_id=request_id,
                attempts=int(attempts),
                from_journal=True,
            )
            entry.maybe_applied = False
        else:
            # A failure is not final: the item is sent again by the next run. If the failed attempt
            # may have been applied, a later "exists" is reported as possibly created by it.
            entry.final = None
            entry.maybe_applied = bool(ambiguous)


def _check_settings(stored: Mapping[str, Any], wanted: Mapping[str, Any], path: Path) -> None:
    differing = sorted(k for k in set(stored) | set(wanted) if stored.get(k) != wanted.get(k))
    if differing:
        details = "; ".join(f"{k}: journal has {stored.get(k)!r}, this run has {wanted.get(k)!r}" for k in differing)
        raise JournalError(
            f"journal {path} was written for other input or settings ({details}); "
            "resume with the same input and options, or use a new journal"
        )


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _utc(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
