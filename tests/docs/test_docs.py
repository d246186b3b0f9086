"""The documentation's examples run as written, its links resolve, and its tables follow the spec.

Conventions of the fenced blocks in README.md, CONTRIBUTING.md and docs/*.md (``RUN_FILES``):

* ```` ```python ````: run. Each block runs on its own, in a subprocess of this venv's python, in an empty
  temporary folder, against a stand-in emptied for it (the consumer test kit's ``heymarket_mock``
  fixture), with ``HEYMARKET_BASE_URL``, ``HEYMARKET_SECRET_ID`` and ``HEYMARKET_SECRET_KEY`` set to it.
  It passes when it exits 0. A block that defines ``def test_...`` functions is a pytest file instead: it
  is run by pytest in a temporary folder outside the repository, as a consumer of the
  ``[testing]`` extra runs it, and all its tests must pass.
* ```` ```py ````: an illustrative fragment (it needs an existing ``client``, say). Not run; compiled.
* ```` ```console ````: run. Every line starting with ``$ `` is a command; the commands of a block run
  in order in one bash session, in a temporary folder where the repository's ``examples/`` and
  ``tests/fixtures/`` are linked (so the documented paths work), with this venv's ``bin`` first on
  ``PATH`` and the stand-in's variables set. ``http://127.0.0.1:8080`` in a command stands for the
  stand-in. The other lines are the documented output of the command above them: each must be among
  the lines it printed (stdout and stderr), once what changes from run to run is masked (the stand-in's
  URL, UUIDs, rates, durations). Progress-bar lines (``━``) and ``...`` lines are not compared. A
  command may exit 0 or 1 (1: some rows not imported); 2 or more fails, unless ``$ echo $?`` shows it.
* Any other block (```` ```sh ````, ```` ```text ````, ```` ```ts ````...) is not run: use them for
  commands that install, start servers or take long.

Also checked: every relative link (and its ``#anchor``, as GitHub makes them from headings) in
``LINK_FILES`` resolves; docs/spec.md's operation table and list of Choices match openapi.yaml; README.md
stays a front door of at most ``README_MAX_LINES`` lines; no issue numbers in the docs.

The README quickstart is also run from an installed wheel by the packaging tests, which find it as the
first ```` ```python ```` block after the ``### Quickstart`` heading.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from heymarket_mock.testkit import HeymarketMock

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RUN_FILES = sorted([README, ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])
LINK_FILES = sorted(
    {
        *RUN_FILES,
        ROOT / "CHANGELOG.md",
        ROOT / "ts" / "README.md",
        ROOT / "standin" / "heymarket_mock" / "README.md",
        ROOT / "bench" / "RESULTS.md",
    }
)
README_MAX_LINES = 220
DOC_PORT_URL = "http://127.0.0.1:8080"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
FENCE = re.compile(r"^(`{3,}|~{3,})([\w+-]*)\s*$")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ---------------------------------------------------------------------------------- reading markdown


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    code: str

    @property
    def id(self) -> str:
        return f"{rel(self.path)}:{self.line}"


def closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a markdown file, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, lang = opening.groups()
        end = index + 1
        while end < len(lines) and not closes(lines[end], fence):
            end += 1
        assert end < len(lines), f"{rel(path)}:{index + 1}: unclosed code block"
        found.append(Block(path, index + 1, lang, "\n".join(lines[index + 1 : end]) + "\n"))
        index = end + 1
    return found


def outside_blocks(path: Path) -> Iterator[str]:
    """The lines of a markdown file outside its fenced blocks."""
    fence: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if fence is None:
            opening = FENCE.match(line)
            if opening:
                fence = opening.group(1)
            else:
                yield line
        elif closes(line, fence):
            fence = None


def prose(path: Path) -> str:
    """The text of a markdown file without its fenced blocks and inline code spans."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", "\n".join(outside_blocks(path)))


def all_blocks(lang: str) -> list[Block]:
    return [b for path in RUN_FILES for b in blocks(path) if b.lang == lang]


def is_pytest_file(block: Block) -> bool:
    return re.search(r"^def test_\w+\(", block.code, flags=re.MULTILINE) is not None


PYTHON = all_blocks("python")
SCRIPTS = [b for b in PYTHON if not is_pytest_file(b)]
PYTEST_FILES = [b for b in PYTHON if is_pytest_file(b)]
FRAGMENTS = all_blocks("py")
CONSOLE = all_blocks("console")


def quickstart() -> Block:
    """The block the packaging tests run from an installed wheel: the first python block after '### Quickstart'."""
    heading = next(
        i for i, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1) if line == "### Quickstart"
    )
    return next(b for b in PYTHON if b.path == README and b.line > heading)


# ---------------------------------------------------------------------------------- running blocks


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the developer's HEYMARKET_* settings or anything that steers pytest or rich."""
    drop = ("HEYMARKET_", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop) and k not in ("COLUMNS", "LINES")}
    return env | extra


def run_script(code: str, standin: HeymarketMock, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=clean_env(**standin.env()),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_there_are_blocks_to_run() -> None:
    assert quickstart() in SCRIPTS
    assert "create_client()" in quickstart().code
    assert {b.path.name for b in PYTHON} >= {"README.md", "client.md", "bulk.md", "testing.md"}
    assert PYTEST_FILES and CONSOLE and FRAGMENTS


def test_the_quickstart_runs_as_documented(heymarket_mock: HeymarketMock, tmp_path: Path) -> None:
    result = run_script(quickstart().code, heymarket_mock, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"\d+ 1 [0-9a-f-]{36}", lines[0]), lines
    assert re.fullmatch(r"[0-9a-f-]{36}", lines[1]), lines
    assert "15105553344" in lines[2] and "15105550001" not in lines[2], lines  # the existing phone failed
    phones = sorted(c["phone"] for c in heymarket_mock.contacts())
    assert phones == ["14155551234", "15105550001", "15105553344"]


@pytest.mark.parametrize("block", SCRIPTS, ids=lambda b: b.id)
def test_python_block_runs(block: Block, heymarket_mock: HeymarketMock, tmp_path: Path) -> None:
    result = run_script(block.code, heymarket_mock, tmp_path)
    assert result.returncode == 0, f"{block.id} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"


@pytest.mark.parametrize("block", PYTEST_FILES, ids=lambda b: b.id)
def test_pytest_block_passes_in_a_project_of_its_own(block: Block, tmp_path: Path) -> None:
    folder = tmp_path / "consumer"
    folder.mkdir()
    assert ROOT not in folder.parents
    (folder / "test_from_docs.py").write_text(block.code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=folder,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    tests = len(re.findall(r"^def test_", block.code, flags=re.MULTILINE))
    assert result.returncode == 0, f"{block.id}:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    assert re.search(rf"\b{tests} passed\b", result.stdout), result.stdout[-2000:]


@pytest.mark.parametrize("block", FRAGMENTS, ids=lambda b: b.id)
def test_python_fragment_compiles(block: Block) -> None:
    compile(block.code, block.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


# ---------------------------------------------------------------------------------- console blocks

END = "@@docs-test-command-end@@"
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_RATE = re.compile(r"\b\d[\d,]*(?:\.\d+)? (\w+)/s\b")
_SECONDS = re.compile(r"\b\d+(?:\.\d+)? s\b")


@dataclass
class Command:
    command: str
    documented: list[str]


def commands(block: Block) -> list[Command]:
    found: list[Command] = []
    for line in block.code.splitlines():
        if line.startswith("$ "):
            found.append(Command(line[2:], []))
        else:
            assert found, f"{block.id}: output before the first '$ ' command: {line!r}"
            found[-1].documented.append(line)
    return found


def normalise(line: str, base_url: str) -> str:
    line = line.replace(base_url, DOC_PORT_URL)
    line = _UUID.sub("<uuid>", line)
    line = _RATE.sub(r"<n> \1/s", line)
    line = _SECONDS.sub("<t> s", line)
    return line.rstrip()


def compared(line: str) -> bool:
    return bool(line.strip()) and line.strip() != "..." and "━" not in line


@pytest.fixture
def console_dir(tmp_path: Path) -> Path:
    """An empty folder where the documented relative paths (examples/..., tests/fixtures/...) exist."""
    work = tmp_path / "work"
    (work / "tests").mkdir(parents=True)
    (work / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    (work / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures", target_is_directory=True)
    return work


@pytest.mark.parametrize("block", CONSOLE, ids=lambda b: b.id)
def test_console_block_prints_what_it_shows(block: Block, heymarket_mock: HeymarketMock, console_dir: Path) -> None:
    steps = commands(block)
    base_url = heymarket_mock.base_url
    script = []
    for step in steps:
        script.append(step.command.replace(DOC_PORT_URL, base_url))
        script.append(f'__status=$?; printf \'\\n{END} %d\\n\' "$__status"; ( exit "$__status" )')
    env = clean_env(**heymarket_mock.env())
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=console_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    outputs = re.split(rf"^{END} (\d+)$", done.stdout, flags=re.MULTILINE)
    # [out0, status0, out1, status1, ..., tail]
    assert len(outputs) == 2 * len(steps) + 1, done.stdout[-4000:]
    for number, step in enumerate(steps):
        printed, status = outputs[2 * number], int(outputs[2 * number + 1])
        shown_status = number + 1 < len(steps) and steps[number + 1].command.strip() == "echo $?"
        assert status < 2 or shown_status, f"{block.id}: `{step.command}` exited {status}:\n{printed[-3000:]}"
        actual = {normalise(line, base_url) for line in printed.splitlines()}
        missing = [line for line in step.documented if compared(line) and normalise(line, base_url) not in actual]
        assert not missing, (
            f"{block.id}: `{step.command}` did not print these documented lines:\n"
            + "\n".join(missing)
            + f"\n--- it printed:\n{printed[-4000:]}"
        )


# ---------------------------------------------------------------------------------- links


def slug(heading: str) -> str:
    """The anchor GitHub makes from a heading's text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"[`*]", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for line in outside_blocks(path):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            base = slug(heading.group(1))
            name, n = base, 0
            while name in found:
                n += 1
                name = f"{base}-{n}"
            found.add(name)
    return found


_LINK = re.compile(r"!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", flags=re.MULTILINE)


def links(path: Path) -> list[str]:
    text = re.sub(r"(`+)(?:(?!\1).)+?\1", "", "\n".join(outside_blocks(path)))
    return _LINK.findall(text) + _REFERENCE.findall(text)


def test_the_link_checker_reads_links_and_anchors() -> None:
    assert slug("The spec: `openapi.yaml`") == "the-spec-openapiyaml"
    assert slug("Exports of address books and CRMs, and vCard") == "exports-of-address-books-and-crms-and-vcard"
    assert slug("Per-call options and copies") == "per-call-options-and-copies"
    assert "two-commands" in anchors(README)
    found = links(README)
    assert "docs/client.md" in found and "CONTRIBUTING.md" in found


@pytest.mark.parametrize("path", LINK_FILES, ids=rel)
def test_relative_links_resolve(path: Path) -> None:
    broken: list[str] = []
    for target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.IGNORECASE):  # http:, https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target}: no {rel(resolved) if ROOT in resolved.parents else resolved}")
        elif not (resolved == ROOT or ROOT in resolved.parents):
            broken.append(f"{target}: outside the repository")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {rel(resolved)}")
    assert not broken, f"{rel(path)}: " + "; ".join(broken)


# ---------------------------------------------------------------------------------- the spec's tables


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return spec


def section(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    level = heading.split(" ", 1)[0]
    end = text.find(f"\n{level} ", start + len(heading) + 2)
    return text[start : end if end != -1 else len(text)]


def test_the_operation_table_lists_the_spec() -> None:
    table = section(ROOT / "docs" / "spec.md", "## The operations")
    rows = set(
        re.findall(
            r"^\| `(GET|PUT|POST|DELETE|PATCH) ([^`]+)` \| `(\w+)` \| (\w+) \| (yes|no) \|$", table, flags=re.MULTILINE
        )
    )
    expected = {
        (method.upper(), path, op["operationId"], op["tags"][0], "yes" if op["x-heymarket-retry-safe"] else "no")
        for path, item in load_spec()["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }
    assert rows == expected


def choices(node: Any, where: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The location of every description that holds a **Choice:** in the spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from choices(value, (*where, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from choices(value, (*where, str(index)))
    elif isinstance(node, str) and "**Choice:**" in node:
        yield where


def test_docs_spec_lists_every_choice() -> None:
    spec = load_spec()
    listed = section(ROOT / "docs" / "spec.md", "## Choices")
    named: set[str] = set()
    for where in choices(spec):
        if where[0] == "paths":
            named.add(spec["paths"][where[1]][where[2]]["operationId"])
        elif where[0] == "components":
            named.add(where[2])
    assert len(named) > 30
    missing = sorted(name for name in named if f"`{name}`" not in listed)
    assert not missing, f"docs/spec.md's Choices do not name: {', '.join(missing)}"


# ---------------------------------------------------------------------------------- the front door


def test_the_readme_is_a_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES
    for page in ("docs/spec.md", "docs/client.md", "docs/bulk.md", "docs/other-languages.md", "docs/testing.md"):
        assert f"]({page})" in text, page
    assert "](CONTRIBUTING.md)" in text and "](bench/RESULTS.md)" in text
    for command in ("make demo", "make test"):
        assert command in text


@pytest.mark.parametrize("path", RUN_FILES, ids=rel)
def test_no_issue_numbers(path: Path) -> None:
    text = prose(path)
    found = re.findall(r"\b[Ii]ssues?\s+#?\d+\b|(?<![\w&/#])#\d+\b", text)
    assert not found, f"{rel(path)}: {found}"
