"""The breaking-change gate (tools/breaking.sh, as run by make breaking / make check-breaking).

Each test runs the real script in a subprocess on the fixture specs of
tests/fixtures/breaking/: base.yaml is the "before" side of every pair.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import FIXTURES, ROOT

pytestmark = pytest.mark.node

SCRIPT = ROOT / "tools" / "breaking.sh"
PAIRS_DIR = FIXTURES / "breaking"
BASE = PAIRS_DIR / "base.yaml"
BASE_VERSION = "version: 1.2.0"


@dataclass
class GateRun:
    returncode: int
    output: str
    report: list[dict[str, Any]]


def run_gate(*args: str | Path, cwd: Path = ROOT, tmp: Path) -> GateRun:
    report = tmp / f"report-{len(list(tmp.glob('report-*.json')))}.json"
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(
        ["bash", str(SCRIPT), "--report", str(report), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    output = result.stdout + result.stderr
    data: list[dict[str, Any]] = json.loads(report.read_text()) if report.exists() else []
    return GateRun(result.returncode, output, data)


def with_version(fixture: Path, version: str, tmp: Path) -> Path:
    text = fixture.read_text(encoding="utf-8")
    assert text.count(BASE_VERSION) == 1
    out = tmp / f"{fixture.stem}-{version}.yaml"
    out.write_text(text.replace(BASE_VERSION, f"version: {version}"), encoding="utf-8")
    return out


# pair -> (breaking?, where the breaking verdict comes from)
PAIRS: dict[str, tuple[bool, str]] = {
    "removed-operation": (True, "api-smart-diff"),
    "new-required-request-field": (True, "api-smart-diff"),
    # api-smart-diff 1.0.6 calls these two non-breaking; rules of tools/breaking-gate.mjs catch them.
    "removed-enum-value": (True, "rule: enum-value-removed"),
    "retyped-response-field": (True, "rule: response-type-changed"),
    "new-optional-field": (False, ""),
    "new-operation": (False, ""),
    # further rules on top of api-smart-diff
    "removed-response-field": (True, "rule: response-property-removed"),
    "renamed-operation-id": (True, "rule: operation-id-changed"),
    "removed-request-field": (True, "rule: request-property-removed"),
    "added-response-enum-value": (True, "api-smart-diff"),
}
REQUIRED_BREAKING = ["removed-operation", "new-required-request-field", "removed-enum-value", "retyped-response-field"]


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_fixture_pair_verdict(pair: str, tmp_path: Path) -> None:
    breaking, source = PAIRS[pair]
    run = run_gate("--files", BASE, PAIRS_DIR / f"{pair}.yaml", tmp=tmp_path)
    assert len(run.report) == 1, run.output
    result = run.report[0]
    # Every pair differs from base.yaml: the gate must see the change either way.
    assert result["changes"], run.output
    if breaking:
        assert run.returncode == 1, run.output
        assert result["verdict"] == "fail"
        assert result["breaking"], run.output
        assert {b["source"] for b in result["breaking"]} == {source}
        assert "verdict: FAIL" in run.output
        assert "raise the major version (to 2.0.0 or later)" in run.output
    else:
        assert run.returncode == 0, run.output
        assert result["verdict"] == "pass"
        assert result["breaking"] == []
        assert {c["verdict"] for c in result["changes"]} == {"non-breaking"}
        assert "verdict: PASS" in run.output


@pytest.mark.parametrize("pair", REQUIRED_BREAKING)
def test_breaking_change_passes_when_the_major_version_is_raised(pair: str, tmp_path: Path) -> None:
    after = with_version(PAIRS_DIR / f"{pair}.yaml", "2.0.0", tmp_path)
    run = run_gate("--files", BASE, after, tmp=tmp_path)
    assert run.returncode == 0, run.output
    result = run.report[0]
    assert result["verdict"] == "pass"
    assert result["majorRaised"] is True
    assert result["breaking"], "the breaking changes are still listed"
    assert "the major version was raised (1.2.0 -> 2.0.0)" in run.output


def test_minor_or_patch_bump_does_not_excuse_a_breaking_change(tmp_path: Path) -> None:
    for version in ("1.3.0", "1.2.1"):
        after = with_version(PAIRS_DIR / "removed-operation.yaml", version, tmp_path)
        run = run_gate("--files", BASE, after, tmp=tmp_path)
        assert run.returncode == 1, run.output
        assert f"was not raised (1.2.0 -> {version})" in run.output


def test_identical_specs_pass(tmp_path: Path) -> None:
    run = run_gate("--files", BASE, BASE, tmp=tmp_path)
    assert run.returncode == 0, run.output
    assert run.report[0]["changes"] == []
    assert "verdict: PASS: no change" in run.output


@pytest.mark.parametrize(
    ("version", "message"),
    [("1.1.9", "info.version went backwards (1.2.0 -> 1.1.9)"), ("next", "is not a semantic version")],
)
def test_version_must_be_semver_and_must_not_go_backwards(version: str, message: str, tmp_path: Path) -> None:
    after = with_version(PAIRS_DIR / "new-operation.yaml", version, tmp_path)
    run = run_gate("--files", BASE, after, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert message in run.output


def test_unreadable_spec_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BASE.read_text().replace("#/components/schemas/Contact'", "#/components/schemas/Nope'"))
    run = run_gate("--files", BASE, broken, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert "cannot bundle" in run.output


# ---- git modes: make breaking BASE=<ref> and make check-breaking (--history)


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env)
    return result.stdout.strip()


def commit_spec(repo: Path, source: Path, message: str) -> str:
    shutil.copy(source, repo / "openapi.yaml")
    git(repo, "add", "openapi.yaml")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    commit_spec(path, BASE, "base")
    return path


def test_base_ref_mode_compares_the_work_tree_with_the_ref(repo: Path, tmp_path: Path) -> None:
    shutil.copy(PAIRS_DIR / "removed-operation.yaml", repo / "openapi.yaml")
    run = run_gate("HEAD", cwd=repo, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert "openapi.yaml@HEAD (1.2.0) -> openapi.yaml (1.2.0)" in run.output
    assert "[Removed] operation GET /v1/contact/{id}" in run.output

    shutil.copy(PAIRS_DIR / "new-operation.yaml", repo / "openapi.yaml")
    run = run_gate("HEAD", cwd=repo, tmp=tmp_path)
    assert run.returncode == 0, run.output


def test_base_ref_mode_rejects_an_unknown_ref(repo: Path, tmp_path: Path) -> None:
    run = run_gate("no-such-ref", cwd=repo, tmp=tmp_path)
    assert run.returncode == 1
    assert "'no-such-ref' is not a commit" in run.output


def test_history_mode_catches_a_break_spread_over_commits(repo: Path, tmp_path: Path) -> None:
    # Commit 2 adds an operation; commit 3 removes another one and only raises the minor version.
    commit_spec(repo, PAIRS_DIR / "new-operation.yaml", "add deleteContact")
    third = commit_spec(repo, with_version(PAIRS_DIR / "removed-operation.yaml", "1.3.0", tmp_path), "remove")
    # The work tree equals HEAD, as in CI: the break shows against the earlier revisions.
    # (HEAD's own content is no base: the newest differing revision is commit 2.)
    second = git(repo, "rev-parse", "--short", "HEAD~1")
    run = run_gate("--history", cwd=repo, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert [r["before"].rsplit("@", 1)[1] for r in run.report][:1] == [second]
    assert [r["verdict"] for r in run.report] == ["fail", "fail"]

    # Raising the major version in the work tree makes the break allowed; older
    # revisions of major 1 are then no longer compared.
    with_2 = with_version(PAIRS_DIR / "removed-operation.yaml", "2.0.0", tmp_path)
    shutil.copy(with_2, repo / "openapi.yaml")
    run = run_gate("--history", cwd=repo, tmp=tmp_path)
    assert run.returncode == 0, run.output
    assert [r["before"].rsplit("@", 1)[1] for r in run.report][:1] == [third]
    assert [r["verdict"] for r in run.report] == ["pass", "skipped", "skipped"]


# (fixture, version in the work tree, exit code, bump the message asks for)
BUMPS = [
    ("new-optional-field", "1.2.0", 1, "needs a minor bump, so set info.version to 1.3.0"),
    ("new-optional-field", "1.2.1", 1, "needs a minor bump, so set info.version to 1.3.0"),
    ("new-optional-field", "1.3.0", 0, ""),
    ("new-operation", "1.2.0", 1, "needs a minor bump"),
    ("removed-operation", "1.2.0", 1, "raise the major version (to 2.0.0"),
    ("removed-operation", "1.3.0", 1, "raise the major version (to 2.0.0"),
    ("removed-operation", "2.0.0", 0, ""),
]


@pytest.mark.parametrize(("fixture", "version", "code", "message"), BUMPS)
def test_a_changed_spec_needs_the_bump_its_change_calls_for(
    repo: Path, tmp_path: Path, fixture: str, version: str, code: int, message: str
) -> None:
    shutil.copy(with_version(PAIRS_DIR / f"{fixture}.yaml", version, tmp_path), repo / "openapi.yaml")
    run = run_gate("--history", cwd=repo, tmp=tmp_path)
    assert run.returncode == code, run.output
    if message:
        assert message in run.output
    else:
        assert "needs a" not in run.output and "raise the major version" not in run.output


def test_a_description_change_needs_a_patch_bump(repo: Path, tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8")
    assert text.count("description: The created contact.") == 1
    changed = text.replace("description: The created contact.", "description: The new contact.")
    (repo / "openapi.yaml").write_text(changed, encoding="utf-8")
    run = run_gate("--history", cwd=repo, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert "needs a patch bump, so set info.version to 1.2.1" in run.output
    (repo / "openapi.yaml").write_text(changed.replace(BASE_VERSION, "version: 1.2.1"), encoding="utf-8")
    assert run_gate("--history", cwd=repo, tmp=tmp_path).returncode == 0


def test_a_committed_change_without_a_bump_fails_in_a_clean_clone(repo: Path, tmp_path: Path) -> None:
    # As CI sees it: the work tree equals HEAD, and HEAD changed the spec without raising the version.
    commit_spec(repo, PAIRS_DIR / "new-optional-field.yaml", "add a field, no bump")
    run = run_gate("--history", cwd=repo, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert "needs a minor bump" in run.output


def test_history_mode_of_this_repository_passes(tmp_path: Path) -> None:
    run = run_gate("--history", "openapi.yaml", tmp=tmp_path)
    assert run.returncode == 0, run.output
    assert run.report and all(r["verdict"] in ("pass", "skipped") for r in run.report)


# ---- the two rules that make a change less than breaking (tools/breaking-gate.mjs)

REQUEST_SCHEMA = """            schema:
              $ref: '#/components/schemas/ContactRequest'
"""
RESPONSE_SCHEMA = """          description: The contact.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Contact'
"""
CONTACT_PHONE = """        id:
          type: integer
        phone:
          type: string
"""


def variant(name: str, tmp: Path, *changes: tuple[str, str]) -> Path:
    """base.yaml with each (text, replacement) applied once."""
    text = BASE.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp / f"{name}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def request_examples(**phones: str) -> tuple[str, str]:
    lines = [REQUEST_SCHEMA, "            examples:\n"]
    for name, phone in phones.items():
        lines.append(f"              {name}:\n                value:\n                  phone: '{phone}'\n")
    return REQUEST_SCHEMA, "".join(lines)


def response_example(phone: str) -> tuple[str, str]:
    return (
        RESPONSE_SCHEMA,
        RESPONSE_SCHEMA + f"              example:\n                id: 1\n                phone: '{phone}'\n",
    )


def test_an_example_added_to_or_changed_in_an_examples_map_is_an_annotation(tmp_path: Path) -> None:
    # api-smart-diff leaves these unclassified (a whole new `examples` map it calls an annotation).
    before = variant("before", tmp_path, request_examples(seed="15105553344"), response_example("15105553344"))
    after = variant(
        "after", tmp_path, request_examples(seed="15105553399", vendor="12345678900"), response_example("15105550000")
    )
    run = run_gate("--files", before, after, tmp=tmp_path)
    assert run.returncode == 0, run.output
    changes = run.report[0]["changes"]
    assert len(changes) == 3, changes
    assert {(c["verdict"], c["source"], c["toolType"]) for c in changes} == {
        ("annotation", "rule: example-changed", "unclassified")
    }


def test_a_pattern_removed_from_a_response_is_not_breaking(tmp_path: Path) -> None:
    with_pattern = variant("pattern", tmp_path, (CONTACT_PHONE, CONTACT_PHONE + "          pattern: '^[0-9]+$'\n"))
    run = run_gate("--files", with_pattern, BASE, tmp=tmp_path)
    assert run.returncode == 0, run.output
    changes = run.report[0]["changes"]
    assert len(changes) == 3, changes  # Contact is answered by three operations
    assert {(c["verdict"], c["source"], c["toolType"]) for c in changes} == {
        ("non-breaking", "rule: response-pattern-removed", "breaking")
    }


def test_other_removed_response_constraints_stay_breaking(tmp_path: Path) -> None:
    # The rule is about `pattern` only: a removed maxLength keeps api-smart-diff's verdict.
    with_length = variant("length", tmp_path, (CONTACT_PHONE, CONTACT_PHONE + "          maxLength: 15\n"))
    run = run_gate("--files", with_length, BASE, tmp=tmp_path)
    assert run.returncode == 1, run.output
    assert {b["source"] for b in run.report[0]["breaking"]} == {"api-smart-diff"}
