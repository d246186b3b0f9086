"""Each custom template names the upstream template it was made from, at the pinned generator version.

A generator upgrade fails here, naming every template that changed upstream: diff the new upstream file
against the recorded version (``pip download openapi-python-client==<old>``), carry the change into ours,
then update its ``upstream:`` line.
"""

from __future__ import annotations

import hashlib
import re
from importlib import metadata
from pathlib import Path

import openapi_python_client
import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "generator-templates"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
HEADER = re.compile(r"\{# upstream: openapi-python-client (\S+) templates/(\S+) sha256:([0-9a-f]{16}) #\}\n")
OURS_ONLY = {"resource_macros.jinja"}


def _pinned_version() -> str:
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        if line.startswith("openapi-python-client=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError("openapi-python-client is not pinned in requirements-dev.txt")


def test_the_installed_generator_is_the_pinned_one() -> None:
    assert metadata.version("openapi-python-client") == _pinned_version()


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.jinja")))
def test_template_records_its_unchanged_upstream(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    if template in OURS_ONLY:
        assert not (UPSTREAM / template).exists(), f"{template} now shadows an upstream template"
        return
    found = HEADER.match(text)
    assert found, f"{template}: first line must be the upstream: header"
    version, name, digest = found.groups()
    assert (version, name) == (_pinned_version(), template)
    upstream = UPSTREAM / name
    assert upstream.is_file(), f"upstream has no templates/{name} any more"
    assert hashlib.sha256(upstream.read_bytes()).hexdigest()[:16] == digest, (
        f"templates/{name} changed upstream since {version}: carry the change into generator-templates/{name}"
    )
    assert text != upstream.read_text(encoding="utf-8"), f"{template} is a plain copy: delete it"
    assert "heymarket:" in text, f"{template}: mark our changes with 'heymarket:' comments"
