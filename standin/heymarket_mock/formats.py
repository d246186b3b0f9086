"""String formats the stand-in checks its own way (jsonschema-rs would check `uri` by RFC 3986 in full)."""

from __future__ import annotations

import re
from collections.abc import Callable

# RFC 3986 absolute URI: a scheme, a colon, then only URI characters and %HH escapes. Not a full parser, but
# it refuses what a client most often gets wrong (empty strings, bare host names, spaces).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def is_uri(value: object) -> bool:
    # A format constrains strings only; other types are the `type` keyword's business.
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


EXTRA_FORMAT_VALIDATORS: dict[str, Callable[[object], bool]] = {"uri": is_uri}
