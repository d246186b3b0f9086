"""A local stand-in of the Heymarket Contacts API, driven by openapi.yaml (see `python -m heymarket_mock -h`)."""

from heymarket_mock.app import create_app
from heymarket_mock.config import DEFAULT_SPEC_PATH, MockConfig, RuntimeSettings

__all__ = ["DEFAULT_SPEC_PATH", "MockConfig", "RuntimeSettings", "create_app"]
