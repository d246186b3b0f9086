"""Made-up credentials for tests against the stand-in, and the check that none of them leaks.

``made_up_credentials()`` gives a fresh random Secret ID and Secret Key (what the test kit starts each
session's stand-in with). The ``FAKE_*`` constants are one fixed set, distinctive on purpose: a leak check
(``assert_no_secret``) looks for them, and for the tail of the Secret ID, in reprs, errors, logs and
command output. None of them is a real credential; they never leave this machine.
"""

from __future__ import annotations

import secrets
import uuid

__all__ = [
    "FAKE_API_KEY",
    "FAKE_SECRETS",
    "FAKE_SECRET_ID",
    "FAKE_SECRET_KEY",
    "assert_no_secret",
    "made_up_credentials",
]

# The key is long enough that PyJWT does not warn about it, alone (HS256) or after `ID||` (HS512).
FAKE_SECRET_ID = "7d1e4c2a-5b9f-4e3d-8a6c-0f2b9e8d7c61"
FAKE_SECRET_KEY = "FAKEsecretKEYcanaryR4t8Lq2Zp6Wn3Xv"
FAKE_API_KEY = "FAKEapiKEYcanaryJ7d3Hs9Qe1"
FAKE_SECRETS = (FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_API_KEY)


def made_up_credentials() -> tuple[str, str]:
    """A fresh random (Secret ID, Secret Key) pair, shaped like the real ones."""
    return str(uuid.uuid4()), secrets.token_urlsafe(24)


def assert_no_secret(*texts: str) -> None:
    """None of the fixed made-up secrets is in any of ``texts`` (a masked prefix of the Secret ID may be)."""
    for text in texts:
        for secret in FAKE_SECRETS:
            assert secret not in text
        assert FAKE_SECRET_ID[4:] not in text
