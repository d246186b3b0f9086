"""The root of every error a Heymarket client raises, and the configuration error of the auth."""


class HeymarketError(Exception):
    """Base class of every error a Heymarket client raises for a failed request."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        """The URL path only: the query string is left out."""
        self.request_id = request_id
        """The ``X-Request-Id`` of the response, to quote to Heymarket support."""
        self.attempts = attempts
        """How many requests the call sent: every attempt, and the auth's 401 re-send."""

    def __reduce__(self) -> tuple[object, ...]:
        # The keyword-only constructor arguments are not in self.args, so the default
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
