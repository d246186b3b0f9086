"""Find copied code: runs of at least N equal Python tokens in two places (a token-window scanner).

    python tools/dupscan.py [--min-tokens 60] [--names] PATH [PATH ...]

Each ``.py`` file under the paths is cut into tokens with :mod:`tokenize`; comments, blank lines and
indentation are left out, so re-indented or re-commented copies still match. Every window of
``min_tokens`` tokens is hashed, and each pair of equal windows in two places (two files, or two parts of
one file that do not overlap) is grown to the longest equal run. With ``--names`` (``ignore_names=True``)
identifiers count as one token and every string and number as another, so a copy whose variables were
renamed matches too.

Prints one line per copy, longest first (``tokens  a.py:12-30  b.py:40-58``); exits 1 when it found any.
``tests/test_duplicates.py`` runs it in ``make test``.
"""

from __future__ import annotations

import argparse
import io
import keyword
import sys
import tokenize
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_SKIPPED = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}
_MAX_PAIRS_PER_WINDOW = 50  # a window repeated more often than this (boilerplate) is compared this far only


@dataclass(frozen=True)
class Place:
    path: Path
    first_line: int
    last_line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class Copy:
    """A run of ``tokens`` equal tokens at two places."""

    tokens: int
    a: Place
    b: Place

    def __str__(self) -> str:
        return f"{self.tokens:5d}  {self.a}  {self.b}"

    def touches(self, *paths: str | Path) -> bool:
        """Whether either place is in one of ``paths`` (a file, or a folder it is under)."""
        wanted = [Path(p) for p in paths]
        return any(place.path == w or w in place.path.parents for place in (self.a, self.b) for w in wanted)


@dataclass
class _File:
    path: Path
    texts: list[str]
    lines: list[tuple[int, int]]  # (first line, last line) of each token


def python_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.py`` files at or under ``paths``, sorted, without caches and virtual environments."""
    found: set[Path] = set()
    for root in map(Path, paths):
        candidates = [root] if root.is_file() else root.rglob("*.py")
        for path in candidates:
            if path.suffix == ".py" and not {"__pycache__", ".venv", "node_modules"} & set(path.parts):
                found.add(path)
    return sorted(found)


def tokens_of(source: str, *, ignore_names: bool = False) -> tuple[list[str], list[tuple[int, int]]]:
    """The scanner's tokens of ``source`` and the lines of each."""
    texts: list[str] = []
    lines: list[tuple[int, int]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _SKIPPED:
            continue
        text = token.string
        if ignore_names:
            if token.type == tokenize.NAME and not keyword.iskeyword(text) and not keyword.issoftkeyword(text):
                text = "<name>"
            elif token.type in (tokenize.STRING, tokenize.NUMBER) or token.type == getattr(
                tokenize, "FSTRING_START", -1
            ):
                text = "<value>"
        texts.append(text)
        lines.append((token.start[0], token.end[0]))
    return texts, lines


def find_copies(paths: Iterable[str | Path], *, min_tokens: int = 60, ignore_names: bool = False) -> list[Copy]:
    """Every maximal run of at least ``min_tokens`` equal tokens at two places under ``paths``, longest first."""
    if min_tokens < 1:
        raise ValueError("min_tokens must be at least 1")
    files: list[_File] = []
    for path in python_files(paths):
        try:
            texts, lines = tokens_of(path.read_text(encoding="utf-8"), ignore_names=ignore_names)
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError) as error:
            raise ValueError(f"{path}: cannot be read as Python: {error}") from error
        files.append(_File(path, texts, lines))

    windows: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for f, file in enumerate(files):
        for i in range(len(file.texts) - min_tokens + 1):
            windows[hash(tuple(file.texts[i : i + min_tokens]))].append((f, i))

    copies: list[Copy] = []
    for places in windows.values():
        if len(places) < 2:
            continue
        places = places[:_MAX_PAIRS_PER_WINDOW]
        for x, (fa, ia) in enumerate(places):
            for fb, ib in places[x + 1 :]:
                a, b = files[fa], files[fb]
                if a.texts[ia : ia + min_tokens] != b.texts[ib : ib + min_tokens]:
                    continue  # a hash collision
                if ia > 0 and ib > 0 and a.texts[ia - 1] == b.texts[ib - 1]:
                    continue  # not the start of the run: found from its start
                length = min_tokens
                while ia + length < len(a.texts) and ib + length < len(b.texts):
                    if a.texts[ia + length] != b.texts[ib + length]:
                        break
                    length += 1
                if fa == fb and ib < ia + length:
                    length = ib - ia  # one file: the two places must not overlap
                    if length < min_tokens:
                        continue
                copies.append(Copy(length, _place(a, ia, length), _place(b, ib, length)))
    copies.sort(key=lambda c: (-c.tokens, str(c.a.path), c.a.first_line, str(c.b.path), c.b.first_line))
    return copies


def _place(file: _File, start: int, length: int) -> Place:
    return Place(file.path, file.lines[start][0], file.lines[start + length - 1][1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/dupscan.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files or folders (their .py files)")
    parser.add_argument("--min-tokens", type=int, default=60, help="shortest run reported (default: 60)")
    parser.add_argument("--names", action="store_true", help="any identifier matches any other, any value any value")
    args = parser.parse_args(argv)
    try:
        copies = find_copies(args.paths, min_tokens=args.min_tokens, ignore_names=args.names)
    except ValueError as error:
        print(f"dupscan: {error}", file=sys.stderr)
        return 2
    for copy in copies:
        print(copy)
    print(f"{len(copies)} copies of {args.min_tokens} tokens or more", file=sys.stderr)
    return 1 if copies else 0


if __name__ == "__main__":
    sys.exit(main())
