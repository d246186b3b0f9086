"""The made-up credentials of every test (and of the benchmarks), and the check that none of them leaks.

They are distinctive on purpose: the leak checks look for them, and for the tail of the Secret ID,
in reprs, errors, logs and command output.
"""

from __future__ import annotations

# The key is long enough that PyJWT does not warn about it, alone (HS256) or after `ID||` (HS512).
FAKE_SECRET_ID = "7d1e4c2a-5b9f-4e3d-8a6c-0f2b9e8d7c61"
FAKE_SECRET_KEY = "FAKEsecretKEYcanaryR4t8Lq2Zp6Wn3Xv"
FAKE_API_KEY = "FAKEapiKEYcanaryJ7d3Hs9Qe1"
FAKE_SECRETS = (FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_API_KEY)


def assert_no_secret(*texts: str) -> None:
    """None of the made-up secrets is in any of ``texts`` (a masked prefix of the Secret ID may be)."""
    for text in texts:
        for secret in FAKE_SECRETS:
            assert secret not in text
        assert FAKE_SECRET_ID[4:] not in text
