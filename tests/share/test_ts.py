"""The TypeScript proof (tools/ts-proof.sh, run by make check-ts) fails when it should.

make check-ts (part of make test) runs the proof on ts/ as committed and must
pass; these tests run the same script on altered copies of ts/ (TS_DIR) and
check that each kind of mistake is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.paths import ROOT

SCRIPT = ROOT / "tools" / "ts-proof.sh"
TS = ROOT / "ts"
SPEC = ROOT / "spec-bundle" / "openapi.yaml"


def run_proof(ts_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(SPEC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TS_DIR": str(ts_dir)},
    )


@pytest.fixture
def ts_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ts"
    shutil.copytree(TS, copy)
    return copy


def test_committed_misuse_file_names_each_misuse() -> None:
    lines = [line for line in (TS / "misuse.ts").read_text().splitlines() if "// expect: TS" in line]
    assert len(lines) >= 6
    for name in ("missingPhone", "numericPhone", "noChannels", "wrappedBatch", "badStatus"):
        assert any(name in line for line in lines), name


@pytest.mark.node
def test_misuse_that_compiles_is_reported(ts_copy: Path) -> None:
    # A "misuse" that is in fact valid: the expected error never comes.
    with (ts_copy / "misuse.ts").open("a") as fh:
        fh.write('export const fine: CreateContactBody = { phone: "15105553344" }; // expect: TS2322\n')
    result = run_proof(ts_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "expected TS2322 but tsc reported no such error" in result.stderr


@pytest.mark.node
def test_proof_that_does_not_compile_is_reported(ts_copy: Path) -> None:
    with (ts_copy / "proof.ts").open("a") as fh:
        fh.write('export const wrong: CreateContactBody = { phone: "15105553344", tags: [{ tag_id: "55" }] };\n')
    result = run_proof(ts_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ts/proof.ts does not compile" in result.stderr
    assert "proof.ts(" in result.stderr and "TS2322" in result.stderr


STANDIN_SCRIPT = ROOT / "tools" / "ts-standin-test.sh"


@pytest.mark.node
def test_standin_test_that_fails_is_reported(ts_copy: Path) -> None:
    # ts/standin.test.mts (make check-ts-standin) signs with the key `SECRET_ID||SECRET_KEY`; signed with
    # the Secret Key alone, the stand-in answers 401 and the Node test run must fail, saying why.
    source = ts_copy / "standin.test.mts"
    signing = 'createHmac("sha256", `${secretId}||${secretKey}`)'
    text = source.read_text()
    assert text.count(signing) == 1
    source.write_text(text.replace(signing, 'createHmac("sha256", secretKey)'))
    result = subprocess.run(
        ["bash", str(STANDIN_SCRIPT), str(SPEC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TS_DIR": str(ts_copy)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the TypeScript stand-in test failed" in result.stderr
    assert "✖ creates a v1 contact (POST /v1/contact)" in result.stdout
    assert "JWT signature does not verify" in result.stdout
    assert "ts-standin-secret-key" not in result.stdout + result.stderr
