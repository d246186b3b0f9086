"""A local stand-in of the Heymarket Contacts API, driven by openapi.yaml (see `python -m heymarket_mock -h`).

Its dependencies (starlette, uvicorn, jsonschema-rs, pyyaml) come with `pip install 'heymarket-client[testing]'`.
The names below are imported on first use, so that importing the package (which pytest does for the
`heymarket_mock.pytest_plugin` entry point in every run) costs nothing and needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heymarket_mock.app import create_app
    from heymarket_mock.config import DEFAULT_SPEC_PATH, MockConfig, RuntimeSettings

__all__ = ["DEFAULT_SPEC_PATH", "MockConfig", "RuntimeSettings", "create_app"]

_LAZY = {
    "create_app": "heymarket_mock.app",
    "DEFAULT_SPEC_PATH": "heymarket_mock.config",
    "MockConfig": "heymarket_mock.config",
    "RuntimeSettings": "heymarket_mock.config",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
