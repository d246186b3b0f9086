"""Strict parsing of JSON request bodies: anything RFC 8259 does not define, or that would break later, is a 400.

`parse_json` refuses, each with a `body: ...` text for the 400 `bad_data` answer:

* bytes that are not UTF-8 (RFC 8259 section 8.1), a byte order mark, and syntax errors (with the position);
* `NaN`, `Infinity` and `-Infinity` (Python's json module accepts them, JSON does not);
* numbers Python cannot hold as such: a number that overflows a double (`1e400`, which Python would read as
  `inf`), and an integer of more digits than Python converts (4,300 by default; `sys.set_int_max_str_digits`).
  Other integers are kept whatever their size: the spec's `integer` is unbounded, and a schema-valid request
  is never refused;
* an object with a duplicate key (RFC 8259 leaves the meaning open, so the stand-in does not guess);
* a string with an unpaired UTF-16 surrogate escape (`"\\ud800"`), which no UTF-8 answer can carry;
* nesting deeper than `max_depth` arrays/objects (a 5,000-level `[[[...]]]` would otherwise exhaust the
  recursion limit of the parser or of whatever handles the value next).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class BodyError(ValueError):
    """The body is not acceptable JSON; `str(error)` is the `body: ...` text for the 400 answer."""


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise BodyError(f"body: duplicate key {_short(json.dumps(key), 60)} in an object")
            seen.add(key)
    return result


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        raise BodyError(f"body: the integer {_short(text)} has too many digits ({len(text.lstrip('-'))})") from None


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyError(f"body: the number {_short(text)} is too large for a double")
    return value


def _constant(name: str) -> Any:
    raise BodyError(f"body: {name} is not valid JSON")


def _within_depth(value: Any, max_depth: int) -> bool:
    """Whether arrays/objects nest at most `max_depth` deep (breadth first, no recursion)."""
    level = [value]
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return False
        below: list[Any] = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
        level = below
    return True


def parse_json(body: bytes, *, max_depth: int) -> Any:
    """The JSON value of `body`, or BodyError saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(f"body: is not valid JSON (not UTF-8 at byte {error.start})") from None
    try:
        value = json.loads(
            text, object_pairs_hook=_object, parse_int=_int, parse_float=_float, parse_constant=_constant
        )
    except BodyError:
        raise
    except RecursionError:
        raise BodyError(f"body: is nested deeper than {max_depth} levels") from None
    except json.JSONDecodeError as error:
        raise BodyError(f"body: is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    except ValueError:
        raise BodyError("body: is not valid JSON") from None
    # A body with no more brackets than the limit cannot nest deeper; batches need the walk (about 1 ms per
    # 1,000 items).
    if (
        (type(value) is dict or type(value) is list)
        and body.count(b"[") + body.count(b"{") > max_depth
        and not _within_depth(value, max_depth)
    ):
        raise BodyError(f"body: is nested deeper than {max_depth} levels")
    if _SURROGATE_ESCAPE.search(body):
        # Paired surrogate escapes decode to one character; only an unpaired one fails to encode.
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise BodyError("body: a string holds an unpaired UTF-16 surrogate escape") from None
    return value
