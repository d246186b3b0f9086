"""Configuration of the stand-in: credentials, limits, fault rates and the clock."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

Clock = Callable[[], float]
"""Returns the current Unix time in seconds; tests inject a settable one."""


def _default_spec_path() -> Path:
    """The one source of truth, ``openapi.yaml`` at the root of the source tree (a checkout, an editable
    install or an unpacked sdist: this package lives in its ``standin/`` folder); in an installed wheel, the
    copy that ``setup.py`` puts into the package at build time. Git holds the spec once, with no symlink."""
    package = Path(__file__).resolve().parent
    if package.parent.name == "standin":
        source_spec = package.parent.parent / "openapi.yaml"
        if source_spec.is_file():
            return source_spec
    return package / "openapi.yaml"


DEFAULT_SPEC_PATH = _default_spec_path()

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
"""1 MiB, nginx's default `client_max_body_size`: about 3,500 batch items shaped like the vendor's example
(about 300 bytes each). The vendor documents no limit; raise it with `--max-body-bytes` for bigger batches."""


# Longer than any client timeout worth testing; more would only hang every request.
MAX_LATENCY_MS = 60_000


@dataclass(frozen=True)
class RuntimeSettings:
    """The part of the configuration that `POST /__mock__/config` may change while the stand-in runs."""

    rate_limit: int = 500
    """Requests per credential per rate window (60 s by default)."""
    fault_429: float = 0.0
    fault_500: float = 0.0
    fault_503: float = 0.0
    latency_ms: int = 0
    """Delay added to every API request (not to the control endpoints)."""
    seed: int = 0
    """Seed of the fault draws; setting it again restarts the same sequence of draws."""

    def __post_init__(self) -> None:
        if isinstance(self.rate_limit, bool) or not isinstance(self.rate_limit, int) or self.rate_limit < 1:
            raise ValueError("rate_limit must be an integer >= 1")
        for name in ("fault_429", "fault_500", "fault_503"):
            rate = getattr(self, name)
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be a number between 0 and 1")
        if self.fault_429 + self.fault_500 + self.fault_503 > 1.0 + 1e-9:
            raise ValueError("fault_429 + fault_500 + fault_503 must not exceed 1")
        if (
            isinstance(self.latency_ms, bool)
            or not isinstance(self.latency_ms, int)
            or not 0 <= self.latency_ms <= MAX_LATENCY_MS
        ):
            raise ValueError(f"latency_ms must be an integer from 0 to {MAX_LATENCY_MS}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError("seed must be an integer")

    def updated(self, changes: dict[str, Any]) -> RuntimeSettings:
        """A copy with `changes` applied; raises ValueError on an unknown key or a bad value."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class MockConfig:
    """Everything `create_app` needs. Secrets are kept out of `repr`."""

    secret_id: str = field(repr=False)
    secret_key: str = field(repr=False)
    api_key: str | None = field(default=None, repr=False)
    """Legacy team API key; accepted as a bearer token only when set."""
    runtime: RuntimeSettings = field(default_factory=RuntimeSettings)
    spec_path: Path = DEFAULT_SPEC_PATH
    clock: Clock = time.time
    max_token_age: float = 300.0
    """A JWT is expired once `iat` is older than this many seconds (the vendor's 5 minutes)."""
    clock_skew: float = 5.0
    """How far in the future `iat` may be before the token is refused."""
    rate_window: float = 60.0
    team_id: int = 1
    creator_id: int = 1
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    """A request body larger than this is answered 413 `too_large` without being read further."""
    max_json_depth: int = 64
    """JSON bodies may nest arrays/objects this deep (a 1,000-item batch needs 4); deeper is a 400."""

    def __post_init__(self) -> None:
        if not self.secret_id or not self.secret_key:
            raise ValueError("secret_id and secret_key are required")
        if self.api_key == "":
            raise ValueError("api_key must not be empty when given")
        for name in ("max_token_age", "clock_skew"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number >= 0")
        if not math.isfinite(self.rate_window) or self.rate_window <= 0:
            raise ValueError("rate_window must be a finite number > 0")
        for name in ("max_body_bytes", "max_json_depth"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an integer >= 1")
