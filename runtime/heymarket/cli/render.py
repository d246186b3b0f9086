"""What the command prints: progress bars, the import summary, the rows of ``--report``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

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

from ..bulk.records import RecordInfo
from ..bulk.report import BulkReport, ItemOutcome, Outcome
from ..bulk.sources import ContactSource, PlainCsvSource

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
    "warning",
)
PROBLEMS_SHOWN = 10
_ORDER = list(Outcome)


class RateColumn(ProgressColumn):
    def __init__(self, unit: str = "rows") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed:
            speed = task.completed / task.elapsed
        return Text(f"-- {self.unit}/s" if speed is None else f"{speed:,.0f} {self.unit}/s")


def import_progress(err: Console, unit: str, *, disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(unit),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        console=err,
        disable=disable,
        transient=False,
    )


def export_progress(err: Console, *, counted: bool, disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if counted else TextColumn("{task.completed:,}"),
        RateColumn("contacts"),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        console=err,
        disable=disable,
        transient=False,
    )


@dataclasses.dataclass
class Choices:
    """How the phone of records with several numbers was chosen (for the summary)."""

    several: int = 0
    mobile: int = 0

    def add(self, info: RecordInfo | None) -> None:
        if info is not None and info.several:
            self.several += 1
            self.mobile += info.chose_mobile


@dataclasses.dataclass
class Warned:
    """Rows imported (or, in a dry run, to be imported) with a warning: a value left out of the contact."""

    count: int = 0
    shown: list[tuple[ItemOutcome, RecordInfo]] = dataclasses.field(default_factory=list)

    def add(self, outcome: ItemOutcome, info: RecordInfo | None) -> None:
        if info is not None and info.warnings and outcome.ok:
            self.count += 1
            if len(self.shown) < PROBLEMS_SHOWN:
                self.shown.append((outcome, info))


def report_row(outcome: ItemOutcome, info: RecordInfo | None = None) -> list[object]:
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
        "; ".join(info.warnings) if info else "",
    ]


def unknown_tags_line(unknown: Mapping[int, int], whom: str = "rows") -> str:
    """The warning for tag ids the account does not have: ``{tag id: rows carrying it}``."""
    ids = sorted(unknown)
    if whom == "the contact":
        listed = ", ".join(str(i) for i in ids)
    else:
        listed = ", ".join(f"{i} ({unknown[i]:,} {'row' if unknown[i] == 1 else 'rows'})" for i in ids[:10])
        listed += f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return (
        f"warning: tag id(s) {listed} are not tags of this account; "
        "they are sent as given (create the tags first, or check the ids)"
    )


def print_summary(
    out: Console,
    report: BulkReport,
    file: Path,
    problems: list[tuple[ItemOutcome, RecordInfo | None]],
    report_path: Path | None,
    source: ContactSource,
    choices: Choices,
    warned: Warned | None = None,
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
    requests = f"{report.requests:,} {'lookup' if report.dry_run else 'batch'} "
    requests += "request" if report.requests == 1 else "requests"
    if report.lookups:
        requests += f", {report.lookups:,} look-up {'request' if report.lookups == 1 else 'requests'}"
    out.print(f"{requests}, re-sent: {retries}; {report.duration:.1f} s, {rate:,.0f} rows/s")
    if report.from_journal:
        out.print(f"{report.from_journal:,} rows were already done in the journal and were not sent again")
    if report.aborted:
        out.print(f"stopped sending after {report.aborted}", style="bold red")
    if report.unknown_tags:
        out.print(unknown_tags_line(report.unknown_tags))
    if report.tags_unchecked:
        out.print(f"note: the tag ids were not checked (listing the account's tags failed: {report.tags_unchecked})")
    _print_source(out, source, choices)
    if warned is not None and warned.count:
        _print_warned(out, warned, report.dry_run, report_path, source)
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


def _print_source(out: Console, source: ContactSource, choices: Choices) -> None:
    """What the file was read as (its layout, encoding, delimiter), what it left out, how numbers were chosen."""
    if source.layout is not None:
        out.print(f"Read as {source.layout}.")
    for note in source.notes:
        out.print(note)
    if source.layout is None:
        return
    what = "properties" if source.kind == "vCard" else "columns"
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


def _print_warned(out: Console, warned: Warned, dry_run: bool, report_path: Path | None, source: ContactSource) -> None:
    """The rows imported although a value was left out (an Exchange address in place of an email)."""
    what = "to import" if dry_run else "imported"
    where = "; the report's warning column has them all" if report_path else "; --report writes them all"
    out.print(f"Rows {what} with a warning: {warned.count:,} (the first {len(warned.shown)} below{where})")
    for outcome, info in warned.shown:
        line = outcome.line if outcome.line is not None else outcome.index + 1
        who = f" ({info.name})" if not isinstance(source, PlainCsvSource) else ""
        out.print(f"  line {line}{who}: {'; '.join(info.warnings)}")
