"""Import httpx without its command-line module, before anything else of this package imports it.

``import httpx`` also imports ``httpx._main`` (click, rich, pygments: about 40 ms, as much as the rest of
httpx) whenever those happen to be installed, e.g. with the ``[cli]`` extra; a library never calls it.
A ``None`` entry in ``sys.modules`` makes httpx's ``from ._main import main`` fail, and httpx then defines
its stub ``main`` as it does when they are missing. The entry is removed right after, so an explicit
``import httpx._main`` later works as usual. Nothing changes when httpx was imported already.
"""

import sys

if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401
    finally:
        entry: object = sys.modules.get("httpx._main", sys)
        if entry is None:
            del sys.modules["httpx._main"]
