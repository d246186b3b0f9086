"""The spec's kept constraints, as a CLI user meets them: a clear one-line error naming the value and
the rule, a non-zero exit, and nothing sent. Loosened ones (a custom value that is a number) go through.

The real command (run in this process), the real stand-in over loopback: the stand-in's count of createContact requests shows whether
anything reached the server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.cli import cli_env
from tests.support.cli_inprocess import invoke
from tests.support.fakes import assert_no_secret
from tests.support.standin import StandInServer, standin_config

PHONE = "+1 510 555 0134"

# (extra arguments, what the error must say)
KEPT = [
    (["--phone", "12"], "invalid_phone"),
    (["--phone", PHONE, "--avatar", "not a url"], "is not an absolute http(s) URL"),
    (["--phone", PHONE, "--avatar", "ftp://example.com/a.png"], "is not an absolute http(s) URL"),
    (["--phone", PHONE, "--assignee-id", "-5"], "is not an integer >= -1"),
    (["--phone", PHONE, "--email", "not-an-email"], "invalid_email"),
    (
        ["--phone", PHONE, "--tag", "1", "--tag", "2", "--tag", "3", "--tag", "4", "--tag", "5", "--tag", "6"],
        "at most 5",
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as running:
        yield running


@pytest.mark.parametrize(("args", "message"), KEPT)
def test_a_kept_constraint_is_a_clear_cli_error_and_sends_nothing(
    server: StandInServer, args: list[str], message: str
) -> None:
    server.reset()
    result = invoke("contacts", "create", *args, env=cli_env(server.url))
    assert result.returncode != 0, result.stdout
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and message in error_lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert_no_secret(result.stdout, result.stderr)
    assert "createContact" not in server.stats()["by_operation"]


def test_the_same_contact_within_the_rules_is_created(server: StandInServer) -> None:
    server.reset()
    result = invoke(
        "contacts", "create", "--phone", PHONE, "--avatar", "https://example.com/a.png", "--assignee-id", "-1",
        env=cli_env(server.url),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [c["phone"] for c in server.contacts()] == ["15105550134"]
