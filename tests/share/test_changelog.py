"""CHANGELOG.md follows info.version of the spec, in semantic versions."""

from __future__ import annotations

import re

from tests.support.paths import ROOT
from tests.support.spec import load_spec

CHANGELOG = ROOT / "CHANGELOG.md"
SEMVER = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?"
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


def _headings() -> list[tuple[str, str | None]]:
    found = []
    for line in CHANGELOG.read_text(encoding="utf-8").splitlines():
        m = HEADING.match(line)
        if m:
            found.append((m["version"], m["date"]))
    return found


def _key(version: str) -> tuple[int, int, int]:
    m = re.fullmatch(SEMVER, version)
    assert m, f"CHANGELOG.md: {version!r} is not a semantic version"
    return int(m[1]), int(m[2]), int(m[3])


def test_spec_version_is_semver() -> None:
    version = load_spec()["info"]["version"]
    assert re.fullmatch(SEMVER, version), f"info.version {version!r} is not MAJOR.MINOR.PATCH"


def test_changelog_has_an_entry_for_the_spec_version() -> None:
    version = load_spec()["info"]["version"]
    versions = [v for v, _ in _headings() if v != "Unreleased"]
    assert versions, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' entry"
    assert versions[0] == version, (
        f"the newest CHANGELOG.md entry is {versions[0]}, but openapi.yaml says info.version {version}: "
        "add an entry for it"
    )


def test_changelog_entries_are_dated_and_newest_first() -> None:
    entries = [(v, d) for v, d in _headings() if v != "Unreleased"]
    assert all(d for _, d in entries), "every released entry needs a date"
    keys = [_key(v) for v, _ in entries]
    assert keys == sorted(keys, reverse=True)
    assert len(set(keys)) == len(keys), "a version appears twice"
