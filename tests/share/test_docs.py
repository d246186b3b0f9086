"""The HTML API reference (make docs) opened in a real headless browser.

make test builds spec-bundle/docs/index.html (`docs`) and installs Debian's chromium
(`chromium`) before pytest. The page is served from 127.0.0.1 and driven by
tools/docs-browser-check.mjs (playwright-core with /usr/bin/chromium), which
aborts and reports every request that leaves the page's origin. The screenshot
is saved to spec-bundle/docs/screenshot.png (not committed).
"""

from __future__ import annotations

import functools
import json
import os
import struct
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT
from tests.support.spec import HTTP_METHODS, load_spec

pytestmark = [pytest.mark.browser, pytest.mark.node]

DOCS = ROOT / "spec-bundle" / "docs"
SCREENSHOT = DOCS / "screenshot.png"
CHECK = ROOT / "tools" / "docs-browser-check.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def browse(url: str, screenshot: Path, report: Path) -> dict[str, Any]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run 'make chromium' (make test does)"
    result = subprocess.run(
        ["node", str(CHECK), url, str(screenshot), str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert report.exists(), result.stdout + result.stderr
    data: dict[str, Any] = json.loads(report.read_text())
    data["exit"] = result.returncode
    data["log"] = result.stdout + result.stderr
    return data


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_reference_lists_and_renders_all_29_operations_without_errors(serve: Any, tmp_path: Path) -> None:
    index = DOCS / "index.html"
    assert index.is_file(), f"{index} is missing: run 'make docs' (make test does)"
    SCREENSHOT.unlink(missing_ok=True)
    report = browse(f"{serve(DOCS)}/index.html", SCREENSHOT, tmp_path / "report.json")
    assert report["exit"] == 0, report["log"]

    spec = load_spec()
    expected = {
        op["summary"]: method.upper()
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in HTTP_METHODS
    }
    assert len(expected) == 29
    listed = {op["label"]: op["method"] for op in report["operations"]}
    assert len(report["operations"]) == 29, report["operations"]
    assert listed == expected, "spec-bundle/docs is stale? run 'make docs'"
    assert [op["label"] for op in report["operations"] if not op["rendered"]] == []
    display_names = [tag.get("x-displayName", tag["name"]) for tag in spec["tags"]]
    assert report["groups"] == display_names
    assert report["title"] == spec["info"]["title"]
    assert report["searchReady"] is True, "the search index never finished loading"

    assert report["consoleErrors"] == []
    assert report["pageErrors"] == []
    assert report["failedRequests"] == []
    assert report["externalRequests"] == [], "the reference must not load anything from the network"

    assert png_size(SCREENSHOT) == (1400, 900)
    assert SCREENSHOT.stat().st_size > 20_000, "the screenshot looks blank"


def test_browser_check_reports_errors_and_external_requests(serve: Any, tmp_path: Path) -> None:
    # The detector itself: a page with a console error, an uncaught exception,
    # a missing local file and an image from another host must be reported.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>bad page</title><link rel='icon' href='data:,'></head><body>"
        "<img src='https://cdn.example.invalid/logo.svg'><img src='/missing.png'>"
        "<script>console.error('boom'); setTimeout(() => { throw new Error('uncaught'); }, 0);</script>"
        "</body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "shot.png"
    report = browse(f"{serve(site)}/index.html", shot, tmp_path / "report.json")
    assert report["title"] == "bad page"
    assert report["operations"] == []
    assert report["externalRequests"] == ["https://cdn.example.invalid/logo.svg"]
    assert any("boom" in e for e in report["consoleErrors"])
    assert any("404" in e for e in report["consoleErrors"])
    assert any("uncaught" in e for e in report["pageErrors"])


def test_reference_is_self_contained() -> None:
    html = (DOCS / "index.html").read_text(encoding="utf-8")
    assert "cdn.redoc.ly" not in html
    assert "cdn.redocly.com/redoc/" not in html, "the Redoc bundle must be inlined, not loaded from the CDN"
    assert '<link rel="icon" href="data:,">' in html
