"""A spec edit, regenerated, changes what the runtime retries, with no hand edit anywhere.

In a temporary folder holding what generation needs (openapi.yaml, generator-config.yml,
generator-templates/, tools/generate-client.sh, copied from this working tree, so uncommitted work
counts), ``x-heymarket-retry-safe`` of getContact is flipped to false and that of createTag to true, and
the client is generated from the edited spec by the script ``make generate`` runs. A child Python then
imports the runtime (``heymarket``, from this tree) over the regenerated ``heymarket_client`` and calls
both operations against a server answering 503 once, then 200:

- stock spec (the repository's generated/): getContact is retried (2 requests, success), createTag is not
  (1 request, ServerError);
- edited spec: the other way round.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import LoopbackServer, ScriptedResponse
from tests.support.paths import ROOT, SPEC_PATH

CONTACT = {"id": 7, "phone": "15105553344"}
CREATED = {"id": 5, "rev": 1, "uuid": "0b7c2a4e-5d6f-4a8b-9c1d-2e3f4a5b6c7d"}

# The child: which packages it imported, the runtime's table for the two operations, and the outcome of
# one call of each (retries without waiting: a zero backoff).
CHILD = """
import json, sys
import heymarket, heymarket_client
from heymarket import RetryPolicy, ServerError, create_client
from heymarket._operations import find_operation
from heymarket_client.api.contacts_v1 import get_contact
from heymarket_client.api.tags import create_tag
from heymarket_client.models import CreateTagRequest

contact_url, tag_url, secret_id, secret_key = sys.argv[1:]

def client(url):
    return create_client(secret_id=secret_id, secret_key=secret_key, base_url=url,
                         retries=RetryPolicy(max_retries=2, initial_delay=0.0), httpx_args={"trust_env": False})

def outcome(call):
    try:
        call()
    except ServerError as exc:
        return f"ServerError {exc.status_code}"
    return "ok"

print(json.dumps({
    "heymarket": heymarket.__file__,
    "heymarket_client": heymarket_client.__file__,
    "retry_safe": {
        "getContact": find_operation("GET", "/v1/contact/7").retry_safe,
        "createTag": find_operation("POST", "/v1/tag").retry_safe,
    },
    "getContact": outcome(lambda: get_contact.sync(7, client=client(contact_url))),
    "createTag": outcome(lambda: create_tag.sync(client=client(tag_url), body=CreateTagRequest(tag="VIP"))),
}))
"""


def _flip(spec: str, operation_id: str, old: bool, new: bool) -> str:
    """Set x-heymarket-retry-safe of one operation (the first one after its operationId line)."""
    pattern = re.compile(
        rf"(operationId: {operation_id}\n(?:(?!\s+operationId:).*\n)*?\s+x-heymarket-retry-safe: ){str(old).lower()}\n"
    )
    edited, count = pattern.subn(rf"\g<1>{str(new).lower()}\n", spec, count=1)
    assert count == 1, f"x-heymarket-retry-safe: {old} not found for {operation_id}"
    return edited


def _retry_safety(spec: dict[str, Any]) -> dict[str, bool]:
    return {
        op["operationId"]: op.get("x-heymarket-retry-safe", False)
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _env(pythonpath: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_") and k != "PYTHONPATH"}
    # This venv's bin/ first, as for `make generate`: the generator, its ruff hooks and the python with ruamel.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


@pytest.fixture(scope="module")
def edited_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client generated from the spec with the two flags flipped; returns the folder to put on PYTHONPATH."""
    work = tmp_path_factory.mktemp("spec-edit")
    shutil.copy2(ROOT / "generator-config.yml", work / "generator-config.yml")
    shutil.copytree(ROOT / "generator-templates", work / "generator-templates")
    (work / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "generate-client.sh", work / "tools" / "generate-client.sh")

    stock = SPEC_PATH.read_text(encoding="utf-8")
    edited = _flip(_flip(stock, "getContact", True, False), "createTag", False, True)
    (work / "openapi.yaml").write_text(edited, encoding="utf-8")
    # The edit is exactly the two flags.
    before, after = _retry_safety(yaml.safe_load(stock)), _retry_safety(yaml.safe_load(edited))
    assert (before["getContact"], before["createTag"]) == (True, False)
    assert after == {**before, "getContact": False, "createTag": True}

    out = work / "out"
    subprocess.run(
        ["bash", "tools/generate-client.sh", "openapi.yaml", str(out / "heymarket_client")],
        cwd=work,
        env=_env(None),
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (out / "heymarket_client" / "api" / "__init__.py").is_file()
    return out


@dataclass
class Outcome:
    child: dict[str, Any]
    contact_requests: int
    tag_requests: int


def _run_child(pythonpath: Path | None, cwd: Path) -> Outcome:
    with (
        LoopbackServer(default=ScriptedResponse(200, CONTACT)) as contacts,
        LoopbackServer(default=ScriptedResponse(200, CREATED)) as tags,
    ):
        contacts.enqueue(503, {"error": "unavailable"})
        tags.enqueue(503, {"error": "unavailable"})
        done = subprocess.run(
            [sys.executable, "-c", CHILD, contacts.base_url, tags.base_url, FAKE_SECRET_ID, FAKE_SECRET_KEY],
            cwd=cwd,
            env=_env(pythonpath),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        child: dict[str, Any] = json.loads(done.stdout)
        assert [r.path_only for r in contacts.requests] == ["/v1/contact/7"] * len(contacts.requests)
        assert [r.path_only for r in tags.requests] == ["/v1/tag"] * len(tags.requests)
        return Outcome(child, len(contacts.requests), len(tags.requests))


def test_the_stock_spec_retries_the_read_and_not_the_create(tmp_path: Path) -> None:
    outcome = _run_child(None, tmp_path)
    assert Path(outcome.child["heymarket_client"]).is_relative_to(ROOT / "generated")
    assert Path(outcome.child["heymarket"]).is_relative_to(ROOT / "runtime")
    assert outcome.child["retry_safe"] == {"getContact": True, "createTag": False}
    assert (outcome.child["getContact"], outcome.contact_requests) == ("ok", 2)
    assert (outcome.child["createTag"], outcome.tag_requests) == ("ServerError 503", 1)


@pytest.mark.slow  # one generation: about 3 s on 2 idle cores, more under load
def test_flipping_the_flags_and_regenerating_flips_the_retries(edited_package: Path, tmp_path: Path) -> None:
    outcome = _run_child(edited_package, tmp_path)
    # The regenerated package won over the editable install of generated/; the runtime is this tree's.
    assert Path(outcome.child["heymarket_client"]).is_relative_to(edited_package / "heymarket_client")
    assert Path(outcome.child["heymarket"]).is_relative_to(ROOT / "runtime")
    assert outcome.child["retry_safe"] == {"getContact": False, "createTag": True}
    assert (outcome.child["getContact"], outcome.contact_requests) == ("ServerError 503", 1)
    assert (outcome.child["createTag"], outcome.tag_requests) == ("ok", 2)
