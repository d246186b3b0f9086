"""The ``heymarket`` group: injected consoles, the shared server options, and the error handling of every
command (``exits.py`` maps errors to statuses; commands raise, they never call ``sys.exit``)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from jwt.warnings import InsecureKeyLengthWarning
from rich.console import Console

from heymarket import HeymarketClient, HeymarketConfigError, create_client

from . import exits

F = TypeVar("F", bound=Callable[..., Any])


def _console(*, stderr: bool) -> Console:
    # soft_wrap: one-line messages stay on one line (tables are still laid out to the width).
    # markup=False: file names, titles and server messages are printed as they are, never read as markup.
    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)


@dataclass
class Consoles:
    """Where the command prints: ``out`` (results, the summary) and ``err`` (progress, notes, errors).
    Tests pass their own as ``obj`` (``main.main(args, obj=Consoles(...))`` or click's ``CliRunner``)."""

    out: Console = field(default_factory=lambda: _console(stderr=False))
    err: Console = field(default_factory=lambda: _console(stderr=True))


class HeymarketGroup(click.Group):
    """Runs a command with PyJWT's key-length advice filtered, and ends it on an error with one line."""

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            # The vendor fixes the key format (SECRET_ID||SECRET_KEY); PyJWT's advice about its length
            # would only be noise on a user's terminal. Installed while the command runs, not on import.
            warnings.filterwarnings("ignore", category=InsecureKeyLengthWarning)
            try:
                return super().invoke(ctx)
            except exits.HANDLED as error:
                consoles = ctx.find_object(Consoles) or Consoles()
                ctx.exit(exits.report(error, consoles.err))


@click.group(cls=HeymarketGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="heymarket-client", prog_name="heymarket")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Heymarket contacts from the command line.

    Credentials come from HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (or HEYMARKET_API_KEY).
    """
    ctx.ensure_object(Consoles)


@main.group()
def contacts() -> None:
    """Create, import and export contacts."""


@main.group()
def auth() -> None:
    """Check credentials."""


def server_options(function: F) -> F:
    """``--base-url`` and ``--timeout``, shared by every command that calls the API."""
    function = click.option(
        "--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds per request."
    )(function)
    return click.option(
        "--base-url",
        metavar="URL",
        default=None,
        help="API server (default: $HEYMARKET_BASE_URL, else https://api.heymarket.com).",
    )(function)


def client_for(base_url: str | None, timeout: float) -> HeymarketClient:
    try:
        return create_client(base_url=base_url, timeout=timeout)
    except HeymarketConfigError as error:
        raise exits.UsageError(str(error)) from error


def origin(client: HeymarketClient) -> str:
    # Only scheme://host:port: a base URL could carry user:password@.
    url = client.get_httpx_client().base_url
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"
