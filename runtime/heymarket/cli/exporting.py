"""``heymarket contacts export``: every contact to a CSV or JSON Lines file."""

from __future__ import annotations

import time
from pathlib import Path

import click

from heymarket import HeymarketError

from ..bulk.export import ExportError, count_all, export_contacts, export_format
from .app import Consoles, client_for, contacts, origin, server_options
from .exits import Interrupted, NotDone, UsageError
from .render import export_progress
from .signals import sigterm_as_interrupt


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
@server_options
@click.pass_obj
def contacts_export(
    consoles: Consoles, file: Path, page_size: int, force: bool, no_progress: bool, base_url: str | None, timeout: float
) -> None:
    """Write every contact to FILE: CSV (.csv, the columns `contacts import` reads back) or JSON Lines (.jsonl).

    Contacts are streamed page by page (memory does not grow with the number of contacts); the file
    appears only once every page was read. Importing the CSV into the same account skips every row.
    """
    kind = export_format(file)  # an ExportError here is a usage error (exit 2)
    if file.exists() and not force:
        raise UsageError(f"{file} exists (--force replaces it)")
    out, err = consoles.out, consoles.err
    with client_for(base_url, timeout) as client:
        total = count_all(client)
        err.print(
            f"Exporting {'' if total is None else f'{total:,} '}contacts from {origin(client)} to {file} ({kind})"
        )
        progress = export_progress(err, counted=total is not None, disable=no_progress)
        task = progress.add_task("contacts", total=total)
        last = [0.0]

        def on_contact(count: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.1:
                last[0] = now
                progress.update(task, completed=count)

        try:
            with sigterm_as_interrupt(err), progress:
                report = export_contacts(client, file, page_size=page_size, on_contact=on_contact)
                progress.update(task, completed=report.contacts, total=report.contacts)
        except KeyboardInterrupt:
            raise Interrupted(f"interrupted: {file} was not written") from None
        except ExportError as error:
            raise NotDone(str(error)) from error
        except HeymarketError as error:
            raise NotDone(f"the export stopped ({error}); {file} was not written") from error
        except OSError as error:
            raise UsageError(f"cannot write {file}: {error}") from error
    rate = report.contacts / report.duration if report.duration > 0 else 0.0
    out.print(f"Exported {report.contacts:,} contacts to {file} in {report.duration:.1f} s ({rate:,.0f} contacts/s)")
    if report.format == "csv":
        out.print(f"Columns: {', '.join(report.columns)}")
    if report.dropped_custom:
        out.print(f"Left out: {report.dropped_custom:,} values of custom fields that are not in the team's field list")
