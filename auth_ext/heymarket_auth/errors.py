"""The root of every error the Heymarket packages raise, and the configuration error of the auth.

``HeymarketError`` carries a message only. The errors of a request (method, path, request id, attempts)
are ``heymarket.APIError`` and its subclasses; bulk import and the command add their own subclasses.
"""


class HeymarketError(Exception):
    """Base class of every error the Heymarket packages raise: ``except HeymarketError`` catches them all."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take keyword-only constructor arguments that are not in self.args, so the default
        # pickling (cls(*args)) would fail; restore the attributes directly instead.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[HeymarketError], args: tuple[object, ...], state: dict[str, object]) -> HeymarketError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class HeymarketConfigError(HeymarketError, ValueError):
    """Heymarket credentials or client settings are missing or invalid.

    A ``ValueError`` too, and under ``HeymarketError`` like every error this package raises.
    Messages name the offending argument or environment variable, never its value.
    """
