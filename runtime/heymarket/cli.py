"""The ``heymarket`` command: ``contacts import``, ``contacts export``, ``contacts create`` and ``auth check``.

Credentials and the server come from the environment, as for ``create_client``:
``HEYMARKET_SECRET_ID`` + ``HEYMARKET_SECRET_KEY`` (or the legacy ``HEYMARKET_API_KEY``) and
``HEYMARKET_BASE_URL``; ``--base-url`` overrides the last. No secret is ever printed.

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

import contextlib
import csv
import dataclasses
import errno
import json
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TextIO

import click
from jwt.warnings import InsecureKeyLengthWarning
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from heymarket import HeymarketConfigError, HeymarketError, create_client
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import create_contact
from heymarket_client.api.tags import list_tags
from heymarket_client.models import ContactRequest, ListTagsRequest

from .bulk.calls import call
from .bulk.csv_source import CsvMappingError
from .bulk.engine import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CONCURRENCY,
    DEFAULT_RETRY_POLICY,
    MAX_CONCURRENCY,
    bulk_create_contacts,
)
from .bulk.export import ExportError, count_all, export_contacts, export_format
from .bulk.fields import FieldLookupError, resolve_field_titles
from .bulk.journal import JournalError, JournalWriteError
from .bulk.records import RecordInfo
from .bulk.report import BulkProgress, BulkReport, ItemOutcome, Outcome
from .bulk.sources import ContactSource, PlainCsvSource, open_source
from .bulk.validation import NormalizeOptions, Rejection, normalize_contact

EXIT_OK, EXIT_ROWS, EXIT_USAGE, EXIT_WRITE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
REPORT_COLUMNS = (
    "line",
    "phone",
    "outcome",
    "reason",
    "detail",
    "contact_id",
    "status",
    "request_id",
    "attempts",
    "record",
    "phone_source",
)
_PROBLEMS_SHOWN = 10
_ORDER = list(Outcome)

# soft_wrap: one-line messages stay on one line (tables are still laid out to the width).
# markup=False: file names, titles and server messages are printed as they are, never read as markup.
out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"error: {message}", style="bold red")
    sys.exit(code)


def _client(base_url: str | None, timeout: float) -> AuthenticatedClient:
    try:
        return create_client(base_url=base_url, timeout=timeout)
    except HeymarketConfigError as error:
        _fail(str(error))


def _origin(client: AuthenticatedClient) -> str:
    # Only scheme://host:port: a base URL could carry user:password@.
    url = client.get_httpx_client().base_url
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _server_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option(
        "--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds per request."
    )(function)
    return click.option(
        "--base-url",
        metavar="URL",
        default=None,
        help="API server (default: $HEYMARKET_BASE_URL, else https://api.heymarket.com).",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="heymarket-client", prog_name="heymarket")
def main() -> None:
    """Heymarket contacts from the command line.

    Credentials come from HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (or HEYMARKET_API_KEY).
    """
    # The vendor fixes the key format (SECRET_ID||SECRET_KEY); PyJWT's advice about its length
    # would only be noise on a user's terminal.
    warnings.filterwarnings("ignore", category=InsecureKeyLengthWarning)


@main.group()
def contacts() -> None:
    """Create, import and export contacts."""


@main.group()
def auth() -> None:
    """Check credentials."""


# ---------------------------------------------------------------------------------- auth check


@auth.command("check")
@_server_options
def auth_check(base_url: str | None, timeout: float) -> None:
    """Send one cheap authenticated request (listTags) and say whether the credentials work."""
    with _client(base_url, timeout) as client:
        answer = call(lambda: list_tags.sync_detailed(client=client, body=ListTagsRequest()))
        where = _origin(client)
    kind = "API Secret (JWT)" if os.environ.get("HEYMARKET_SECRET_ID") else "API key"
    if answer.status == 200:
        out.print(f"ok: {where} accepted the {kind} credentials (request id {answer.request_id})")
        return
    status = f"HTTP {answer.status}" if answer.status else "no answer"
    _fail(f"{where} did not accept the request: {status}: {answer.message} (request id {answer.request_id})", 1)


# ---------------------------------------------------------------------------------- contacts create


@contacts.command("create")
@click.option("--phone", required=True, help="Phone number; without + it is read in --default-region.")
@click.option("--first", help="First name.")
@click.option("--last", help="Last name.")
@click.option("--display-name", help="Display name (default: first and last).")
@click.option("--email", help="Email address.")
@click.option("--tag", "tags", multiple=True, metavar="TAG_ID", help="Tag id (repeatable, at most 5).")
@click.option(
    "--custom", "custom", multiple=True, metavar="KEY=VALUE", help="Custom field by id or title (repeatable)."
)
@click.option("--assignee-id", type=int, help="User id to assign; -1 unassigns.")
@click.option("--avatar", metavar="URL", help="Avatar image URL.")
@click.option("--opted-out/--not-opted-out", "opted_out", default=None, help="Opt-out status.")
@click.option("--default-region", metavar="CC", help="Region for numbers without + (e.g. US).")
@_server_options
def contacts_create(
    phone: str,
    first: str | None,
    last: str | None,
    display_name: str | None,
    email: str | None,
    tags: tuple[str, ...],
    custom: tuple[str, ...],
    assignee_id: int | None,
    avatar: str | None,
    opted_out: bool | None,
    default_region: str | None,
    base_url: str | None,
    timeout: float,
) -> None:
    """Create one contact (createContact), validated as an import row is."""
    fields: dict[str, Any] = {
        "phone": phone,
        "first": first,
        "last": last,
        "display_name": display_name,
        "email": email,
        "tags": list(tags) or None,
        "assignee_id": assignee_id,
        "avatar": avatar,
        "is_opted_out": opted_out,
    }
    values: dict[str, str] = {}
    for pair in custom:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _fail(f"--custom {pair!r}: expected KEY=VALUE")
        values[key.strip()] = value
    contact = {k: v for k, v in fields.items() if v is not None}
    if values:
        contact["custom"] = values
    with _client(base_url, timeout) as client:
        titles = [k for k in values if not k.isdigit()]
        try:
            field_ids = resolve_field_titles(client, titles) if titles else {}
            payload = normalize_contact(contact, NormalizeOptions(default_region=default_region, field_ids=field_ids))
        except Rejection as error:
            _fail(f"rejected ({error.code}): {error.message}", EXIT_ROWS)
        except (FieldLookupError, ValueError) as error:
            _fail(str(error))
        answer = call(lambda: create_contact.sync_detailed(client=client, body=ContactRequest.from_dict(payload)))
    if answer.status == 200 and isinstance(answer.body, dict):
        body = answer.body
        out.print(
            f"created contact {body.get('id')} (uuid {body.get('uuid')}, rev {body.get('rev')}) "
            f"for phone {payload['phone']} (request id {answer.request_id})"
        )
        return
    status = f"HTTP {answer.status}" if answer.status else "no answer"
    _fail(f"not created: {status}: {answer.message} (request id {answer.request_id})", EXIT_ROWS)


# ---------------------------------------------------------------------------------- contacts import


class _RateColumn(ProgressColumn):
    def __init__(self, unit: str = "rows") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed:
            speed = task.completed / task.elapsed
        return Text(f"-- {self.unit}/s" if speed is None else f"{speed:,.0f} {self.unit}/s")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does (in-flight chunks journaled); a second signal exits at once."""

    def first(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, _exit_now)
        signal.signal(signal.SIGTERM, _exit_now)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, first), signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def _exit_now(signum: int, frame: FrameType | None) -> None:
    err.print("interrupted again: exiting now (the journal is consistent; resume with the same command)")
    os._exit(EXIT_INTERRUPTED)


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
@click.option("--encoding", default="utf-8-sig", show_default=True, help="File encoding.")
@click.option("--delimiter", default=",", show_default=True, help="Field delimiter.")
@click.option(
    "--max-retries",
    type=click.IntRange(0, 100),
    default=DEFAULT_RETRY_POLICY.max_retries,
    show_default=True,
    help="Re-sends of a batch after a 429, a 5xx or a connection failure (each one request).",
)
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@_server_options
def contacts_import(
    file: Path,
    overwrite: bool,
    batch_size: int,
    concurrency: int,
    dry_run: bool,
    journal: Path | None,
    report_path: Path | None,
    default_region: str | None,
    mappings: tuple[str, ...],
    ignore_unknown_columns: bool,
    create_fields: bool,
    encoding: str,
    delimiter: str,
    max_retries: int,
    no_progress: bool,
    base_url: str | None,
    timeout: float,
) -> None:
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
    if dry_run and journal is not None:
        _fail("--dry-run writes nothing, so it takes no --journal")
    if len(delimiter) != 1:
        _fail("--delimiter must be one character")
    for option, path in (("--report", report_path), ("--journal", journal)):
        if path is not None and path.exists() and path.resolve() == file.resolve():
            _fail(f"{option} must not be the input file")
    if report_path is not None and journal is not None and report_path.resolve() == journal.resolve():
        _fail("--report and --journal must be different files")
    overrides: dict[str, str] = {}
    for pair in mappings:
        column, sep, target = pair.partition("=")
        if not sep:
            _fail(f"--map {pair!r}: expected COLUMN=FIELD")
        overrides[column.strip()] = target
    try:
        options = NormalizeOptions(default_region=default_region)
        source = open_source(
            file,
            encoding=encoding,
            delimiter=delimiter,
            overrides=overrides,
            ignore_unknown=ignore_unknown_columns,
            default_region=options.default_region,
        )
    except (CsvMappingError, ValueError, LookupError, OSError, csv.Error) as error:
        _fail(f"{file}: {error}")
    total = source.total

    with _client(base_url, timeout) as client:
        field_ids = _field_ids(client, source.custom_titles, create=create_fields, dry_run=dry_run)
        mode = "Dry run over" if dry_run else "Importing"
        read_as = f" ({source.layout})" if source.layout else ""
        err.print(
            f"{mode} {total:,} {source.unit} of {file.name}{read_as} to {_origin(client)} "
            f"(existing phones: {'overwrite' if overwrite else 'skip'}, batch size {batch_size}, "
            f"concurrency {concurrency}{', journal ' + str(journal) if journal else ''})"
        )
        report_file = _open_report(report_path, journal)
        writer = csv.writer(report_file) if report_file else None
        if writer:
            writer.writerow(REPORT_COLUMNS)
        problems: list[tuple[ItemOutcome, RecordInfo | None]] = []
        # What the source said about each record, until its outcome comes (outcomes come in input
        # order, and the engine reads ahead a bounded window, so this holds a bounded number).
        infos: dict[int, RecordInfo] = {}
        choices = _Choices()

        def records() -> Iterator[Any]:
            for index, (item, info) in enumerate(source.records()):
                infos[index] = info
                yield item

        def on_outcome(outcome: ItemOutcome) -> None:
            info = infos.pop(outcome.index, None)
            choices.add(info)
            if writer:
                try:
                    writer.writerow(_report_row(outcome, info))
                except OSError as error:
                    raise _ReportWriteError(error) from error
            if not outcome.ok and len(problems) < _PROBLEMS_SHOWN:
                problems.append((outcome, info))

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(source.unit),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            console=err,
            disable=no_progress,
            transient=False,
        )
        task = progress.add_task(source.unit, total=total)

        def on_progress(state: BulkProgress) -> None:
            progress.update(task, completed=state.done)

        started = time.monotonic()
        report: BulkReport | None = None
        try:
            with _sigterm_as_interrupt(), progress:
                report = bulk_create_contacts(
                    client,
                    records(),
                    overwrite=overwrite,
                    batch_size=batch_size,
                    concurrency=concurrency,
                    journal=journal,
                    default_region=options.default_region,
                    field_ids=field_ids,
                    dry_run=dry_run,
                    retry=dataclasses.replace(DEFAULT_RETRY_POLICY, max_retries=max_retries),
                    input_fingerprint=source.fingerprint + ";map=" + json.dumps(source.describe(), sort_keys=True),
                    on_outcome=on_outcome,
                    on_progress=on_progress,
                    keep_outcomes=False,
                )
        except KeyboardInterrupt:
            _close_quietly(report_file)
            hint = " Run the same command again to resume." if journal else " (no --journal: a new run starts over)"
            err.print(f"interrupted after {time.monotonic() - started:.1f} s.{hint}")
            sys.exit(EXIT_INTERRUPTED)
        except JournalWriteError as error:
            _close_quietly(report_file)
            _write_failed("journal", error.path, error.cause, journal)
        except _ReportWriteError as error:
            _close_quietly(report_file)
            assert report_path is not None
            _write_failed("report", report_path, error.cause, journal)
        except JournalError as error:
            _close_quietly(report_file)
            _fail(str(error))
        if report_file:
            try:
                report_file.close()  # flushes the last rows: a full disk can fail here
            except OSError as error:
                _close_quietly(report_file)
                assert report_path is not None
                _write_failed("report", report_path, error, journal)
    assert report is not None
    _print_summary(report, file, problems, report_path, source, choices)
    sys.exit(EXIT_OK if report.ok else EXIT_ROWS)


@dataclasses.dataclass
class _Choices:
    """How the phone of records with several numbers was chosen (for the summary)."""

    several: int = 0
    mobile: int = 0

    def add(self, info: RecordInfo | None) -> None:
        if info is not None and info.several:
            self.several += 1
            self.mobile += info.chose_mobile


def _field_ids(client: AuthenticatedClient, titles: list[str], *, create: bool, dry_run: bool) -> dict[str, str]:
    if not titles:
        return {}
    try:
        return resolve_field_titles(client, titles, create_missing=create and not dry_run)
    except FieldLookupError as error:
        if not (dry_run and create and error.missing):
            _fail(str(error))
        missing = error.missing
    # Dry run with --create-fields: the missing titles would be created; a placeholder id lets the
    # rows validate (nothing is sent).
    err.print(f"dry run: custom field(s) {', '.join(map(repr, missing))} would be created")
    present = [t for t in titles if t not in missing]
    found = resolve_field_titles(client, present) if present else {}
    return {title: found.get(title, "0") for title in titles}


class _ReportWriteError(Exception):
    """Writing a row of the --report file failed; ``cause`` is the ``OSError``."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _write_failed(what: str, path: Path, cause: OSError, journal: Path | None) -> NoReturn:
    """One line for an ``OSError`` writing the journal or the report, and exit status 3."""
    reason = cause.strerror or str(cause) or type(cause).__name__
    code = f" [{errno.errorcode.get(cause.errno, cause.errno)}]" if cause.errno else ""
    if journal is not None:
        then = f"nothing is lost: once it can be written, the same command resumes from the journal {journal}"
    else:
        then = "without --journal, the same command sends every row again (existing phones are not created twice)"
    _fail(f"cannot write the {what} {path}: {reason}{code}; {then}", EXIT_WRITE)


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


def _open_report(path: Path | None, journal: Path | None) -> TextIO | None:
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", newline="", encoding="utf-8")
    except OSError as error:
        _write_failed("report", path, error, journal)


def _report_row(outcome: ItemOutcome, info: RecordInfo | None = None) -> list[object]:
    return [
        outcome.line if outcome.line is not None else outcome.index + 1,
        outcome.phone or "",
        outcome.outcome.value,
        outcome.reason,
        outcome.detail,
        "" if outcome.contact_id is None else outcome.contact_id,
        "" if outcome.status is None else outcome.status,
        outcome.request_id or "",
        outcome.attempts,
        info.name if info else "",
        info.phone_source if info else "",
    ]


def _print_summary(
    report: BulkReport,
    file: Path,
    problems: list[tuple[ItemOutcome, RecordInfo | None]],
    report_path: Path | None,
    source: ContactSource,
    choices: _Choices,
) -> None:
    title = f"{'Dry run' if report.dry_run else 'Import'} of {file.name}: {report.total:,} {source.unit}"
    table = Table(title=Text(title), title_justify="left")
    table.add_column("Outcome")
    table.add_column("Reason")
    table.add_column("Rows", justify="right")
    for outcome in _ORDER:
        reasons = sorted((r, n) for (o, r), n in report.reasons.items() if o is outcome)
        for position, (reason, count) in enumerate(reasons):
            table.add_row(outcome.value if position == 0 else "", reason, f"{count:,}")
    table.add_section()
    table.add_row("total", "", f"{report.total:,}")
    out.print(table)
    retries = ", ".join(f"{cause} x{n}" for cause, n in sorted(report.retries.items())) or "none"
    rate = report.total / report.duration if report.duration > 0 else 0.0
    out.print(
        f"{report.requests:,} {'lookup' if report.dry_run else 'batch'} {'request' if report.requests == 1 else 'requests'}"
        + (f", {report.lookups:,} look-up {'request' if report.lookups == 1 else 'requests'}" if report.lookups else "")
        + f", re-sent: {retries}; "
        f"{report.duration:.1f} s, {rate:,.0f} rows/s"
    )
    if report.from_journal:
        out.print(f"{report.from_journal:,} rows were already done in the journal and were not sent again")
    if report.aborted:
        out.print(f"stopped sending after {report.aborted}", style="bold red")
    _print_source(source, choices)
    if problems:
        not_ok = report.counts[Outcome.REJECTED] + report.counts[Outcome.FAILED]
        where = f"; every row is in {report_path}" if report_path else "; --report writes them all"
        out.print(f"Rows not imported: {not_ok:,} (the first {len(problems)} below{where})")
        for p, info in problems:
            line = p.line if p.line is not None else p.index + 1
            who = f" ({info.name})" if info is not None and not isinstance(source, PlainCsvSource) else ""
            out.print(f"  line {line}{who}: {p.outcome.value} ({p.reason}) {p.detail}")
    if report_path:
        out.print(f"Report: {report_path}")


def _print_source(source: ContactSource, choices: _Choices) -> None:
    """What a known layout or a vCard file was read as, what it left out, and how numbers were chosen."""
    if source.layout is None:
        return
    what = "properties" if source.kind == "vCard" else "columns"
    out.print(f"Read as {source.layout}.")
    if source.ignored or source.ignored_empty:
        listed = ", ".join(source.ignored) if source.ignored else "none with data"
        empty = f" (and {source.ignored_empty} empty {what})" if source.ignored_empty else ""
        out.print(f"Ignored {what}: {listed}{empty}.")
    if choices.several:
        first = choices.several - choices.mobile
        used = [f"the mobile number for {choices.mobile:,}"] if choices.mobile else []
        used += [f"the first valid one for {first:,}"] if first else []
        out.print(
            f"Records with several numbers: {choices.several:,}; used {' and '.join(used)} "
            "(the report's phone_source column says which)."
        )


# ---------------------------------------------------------------------------------- contacts export


@contacts.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--page-size",
    type=click.IntRange(1, 1000),
    default=30,
    show_default=True,
    help="Contacts per list request (the vendor's default is 30; a larger page is fewer requests if the server allows it).",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@_server_options
def contacts_export(
    file: Path, page_size: int, force: bool, no_progress: bool, base_url: str | None, timeout: float
) -> None:
    """Write every contact to FILE: CSV (.csv, the columns `contacts import` reads back) or JSON Lines (.jsonl).

    Contacts are streamed page by page (memory does not grow with the number of contacts); the file
    appears only once every page was read. Importing the CSV into the same account skips every row.
    """
    try:
        kind = export_format(file)
    except ExportError as error:
        _fail(str(error))
    if file.exists() and not force:
        _fail(f"{file} exists (--force replaces it)")
    with _client(base_url, timeout) as client:
        total = count_all(client)
        err.print(
            f"Exporting {'' if total is None else f'{total:,} '}contacts from {_origin(client)} to {file} ({kind})"
        )
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn() if total is not None else TextColumn("{task.completed:,}"),
            _RateColumn("contacts"),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            console=err,
            disable=no_progress,
            transient=False,
        )
        task = progress.add_task("contacts", total=total)
        last = [0.0]

        def on_contact(count: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.1:
                last[0] = now
                progress.update(task, completed=count)

        try:
            with _sigterm_as_interrupt(), progress:
                report = export_contacts(client, file, page_size=page_size, on_contact=on_contact)
                progress.update(task, completed=report.contacts, total=report.contacts)
        except KeyboardInterrupt:
            err.print(f"interrupted: {file} was not written")
            sys.exit(EXIT_INTERRUPTED)
        except ExportError as error:
            _fail(str(error), EXIT_ROWS)
        except HeymarketError as error:
            _fail(f"the export stopped ({error}); {file} was not written", EXIT_ROWS)
        except OSError as error:
            _fail(f"cannot write {file}: {error}")
    rate = report.contacts / report.duration if report.duration > 0 else 0.0
    out.print(f"Exported {report.contacts:,} contacts to {file} in {report.duration:.1f} s ({rate:,.0f} contacts/s)")
    if report.format == "csv":
        out.print(f"Columns: {', '.join(report.columns)}")
    if report.dropped_custom:
        out.print(f"Left out: {report.dropped_custom:,} values of custom fields that are not in the team's field list")
