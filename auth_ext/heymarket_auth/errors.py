"""Exceptions raised by heymarket_auth for bad configuration."""

from .api_errors import HeymarketError


class HeymarketConfigError(HeymarketError, ValueError):
    """Heymarket credentials or client settings are missing or invalid.

    A ``ValueError`` too, and under ``HeymarketError`` like every error this package raises.
    Messages name the offending argument or environment variable, never its value.
    """
