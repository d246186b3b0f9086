"""Install only what you use: the core packages import nothing of the [cli] and [testing] extras.

This venv has every extra installed, so each check runs `import X` in a fresh interpreter and looks at
`sys.modules`: nothing of the extras may be loaded even when it is there to load. tests/packaging/test_dist.py
checks the other half, in clean venvs: that `pip install` of the wheel installs none of them.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

# Top-level modules of the [cli] extra (and what rich brings), of the stand-in, and our own optional parts.
CLI_MODULES = ("click", "rich", "pygments", "phonenumbers", "email_validator")
STANDIN_MODULES = ("starlette", "uvicorn", "openapi_core", "jsonschema_rs", "yaml", "sortedcontainers")
OPTIONAL_PARTS = ("heymarket.bulk", "heymarket.cli", "heymarket_mock.app", "httpx._main")
CLI_HINT = "pip install 'heymarket-client[cli]'"


def loaded_by(statement: str) -> set[str]:
    """Modules in ``sys.modules`` after ``statement`` in a fresh interpreter, top-level names included."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_the_extras_are_installed_here_so_the_checks_mean_something() -> None:
    missing = [m for m in (*CLI_MODULES, "starlette", "uvicorn", "yaml") if importlib.util.find_spec(m) is None]
    assert missing == []


@pytest.mark.parametrize(
    "statement",
    [
        "import heymarket",
        "import heymarket_auth",
        "import heymarket_auth, heymarket_client",
        "from heymarket import create_client, iter_contacts",
        "import heymarket_mock",  # the plugin module itself: tests/packaging/test_testkit.py (pytest loads pygments)
    ],
)
def test_core_imports_load_no_extra(statement: str) -> None:
    loaded = loaded_by(statement)
    unwanted = {*CLI_MODULES, *STANDIN_MODULES, *OPTIONAL_PARTS}
    assert sorted(loaded & unwanted) == []


def test_import_heymarket_leaves_httpx_whole() -> None:
    """httpx is imported without its command-line module, and nothing of that is left behind."""
    loaded = loaded_by(
        "import heymarket, httpx\n"
        "assert 'httpx._main' not in sys.modules\n"
        "import httpx._main\n"  # an explicit import still works
        "assert callable(httpx._main.main) and 'click' in sys.modules"
    )
    assert {"httpx._main", "click", "rich"} <= loaded
    # httpx imported first keeps httpx's own behaviour (its command-line module, since click is here).
    assert "httpx._main" in loaded_by("import httpx, heymarket")


def test_the_generated_client_alone_loads_no_stand_in() -> None:
    """``import heymarket_client`` first is plain httpx (generated code, not ours to change): httpx loads
    its command-line module when click and rich are installed; nothing of the stand-in is loaded."""
    loaded = loaded_by("import heymarket_client")
    assert sorted(loaded & {*STANDIN_MODULES, "phonenumbers", "email_validator", "heymarket"}) == []


def test_the_pagers_are_imported_on_first_use() -> None:
    loaded = loaded_by(
        "import heymarket\n"
        "assert 'heymarket._paging' not in sys.modules\n"
        "assert 'iter_contacts' in dir(heymarket) and 'iter_contacts' in heymarket.__all__\n"
        "from heymarket import aiter_tags, iter_contacts\n"
        "assert iter_contacts is heymarket.iter_contacts and aiter_tags.__module__ == 'heymarket._paging'\n"
        "try:\n"
        "    heymarket.no_such_name\n"
        "except AttributeError as error:\n"
        "    assert 'no_such_name' in str(error)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')"
    )
    assert "heymarket._paging" in loaded


def test_import_heymarket_defers_what_the_first_call_needs() -> None:
    """Import time (bench/startup.py): the models, PyJWT, asyncio and importlib.metadata load on first use."""
    deferred = {"heymarket_client.models", "jwt", "asyncio", "importlib.metadata"}
    assert sorted(loaded_by("import heymarket") & deferred) == []
    used = loaded_by(
        "import heymarket, asyncio\n"
        "from heymarket_client.api.contacts_v1 import get_contact\n"
        "client = heymarket.create_client(secret_id='id', secret_key='key', base_url='http://127.0.0.1:9')\n"
        "print(heymarket.sign_token('id', 'key', 1), file=sys.stderr)\n"
        "asyncio.run(heymarket.Timing().async_sleep(0))"
    )
    assert deferred <= used


def test_the_heymarket_command_runs_with_the_cli_extra() -> None:
    done = subprocess.run([sys.executable, "-m", "heymarket", "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "contacts" in done.stdout


@pytest.mark.parametrize("absent", ["click", "rich", "phonenumbers", "email_validator"])
def test_without_the_cli_extra_the_command_prints_the_pip_command(absent: str) -> None:
    # A None entry in sys.modules makes the module unfindable, as in an install without the [cli] extra.
    code = f"import sys\nsys.modules[{absent!r}] = None\nfrom heymarket.__main__ import main\nmain()"
    done = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and CLI_HINT in done.stderr and absent in done.stderr, done.stderr
