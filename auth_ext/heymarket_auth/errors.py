"""Exceptions raised by heymarket_auth."""


class HeymarketConfigError(ValueError):
    """Heymarket credentials or client settings are missing or invalid.

    Messages name the offending argument or environment variable, never its value.
    """
