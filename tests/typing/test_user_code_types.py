"""Code written against the client type-checks as written, with ``mypy --strict`` and pyright (strict).

What is checked: every ```` ```python ```` block of README.md, CONTRIBUTING.md and docs/*.md (read by the
block reader of ``tests/docs/test_docs.py``) and ``service_code.py`` beside this file, typical service code
(v1 and v2 creates, a get that catches ``heymarket.NotFoundError``, a batch create, tags, async through
``client.aio``, resource and module style, the pagers). Each is a module of its own in a temporary folder,
checked in one run of each checker; none may have an error, and none may hold a cast, an
``assert isinstance`` or an ignore comment, the ways around a result typed too loosely.

A deliberately wrong file (``WRONG``) goes through the same runs and must get an error on each of its
marked lines from both checkers, so a checker that checks nothing, or sees the results as ``Any``, fails
here. ``service_code.py`` also runs against the stand-in, so it stays working code.

mypy is this venv's; pyright is the pinned npm package (``node_modules/.bin/pyright``, installed by
``npm ci`` from package-lock.json, needs no network), so its tests carry the ``node`` marker. Each
checker's run takes about 10 s on 2 cores, so the mypy tests carry ``slow`` (``make lint`` still checks
service_code.py with mypy in the inner loop).
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.docs.test_docs import PYTHON, Block
from tests.typing import service_code

if TYPE_CHECKING:
    from heymarket import HeymarketClient
    from heymarket_mock.testkit import HeymarketMock

ROOT = Path(__file__).resolve().parents[2]
SERVICE_CODE = Path(service_code.__file__)
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
# Where the packages are found, as in pyproject.toml's mypy_path (the editable install's import hook
# is invisible to both checkers).
SOURCE_ROOTS = [ROOT / "generated", ROOT / "auth_ext", ROOT / "runtime", ROOT / "standin"]
FORBIDDEN = ("cast(", "assert isinstance", "type: ignore", "pyright: ignore")

WRONG_NAME = "wrong_on_purpose.py"
WRONG = """\
import asyncio

from heymarket import create_client
from heymarket_client.api.contacts_v1 import create_contact, delete_contact
from heymarket_client.models import ContactRequest, ListTagsRequest

with create_client() as client:
    created: int = client.contacts.create(body=ContactRequest(phone="15105550000"))  # wrong
    uuid: int = client.contacts.create(body=ContactRequest(phone="15105550000")).uuid  # wrong
    done: None = delete_contact.sync(client=client, id=1)  # wrong
    module: str = create_contact.sync(client=client, body=ContactRequest(phone="15105550000"))  # wrong
    client.contacts.create(body=ContactRequest(phone=15105550000))  # wrong
    client.contacts.create_contact(body=ContactRequest(phone="15105550000"))  # wrong


async def tags() -> None:
    with create_client() as client:
        found: str = await client.aio.tags.list(body=ListTagsRequest())  # wrong


asyncio.run(tags())
"""
WRONG_LINES = {number for number, line in enumerate(WRONG.splitlines(), 1) if line.endswith("# wrong")}


@dataclass(frozen=True)
class Checked:
    """A file given to the checkers: a docs block, service_code.py or WRONG."""

    name: str  # its file name in the temporary folder
    source: str  # where it comes from, for messages
    code: str
    path: str  # the file that holds it, and the line before its first line there
    offset: int = 0


def module_name(block: Block) -> str:
    return "doc_" + re.sub(r"\W+", "_", block.id).strip("_").lower() + ".py"


DOCS = [Checked(module_name(b), b.id, b.code, b.id.rsplit(":", 1)[0], b.line) for b in PYTHON]
SERVICE_PATH = "tests/typing/service_code.py"
SERVICE = Checked("service_code.py", SERVICE_PATH, SERVICE_CODE.read_text(encoding="utf-8"), SERVICE_PATH)
CLEAN = [*DOCS, SERVICE]
FILES = [*CLEAN, Checked(WRONG_NAME, "WRONG", WRONG, "WRONG")]


@dataclass
class Findings:
    """One checker's errors per file name (file -> [(line, message)]) and how many files it checked."""

    errors: dict[str, list[tuple[int, str]]]
    files_checked: int
    output: str

    def of(self, checked: Checked) -> list[tuple[int, str]]:
        return self.errors.get(checked.name, [])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every checked file, as a top-level module of a folder outside the repository."""
    where = tmp_path_factory.mktemp("user_code")
    assert ROOT not in where.parents
    for checked in FILES:
        (where / checked.name).write_text(checked.code, encoding="utf-8")
    return where


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def mypy(folder: Path) -> Findings:
    done = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),  # strict, warn_unreachable, mypy_path (relative to cwd)
            "--cache-dir",
            str(folder / ".mypy_cache"),
            "--show-error-codes",
            *sorted(str(folder / checked.name) for checked in FILES),
        ],
        cwd=ROOT,
    )
    errors: dict[str, list[tuple[int, str]]] = {}
    for line in done.stdout.splitlines():
        found = re.match(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*)$", line)
        if found:
            name = Path(found["file"]).name
            errors.setdefault(name, []).append((int(found["line"]), found["message"]))
    assert done.returncode in (0, 1), f"mypy did not run:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    summary = re.search(r"(?:checked|found in) (\d+) source files?\)?$", done.stdout.strip())
    assert summary, f"no summary from mypy:\n{done.stdout[-3000:]}"
    return Findings(errors, int(summary[1]), done.stdout)


@pytest.fixture(scope="module")
def pyright(folder: Path) -> Findings:
    assert PYRIGHT.exists(), f"{PYRIGHT} is missing: `make install` (npm ci) installs it from package-lock.json"
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
        "extraPaths": [str(path) for path in SOURCE_ROOTS],
        "include": [checked.name for checked in FILES],
    }
    (folder / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = run([str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable, "--project", str(folder)], folder)
    assert done.returncode in (0, 1), f"pyright did not run:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    report = json.loads(done.stdout)
    errors: dict[str, list[tuple[int, str]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            name = Path(diagnostic["file"]).name
            line = diagnostic["range"]["start"]["line"] + 1
            errors.setdefault(name, []).append((line, diagnostic["message"]))
    return Findings(errors, report["summary"]["filesAnalyzed"], done.stdout)


def listing(errors: list[tuple[int, str]], checked: Checked) -> str:
    return "\n".join(f"{checked.path}:{checked.offset + line}: {message}" for line, message in errors)


# ---------------------------------------------------------------------------------- what is checked


def test_the_docs_blocks_and_the_service_code_are_checked() -> None:
    sources = {checked.source.split(":")[0] for checked in DOCS}
    assert {"README.md", "docs/client.md", "docs/testing.md", "docs/bulk.md"} <= sources
    assert len({checked.name for checked in FILES}) == len(FILES)
    assert len(WRONG_LINES) == 7


@pytest.mark.parametrize("checked", CLEAN, ids=lambda c: c.source)
def test_no_way_around_the_types(checked: Checked) -> None:
    found = [word for word in FORBIDDEN if word in checked.code]
    assert not found, f"{checked.source} holds {found}: a result must be usable as typed"


# ---------------------------------------------------------------------------------- mypy --strict


@pytest.mark.slow
def test_mypy_checked_every_file(mypy: Findings) -> None:
    assert mypy.files_checked == len(FILES), mypy.output[-3000:]
    unknown = set(mypy.errors) - {checked.name for checked in FILES}
    assert not unknown, mypy.output[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("checked", CLEAN, ids=lambda c: c.source)
def test_mypy_strict_finds_no_error(mypy: Findings, checked: Checked) -> None:
    errors = mypy.of(checked)
    assert not errors, f"mypy --strict:\n{listing(errors, checked)}"


@pytest.mark.slow
def test_mypy_strict_finds_the_wrong_lines(mypy: Findings) -> None:
    wrong = next(checked for checked in FILES if checked.name == WRONG_NAME)
    lines = {line for line, _ in mypy.of(wrong)}
    assert lines == WRONG_LINES, mypy.output[-3000:]


# ---------------------------------------------------------------------------------- pyright (strict)


@pytest.mark.node
def test_pyright_checked_every_file(pyright: Findings) -> None:
    assert pyright.files_checked == len(FILES), pyright.output[-3000:]


@pytest.mark.node
@pytest.mark.parametrize("checked", CLEAN, ids=lambda c: c.source)
def test_pyright_strict_finds_no_error(pyright: Findings, checked: Checked) -> None:
    errors = pyright.of(checked)
    assert not errors, f"pyright (strict):\n{listing(errors, checked)}"


@pytest.mark.node
def test_pyright_strict_finds_the_wrong_lines(pyright: Findings) -> None:
    wrong = next(checked for checked in FILES if checked.name == WRONG_NAME)
    lines = {line for line, _ in pyright.of(wrong)}
    assert lines == WRONG_LINES, pyright.output[-3000:]


# ---------------------------------------------------------------------------------- the service code runs


def test_the_service_code_works_against_the_stand_in(
    heymarket_mock: HeymarketMock, heymarket_client: HeymarketClient
) -> None:
    client = heymarket_client
    ada = service_code.sign_up(client, "15105553344", "Ada")
    assert service_code.first_name(client, ada) == "Ada"
    assert service_code.first_name(client, 999999) is None
    found = service_code.find_by_phone(client, "15105553344")
    assert found is not None and found.id == ada
    assert service_code.find_by_phone(client, "15105559999") is None

    grace = service_code.sign_up_v2(client, "14155551234", "grace@example.com", "Grace")
    assert service_code.search_by_email(client, "grace@example.com") == [grace]
    assert service_code.rename_v2(client, grace, "Grace H.").first == "Grace H."

    assert service_code.import_phones(client, ["15105550001", "15105550002"]) == []
    assert service_code.import_phones(client, ["15105550003", "15105553344"]) == ["15105553344"]

    tag = service_code.ensure_tag(client, "vip")
    assert service_code.ensure_tag(client, "vip") == tag

    assert service_code.lookup_without_retries(client, ada, "trace-1") == "15105553344"
    assert service_code.lookup_without_retries(client, 999999, "trace-2") is None

    module = service_code.sign_up_module_style(client, "15105550004")
    assert service_code.phone_module_style(client, module.id) == "15105550004"
    assert service_code.status_module_style(client, module.id) == 200
    assert service_code.status_module_style(client, 999999) == 404

    assert service_code.remove(client, module.id)
    phones = service_code.all_phones(client)
    assert sorted(phones) == ["14155551234", "15105550001", "15105550002", "15105550003", "15105553344"]
    assert sorted(c["phone"] for c in heymarket_mock.contacts()) == sorted(phones)


def test_the_async_service_code_works_across_event_loops(
    heymarket_mock: HeymarketMock, heymarket_client: HeymarketClient
) -> None:
    client = heymarket_client
    ids = asyncio.run(service_code.sign_up_many(client, ["15105550101", "15105550102", "15105550103"]))
    assert len(set(ids)) == 3
    # A second event loop on the same client, as a worker calling asyncio.run per job does.
    assert asyncio.run(service_code.first_name_async(client, ids[0])) is None  # created without a first name
    assert asyncio.run(service_code.first_name_async(client, 999999)) is None
    assert asyncio.run(service_code.count_async(client)) == 3
    service_code.ensure_tag(client, "vip")
    assert asyncio.run(service_code.tag_names(client)) == ["vip"]
    assert asyncio.run(service_code.tag_count_module_style(client)) == 1
    assert len(heymarket_mock.contacts()) == 3


def test_the_plain_generated_client_raises_its_status_error(heymarket_mock: HeymarketMock) -> None:
    with service_code.plain_client(
        heymarket_mock.base_url, heymarket_mock.secret_id, heymarket_mock.secret_key
    ) as plain:
        assert service_code.status_of_missing(plain, 999999) == 404
