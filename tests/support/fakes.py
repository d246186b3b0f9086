"""The made-up credentials of every test, and the check that none of them leaks: ``heymarket_mock.fakes``.

They live with the stand-in (outside ``tests/``) so that the benchmarks and consumers' tests use the same
ones; this module keeps the tests' imports short.
"""

from __future__ import annotations

from heymarket_mock.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_SECRETS, assert_no_secret

__all__ = ["FAKE_API_KEY", "FAKE_SECRETS", "FAKE_SECRET_ID", "FAKE_SECRET_KEY", "assert_no_secret"]
