"""The ``heymarket`` logger (silent unless the application configures it) and the User-Agent.

Records are DEBUG, but for one INFO record when a delete's 404 counts as done: method, path (no query string), status, attempt, elapsed time, request id
and the request headers with credentials redacted. Request and response bodies are never logged,
since contact bodies hold personal data. ``HEYMARKET_LOG=debug`` (or ``info``) attaches a stderr
handler, for a quick look without touching the application's logging setup.
"""

import logging
import os
import platform

import httpx

LOGGER_NAME = "heymarket"
ENV_LOG = "HEYMARKET_LOG"
PACKAGE = "heymarket-client"

logger = logging.getLogger(LOGGER_NAME)
# Library convention: no output (not even Python's last-resort stderr handler) unless configured.
logger.addHandler(logging.NullHandler())

_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_env_handler: logging.Handler | None = None


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: "<redacted>" if k.lower() in _SENSITIVE_HEADERS else v for k, v in headers.items()}


def configure_from_env() -> None:
    """Honour ``HEYMARKET_LOG`` (``debug`` or ``info``); any other value or none changes nothing."""
    global _env_handler
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(os.environ.get(ENV_LOG, "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if _env_handler is None:
        _env_handler = logging.StreamHandler()
        _env_handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(_env_handler)


def user_agent() -> str:
    """``heymarket-client/<version> httpx/<version> python/<version>``."""
    import importlib.metadata  # here, not at import time: it is a few ms of ``import heymarket``

    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"{PACKAGE}/{version} httpx/{httpx.__version__} python/{platform.python_version()}"
