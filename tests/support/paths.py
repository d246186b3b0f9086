"""Where things are: the repository root, the spec and the test fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
FIXTURES = ROOT / "tests" / "fixtures"
