"""The bundled spec files in spec-bundle/ (make bundle) that other-language teams take."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from tests.support.paths import ROOT
from tests.support.spec import HTTP_METHODS, load_spec

BUNDLE_DIR = ROOT / "spec-bundle"
BUNDLES = ("openapi.yaml", "openapi.json", "openapi.dereferenced.json")


@functools.cache
def _load(name: str) -> dict[str, Any]:
    path = BUNDLE_DIR / name
    assert path.is_file(), f"{path} is missing: run 'make bundle' and commit spec-bundle/"
    text = path.read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.safe_load(text) if name.endswith(".yaml") else json.loads(text)
    return doc


def _operation_ids(spec: dict[str, Any]) -> list[str]:
    return sorted(
        op["operationId"] for item in spec["paths"].values() for method, op in item.items() if method in HTTP_METHODS
    )


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_yaml_and_json_bundles_are_the_same_document() -> None:
    assert _load("openapi.yaml") == _load("openapi.json")


@pytest.mark.parametrize("name", ["openapi.json", "openapi.dereferenced.json"])
def test_bundle_is_a_valid_openapi_document(name: str) -> None:
    validate(_load(name))


@pytest.mark.parametrize("name", BUNDLES)
def test_bundle_has_the_29_operations_and_version_of_the_spec(name: str) -> None:
    doc = _load(name)
    spec = load_spec()
    assert doc["openapi"] == spec["openapi"]
    assert doc["info"]["version"] == spec["info"]["version"]
    assert _operation_ids(doc) == _operation_ids(spec)
    assert len(_operation_ids(doc)) == 29


def test_dereferenced_bundle_has_no_reference_left() -> None:
    doc = _load("openapi.dereferenced.json")
    assert _refs(doc) == []
    # The request body of createContact is the ContactRequest schema itself, inlined.
    body = doc["paths"]["/v1/contact"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["title"] == "ContactRequest"
    assert body["required"] == ["phone"]


def test_bundles_keep_only_local_references() -> None:
    refs = _refs(_load("openapi.json"))
    assert refs, "the bundle keeps $refs to components"
    assert all(ref.startswith("#/") for ref in refs)


@pytest.mark.node
def test_check_bundle_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "spec-bundle"
    stale.mkdir()
    for name in BUNDLES:
        shutil.copy(BUNDLE_DIR / name, stale / name)
    with (stale / "openapi.json").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    (stale / "openapi.dereferenced.json").unlink()
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "check-bundle.sh"), str(stale), str(ROOT / "openapi.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "openapi.json openapi.dereferenced.json" in result.stderr
    assert "Run 'make bundle'" in result.stderr
