"""Run every host unit-test binary (cmocka) built by `make`.

Each binary is one pytest item so the final summary counts them; cmocka's
own per-case output is shown when one fails.
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNIT_DIR = ROOT / "build" / "tests" / "unit"


def unit_binaries():
    if not UNIT_DIR.is_dir():
        return []
    return sorted(p for p in UNIT_DIR.glob("test-*")
                  if p.is_file() and os.access(p, os.X_OK))


def test_unit_binaries_were_built():
    """Guards against an empty run passing silently."""
    assert unit_binaries(), f"no unit-test binaries in {UNIT_DIR}; run make"


@pytest.mark.parametrize("binary", unit_binaries(), ids=lambda p: p.name)
def test_cmocka(binary):
    env = dict(os.environ, WARDEN_ROOT=str(ROOT), WARDEN_BUILD=str(ROOT / "build"))
    proc = subprocess.run([str(binary)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "[  PASSED  ]" in output, output
