"""httpx authentication with short-lived, cached Heymarket JWTs."""

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import httpx

from .credentials import Redacted, mask_identifier, require_secret_text
from .errors import HeymarketConfigError
from .token_signing import TOKEN_LIFETIME_SECONDS, sign_token

DEFAULT_REUSE_SECONDS = 240.0

# A 401 whose Date differs from the local clock by more than this is taken as clock skew (Date has
# whole-second resolution, and iat too). Offsets beyond a day are not believed: the clock is left alone.
SKEW_THRESHOLD_SECONDS = 3.0
MAX_SKEW_SECONDS = 86_400.0

logger = logging.getLogger("heymarket.auth")


@dataclass(frozen=True, slots=True)
class _CachedToken:
    # A live token is a credential for up to 5 minutes, so keep it out of reprs too.
    token: str = field(repr=False)
    iat: int


class HeymarketJWTAuth(httpx.Auth):
    """Sends ``Authorization: Bearer <jwt>``, re-signing the JWT every ``reuse_seconds``.

    One instance may be shared by any number of threads and by sync and async
    clients at the same time. On a 401 the request is retried once with a
    freshly signed token; a second 401 is returned to the caller.

    Clock skew: when that 401 carries a ``Date`` more than 3 s away from the local clock (at most a
    day), the new token's ``iat`` is the local clock plus that offset, and the offset is kept for
    every later token (logged once at WARNING). A later 401 measures it again. Without ``Date``, the
    local clock is used as is. Either way a request is sent at most twice.

    ``clock`` returns unix time in seconds; it is injectable for tests.
    """

    # The body is buffered before the first send so that the 401 retry can send it
    # again (a streamed body could be read only once). Heymarket bodies are small.
    requires_request_body = True
    # Only the status code is looked at, so the response is not read here: a
    # non-401 response reaches the caller still streamable.
    requires_response_body = False

    def __init__(
        self,
        secret_id: str,
        secret_key: str,
        *,
        reuse_seconds: float = DEFAULT_REUSE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        require_secret_text("secret_id", secret_id)
        require_secret_text("secret_key", secret_key)
        if (
            isinstance(reuse_seconds, bool)
            or not isinstance(reuse_seconds, int | float)
            or not 0 < reuse_seconds < TOKEN_LIFETIME_SECONDS
        ):
            raise HeymarketConfigError(
                f"reuse_seconds must be a number greater than 0 and less than "
                f"{TOKEN_LIFETIME_SECONDS} (the server rejects a token "
                f"{TOKEN_LIFETIME_SECONDS} s after it was issued), got {reuse_seconds!r}"
            )
        # Secrets live in Redacted holders so that vars(auth) shows no secret either.
        self._secret_id = Redacted(secret_id)
        self._secret_key = Redacted(secret_key)
        self._masked_id = mask_identifier(secret_id)
        self._reuse_seconds = float(reuse_seconds)
        self._clock = clock
        # Guards _cached only. It is never held across a yield and the work under it
        # is a clock read plus one HMAC, so holding it from an event loop blocks for
        # microseconds; an asyncio.Lock could not exclude other threads.
        self._lock = threading.Lock()
        self._cached: _CachedToken | None = None
        self._offset = 0.0  # server clock minus local clock, from a 401's Date (0 until one shows skew)

    def __repr__(self) -> str:
        return f"HeymarketJWTAuth(secret_id={self._masked_id!r}, reuse_seconds={self._reuse_seconds!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        used = self._current_token()
        request.headers["Authorization"] = f"Bearer {used.token}"
        response = yield request
        if response.status_code != httpx.codes.UNAUTHORIZED:
            return
        self._measure_skew(response.headers.get("date"))
        request.headers["Authorization"] = f"Bearer {self._token_replacing(used).token}"
        yield request

    @property
    def clock_offset(self) -> float:
        """Seconds added to the local clock for ``iat`` (the server's Date minus the local clock)."""
        return self._offset

    def _measure_skew(self, date: str | None) -> None:
        if not date:
            return
        try:
            server = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        measured = server - self._clock()
        if abs(measured) > MAX_SKEW_SECONDS:
            return
        offset = float(round(measured)) if abs(measured) > SKEW_THRESHOLD_SECONDS else 0.0
        with self._lock:
            if offset == self._offset:
                return
            self._offset = offset
        if offset:
            logger.warning(
                "the local clock is %.0f s %s the server's (its Date header): JWTs are signed with the "
                "corrected time from now on",
                abs(offset),
                "behind" if offset > 0 else "ahead of",
            )
        else:
            logger.warning("the server's Date agrees with the local clock again: JWTs use the local clock")

    def _current_token(self) -> _CachedToken:
        with self._lock:
            now = self._clock() + self._offset
            cached = self._cached
            if cached is None or not self._is_reusable(cached, now):
                cached = self._sign_and_cache(int(now))
            return cached

    def _token_replacing(self, rejected: _CachedToken) -> _CachedToken:
        """Return a token other than ``rejected``: the cached one if another request
        already replaced it, else a newly signed one."""
        with self._lock:
            now = self._clock() + self._offset
            cached = self._cached
            if cached is not None and cached != rejected and self._is_reusable(cached, now):
                return cached
            iat = int(now)
            if iat == rejected.iat:
                # iat has whole-second resolution, so signing again within the same
                # second would reproduce the rejected token byte for byte. One second
                # older is still far inside the server's 5-minute window.
                iat -= 1
            return self._sign_and_cache(iat)

    def _is_reusable(self, cached: _CachedToken, now: float) -> bool:
        # A negative age means the clock went backwards: sign again rather than
        # keep a token whose iat lies in the future.
        return 0 <= now - cached.iat < self._reuse_seconds

    def _sign_and_cache(self, iat: int) -> _CachedToken:
        token = sign_token(self._secret_id.reveal(), self._secret_key.reveal(), iat)
        self._cached = _CachedToken(token, iat)
        return self._cached
