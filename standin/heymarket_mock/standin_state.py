"""Everything one running stand-in holds: spec, state, counters, rate limiter, fault draws and settings."""

from __future__ import annotations

import threading

from heymarket_mock.auth import Authenticator
from heymarket_mock.config import MockConfig, RuntimeSettings
from heymarket_mock.faults import FaultInjector
from heymarket_mock.operations import Operations
from heymarket_mock.ratelimit import SlidingWindowLimiter
from heymarket_mock.spec import ApiSpec, load_spec
from heymarket_mock.stats import Stats
from heymarket_mock.store import Store


class StandInState:
    def __init__(self, config: MockConfig, spec: ApiSpec | None = None) -> None:
        self.config = config
        self.spec = spec or load_spec(config.spec_path, config.max_json_depth)
        self.store = Store(config.clock)
        self.stats = Stats()
        self.limiter = SlidingWindowLimiter(config.clock, config.rate_window)
        self.faults = FaultInjector(config.runtime.seed)
        self.authenticator = Authenticator(
            secret_id=config.secret_id,
            secret_key=config.secret_key,
            api_key=config.api_key,
            clock=config.clock,
            max_token_age=config.max_token_age,
            clock_skew=config.clock_skew,
        )
        self.operations = Operations(self.store, team_id=config.team_id, creator_id=config.creator_id)
        missing = sorted(set(self.spec.operation_ids) - set(self.operations.handlers))
        if missing:
            raise ValueError(f"the spec has operations the stand-in does not implement: {', '.join(missing)}")
        self._settings_lock = threading.Lock()
        self._settings = config.runtime

    @property
    def settings(self) -> RuntimeSettings:
        with self._settings_lock:
            return self._settings

    def update_settings(self, changes: dict[str, object]) -> RuntimeSettings:
        """Apply run-time changes (raises ValueError on a bad one); a given `seed` restarts the fault draws."""
        with self._settings_lock:
            self._settings = self._settings.updated(changes)
            if "seed" in changes:
                self.faults.reseed(self._settings.seed)
            return self._settings

    def reset(self) -> None:
        """Back to the state right after start: no data, no counts, start-up settings, fault draws re-seeded."""
        with self._settings_lock:
            self._settings = self.config.runtime
            self.faults.reseed(self._settings.seed)
        self.store.reset()
        self.stats.reset()
        self.limiter.reset()
