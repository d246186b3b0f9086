"""The consumer test kit: the pytest plugin of `heymarket-client[testing]`, used as a consumer uses it.

docs/testing.md's example is copied into an empty temporary folder outside the repository, with no
conftest, and run by a subprocess pytest of this project's venv. The plugin is found there through the
`pytest11` entry point of the editable install, as it would be after `pip install 'heymarket-client[testing]'`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT

DOC = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
CONSUMER_TEST = re.findall(r"```python\n(.*?)```", DOC, flags=re.DOTALL)[0]
INSTALL_HINT = "pip install 'heymarket-client[testing]'"


def consumer_env(**extra: str) -> dict[str, str]:
    """This environment without anything that points pytest or Python at the repository."""
    drop = ("HEYMARKET_", "PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(drop)}, **extra}


def run_pytest(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=consumer_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def consumer(tmp_path: Path) -> Path:
    folder = tmp_path / "consumer"
    folder.mkdir()
    assert ROOT not in folder.parents
    assert not [p for p in (folder, *folder.parents) if (p / "conftest.py").exists()]
    return folder


def test_the_docs_example_passes_in_a_project_of_its_own(consumer: Path) -> None:
    (consumer / "test_signup.py").write_text(CONSUMER_TEST, encoding="utf-8")
    result = run_pytest(consumer, "-p", "no:randomly", "--durations=0")
    tests = len(re.findall(r"^def test_", CONSUMER_TEST, flags=re.MULTILINE))
    assert tests >= 5
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(rf"\b{tests} passed\b", result.stdout), result.stdout[-2000:]
    assert list(consumer.iterdir()) == [consumer / "test_signup.py"]  # nothing else was needed


def test_the_plugin_is_registered_and_idle_until_a_test_asks(consumer: Path) -> None:
    (consumer / "test_idle.py").write_text(
        "import sys\n\n\n"
        "def test_idle(pytestconfig):\n"
        "    assert pytestconfig.pluginmanager.has_plugin('heymarket')\n"
        "    assert 'heymarket_mock.pytest_plugin' in sys.modules\n"
        "    assert 'heymarket_mock.testkit' not in sys.modules  # no stand-in was started\n",
        encoding="utf-8",
    )
    result = run_pytest(consumer)
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout[-3000:]

    listing = run_pytest(consumer, "--fixtures")
    assert re.search(r"^heymarket_mock -- .*heymarket_mock/pytest_plugin\.py", listing.stdout, flags=re.MULTILINE)
    assert re.search(r"^heymarket_client -- .*heymarket_mock/pytest_plugin\.py", listing.stdout, flags=re.MULTILINE)


def test_the_plugin_module_imports_nothing_but_pytest() -> None:
    code = (
        "import json, sys, pytest\n"
        "before = set(sys.modules)\n"
        "import heymarket_mock.pytest_plugin\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == ["heymarket_mock", "heymarket_mock.pytest_plugin"]


def test_state_and_settings_are_reset_and_a_dead_stand_in_is_replaced(consumer: Path) -> None:
    (consumer / "test_life.py").write_text(
        """
import os
import signal
import time

from heymarket_client.api.tags import create_tag
from heymarket_client.models import CreateTagRequest


def test_1_fill_and_configure(heymarket_mock, heymarket_client):
    create_tag.sync(client=heymarket_client, body=CreateTagRequest(tag="vip"))
    heymarket_mock.configure(rate_limit=7, fault_503=0.25, seed=9)
    assert [t["tag"] for t in heymarket_mock.state()["tags"]] == ["vip"]
    assert heymarket_mock.stats()["total"] == 1


def test_2_afresh(heymarket_mock):
    assert heymarket_mock.state()["tags"] == [] and heymarket_mock.stats()["total"] == 0
    assert heymarket_mock.settings()["rate_limit"] == 500 and heymarket_mock.settings()["fault_503"] == 0.0


def test_3_the_stand_in_dies(heymarket_mock):
    os.environ["FIRST_URL"] = heymarket_mock.base_url
    child = heymarket_mock._process._child
    os.kill(child.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while child.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not child.running()


def test_4_a_new_one_serves(heymarket_mock, heymarket_client):
    assert heymarket_mock.base_url != os.environ["FIRST_URL"]
    create_tag.sync(client=heymarket_client, body=CreateTagRequest(tag="new"))
    assert [t["tag"] for t in heymarket_mock.state()["tags"]] == ["new"]
""",
        encoding="utf-8",
    )
    result = run_pytest(consumer, "-p", "no:randomly")
    assert result.returncode == 0 and "4 passed" in result.stdout, result.stdout[-4000:]


def test_without_the_extra_a_test_that_asks_fails_with_the_pip_command(consumer: Path, tmp_path: Path) -> None:
    # A stand-in process that cannot import starlette, as in an install without the [testing] extra.
    shadow = tmp_path / "no-starlette" / "starlette"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'starlette'\", name='starlette')\n", encoding="utf-8"
    )
    (consumer / "test_missing.py").write_text(
        "import os\n\n\n"
        "def test_uses_the_stand_in(heymarket_mock):\n"
        "    pass\n\n\n"
        "def test_does_not(monkeypatch):\n"
        "    pass\n",
        encoding="utf-8",
    )
    result = run_pytest(consumer, "-p", "no:randomly", PYTHONPATH=str(shadow.parent))
    assert result.returncode == 1, result.stdout[-3000:]
    assert "1 passed, 1 error" in result.stdout, result.stdout[-3000:]
    assert f"the Heymarket stand-in needs starlette: {INSTALL_HINT}" in result.stdout
    assert "Traceback" not in result.stdout


def test_a_reset_waits_for_the_api_requests_in_flight() -> None:
    """A request a test gave up on (client timeout) is still being answered; it must land before the reset."""
    from heymarket_mock.testkit import _ResetAfterInFlight

    events: list[str] = []

    async def app(scope: dict[str, Any], receive: object, send: object) -> None:
        if scope["path"] == "/v1/contact":
            await asyncio.sleep(0.05)
        events.append(scope["path"])

    async def scenario() -> None:
        wrapped = _ResetAfterInFlight(app)
        slow = asyncio.create_task(wrapped({"type": "http", "path": "/v1/contact"}, None, None))
        await asyncio.sleep(0)  # the API request is in flight
        await wrapped({"type": "http", "path": "/__mock__/stats"}, None, None)  # other control calls do not wait
        await wrapped({"type": "http", "path": "/__mock__/reset"}, None, None)
        await slow

    asyncio.run(scenario())
    assert events == ["/__mock__/stats", "/v1/contact", "/__mock__/reset"]
