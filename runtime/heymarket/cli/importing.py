"""``heymarket contacts import``: checks the options, opens the source, runs ``bulk_create_contacts`` and
prints the summary; errors go to ``exits.py``."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import errno
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from heymarket import HeymarketClient, HeymarketError

from ..bulk.engine import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CONCURRENCY,
    DEFAULT_RETRY_POLICY,
    MAX_CONCURRENCY,
    bulk_create_contacts,
)
from ..bulk.fields import FieldLookupError, resolve_field_titles
from ..bulk.journal import JournalWriteError
from ..bulk.records import RecordInfo
from ..bulk.report import BulkProgress, BulkReport, ItemOutcome
from ..bulk.sources import ContactSource, open_source
from ..bulk.validation import NormalizeOptions
from .app import Consoles, client_for, contacts, origin, server_options
from .exits import EXIT_OK, EXIT_ROWS, Interrupted, UsageError, WriteFailed
from .render import PROBLEMS_SHOWN, REPORT_COLUMNS, Choices, Warned, import_progress, print_summary, report_row
from .signals import sigterm_as_interrupt


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    """The options of one ``contacts import``, as given."""

    file: Path
    overwrite: bool
    batch_size: int
    concurrency: int
    dry_run: bool
    journal: Path | None
    report_path: Path | None
    default_region: str | None
    mappings: tuple[str, ...]
    ignore_unknown_columns: bool
    create_fields: bool
    encoding: str
    delimiter: str
    max_retries: int
    no_progress: bool
    base_url: str | None
    timeout: float


@contacts.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Overwrite contacts whose phone exists (default: skip them).")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Contacts per batch request.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, MAX_CONCURRENCY),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Batch requests in flight.",
)
@click.option("--dry-run", is_flag=True, help="Validate and look phones up (read-only); create nothing.")
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Journal file: makes the import resumable (run the same command again after a stop).",
)
@click.option(
    "--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write one CSV row per input row."
)
@click.option("--default-region", metavar="CC", help="Region for phones written without + (e.g. US).")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Map a column, or a vCard property such as ORG (FIELD empty: ignore it).",
)
@click.option("--ignore-unknown-columns", is_flag=True, help="Ignore columns that map to no field.")
@click.option("--create-fields", is_flag=True, help="Create custom fields whose titles do not exist yet.")
@click.option(
    "--encoding",
    default="auto",
    show_default=True,
    help=(
        "File encoding. auto: a byte-order mark is honoured, UTF-16 detected, else UTF-8, else "
        "Windows-1252 (the summary says which); any other (cp1252, latin-1, utf-16...) is used as given."
    ),
)
@click.option("--delimiter", default=",", show_default=True, help="Field delimiter.")
@click.option(
    "--max-retries",
    type=click.IntRange(0, 100),
    default=DEFAULT_RETRY_POLICY.max_retries,
    show_default=True,
    help="Re-sends of a batch after a 429, a 5xx or a connection failure (each one request).",
)
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@server_options
@click.pass_context
def contacts_import(ctx: click.Context, /, **given: Any) -> None:
    """Import the contacts of a CSV or vCard (.vcf) file with batch requests, one outcome per record.

    Exports of Google Contacts (CSV), Outlook (CSV), HubSpot and Salesforce are recognised by their
    header and vCard files (Apple/iCloud, Google, phones) by their format: their name, email and phone
    columns are mapped without --map, other columns are ignored and listed in the summary. Where a
    contact has several numbers, the mobile one is used (else the first valid one); the report's
    phone_source column says which. Other CSV files are mapped by their header names.

    Exit status: 0 when every row was created, skipped or overwritten; 1 when any row was rejected or
    failed; 2 for usage or configuration errors; 3 when the journal or report cannot be written (disk
    full, read-only, permission; resume with the same command); 130 when interrupted (resume with
    --journal).
    """
    ctx.exit(run_import(ctx.find_object(Consoles) or Consoles(), ImportOptions(**given)))


def run_import(consoles: Consoles, o: ImportOptions) -> int:
    """The import; returns its exit status (0 or 1), or raises an error that ``exits.py`` maps."""
    overrides = _check(o)
    try:
        source = open_source(
            o.file,
            encoding=o.encoding,
            delimiter=o.delimiter,
            overrides=overrides,
            ignore_unknown=o.ignore_unknown_columns,
            default_region=NormalizeOptions(default_region=o.default_region).default_region,
        )
    except (HeymarketError, ValueError, LookupError, OSError, csv.Error) as error:
        raise UsageError(f"{o.file}: {error}") from error
    err = consoles.err
    with client_for(o.base_url, o.timeout) as client:
        field_ids = _field_ids(consoles, client, source.custom_titles, create=o.create_fields, dry_run=o.dry_run)
        mode = "Dry run over" if o.dry_run else "Importing"
        read_as = f" ({source.layout})" if source.layout else ""
        err.print(
            f"{mode} {source.total:,} {source.unit} of {o.file.name}{read_as} to {origin(client)} "
            f"(existing phones: {'overwrite' if o.overwrite else 'skip'}, batch size {o.batch_size}, "
            f"concurrency {o.concurrency}{', journal ' + str(o.journal) if o.journal else ''})"
        )
        run = _Run(o, source)
        with run.report_file():
            report = run.send(consoles, client, field_ids)
    print_summary(consoles.out, report, o.file, run.problems, o.report_path, source, run.choices, run.warned)
    return EXIT_OK if report.ok else EXIT_ROWS


def _check(o: ImportOptions) -> dict[str, str]:
    if o.dry_run and o.journal is not None:
        raise UsageError("--dry-run writes nothing, so it takes no --journal")
    if len(o.delimiter) != 1:
        raise UsageError("--delimiter must be one character")
    for option, path in (("--report", o.report_path), ("--journal", o.journal)):
        if path is not None and path.exists() and path.resolve() == o.file.resolve():
            raise UsageError(f"{option} must not be the input file")
    if o.report_path is not None and o.journal is not None and o.report_path.resolve() == o.journal.resolve():
        raise UsageError("--report and --journal must be different files")
    overrides: dict[str, str] = {}
    for pair in o.mappings:
        column, sep, target = pair.partition("=")
        if not sep:
            raise UsageError(f"--map {pair!r}: expected COLUMN=FIELD")
        overrides[column.strip()] = target
    return overrides


def _field_ids(
    consoles: Consoles, client: HeymarketClient, titles: list[str], *, create: bool, dry_run: bool
) -> dict[str, str]:
    if not titles:
        return {}
    try:
        return resolve_field_titles(client, titles, create_missing=create and not dry_run)
    except FieldLookupError as error:
        if not (dry_run and create and error.missing):
            raise
        missing = error.missing
    # Dry run with --create-fields: the missing titles would be created; a placeholder id lets the
    # rows validate (nothing is sent).
    consoles.err.print(f"dry run: custom field(s) {', '.join(map(repr, missing))} would be created")
    present = [t for t in titles if t not in missing]
    found = resolve_field_titles(client, present) if present else {}
    return {title: found.get(title, "0") for title in titles}


class _ReportWriteError(Exception):
    """Writing a row of the --report file failed; ``cause`` is the ``OSError``."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Run:
    """One import's outcome handling: the --report rows, the problems shown, the phone choices, the warnings.

    A resumed run reads the whole file again, so the rows the journal already holds get their
    ``RecordInfo`` (name, phone source, warnings) from the file as well: the report and the summary of a
    resumed run show every row's warning, whichever run sent it."""

    def __init__(self, o: ImportOptions, source: ContactSource) -> None:
        self.o = o
        self.source = source
        self.problems: list[tuple[ItemOutcome, RecordInfo | None]] = []
        # What the source said about each record, until its outcome comes (outcomes come in input
        # order, and the engine reads ahead a bounded window, so this holds a bounded number).
        self.infos: dict[int, RecordInfo] = {}
        self.choices = Choices()
        self.warned = Warned()
        self.file: TextIO | None = None
        self.writer: Any = None

    @contextlib.contextmanager
    def report_file(self) -> Iterator[None]:
        path = self.o.report_path
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.file = path.open("w", newline="", encoding="utf-8")
            except OSError as error:
                raise self._write_failed("report", path, error) from error
            self.writer = csv.writer(self.file)
            self.writer.writerow(REPORT_COLUMNS)
        try:
            yield
        except BaseException:
            _close_quietly(self.file)
            raise
        if self.file is not None:
            try:
                self.file.close()  # flushes the last rows: a full disk can fail here
            except OSError as error:
                _close_quietly(self.file)
                assert path is not None
                raise self._write_failed("report", path, error) from error

    def records(self) -> Iterator[Any]:
        for index, (item, info) in enumerate(self.source.records()):
            self.infos[index] = info
            yield item

    def on_outcome(self, outcome: ItemOutcome) -> None:
        info = self.infos.pop(outcome.index, None)
        self.choices.add(info)
        self.warned.add(outcome, info)
        if self.writer is not None:
            try:
                self.writer.writerow(report_row(outcome, info))
            except OSError as error:
                raise _ReportWriteError(error) from error
        if not outcome.ok and len(self.problems) < PROBLEMS_SHOWN:
            self.problems.append((outcome, info))

    def send(self, consoles: Consoles, client: HeymarketClient, field_ids: dict[str, str]) -> BulkReport:
        o, source = self.o, self.source
        progress = import_progress(consoles.err, source.unit, disable=o.no_progress)
        task = progress.add_task(source.unit, total=source.total)

        def on_progress(state: BulkProgress) -> None:
            progress.update(task, completed=state.done)

        started = time.monotonic()
        try:
            with sigterm_as_interrupt(consoles.err), progress:
                return bulk_create_contacts(
                    client,
                    self.records(),
                    overwrite=o.overwrite,
                    batch_size=o.batch_size,
                    concurrency=o.concurrency,
                    journal=o.journal,
                    default_region=o.default_region,
                    field_ids=field_ids,
                    dry_run=o.dry_run,
                    retry=dataclasses.replace(DEFAULT_RETRY_POLICY, max_retries=o.max_retries),
                    input_fingerprint=source.fingerprint + ";map=" + json.dumps(source.describe(), sort_keys=True),
                    on_outcome=self.on_outcome,
                    on_progress=on_progress,
                    keep_outcomes=False,
                )
        except KeyboardInterrupt:
            hint = " Run the same command again to resume." if o.journal else " (no --journal: a new run starts over)"
            raise Interrupted(f"interrupted after {time.monotonic() - started:.1f} s.{hint}") from None
        except JournalWriteError as error:
            raise self._write_failed("journal", error.path, error.cause) from error
        except _ReportWriteError as error:
            assert o.report_path is not None
            raise self._write_failed("report", o.report_path, error.cause) from error

    def _write_failed(self, what: str, path: Path, cause: OSError) -> WriteFailed:
        """One line for an ``OSError`` writing the journal or the report (exit status 3)."""
        reason = cause.strerror or str(cause) or type(cause).__name__
        code = f" [{errno.errorcode.get(cause.errno, cause.errno)}]" if cause.errno else ""
        if self.o.journal is not None:
            then = (
                f"nothing is lost: once it can be written, the same command resumes from the journal {self.o.journal}"
            )
        else:
            then = "without --journal, the same command sends every row again (existing phones are not created twice)"
        return WriteFailed(f"cannot write the {what} {path}: {reason}{code}; {then}")


def _close_quietly(handle: TextIO | None) -> None:
    """Close after a failure: a buffer that cannot be flushed is dropped (the rows are written again)."""
    if handle is None or handle.closed:
        return
    try:
        handle.close()
    except OSError:
        # The text layer failed to flush: close the file descriptor underneath.
        with contextlib.suppress(OSError, AttributeError):
            handle.buffer.raw.close()  # type: ignore[attr-defined]
