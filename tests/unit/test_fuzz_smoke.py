"""Run the config-validator fuzzer (tests/fuzz/fuzz-config.c) briefly.

FUZZ_SMOKE_SECONDS (default 30) sets the run time. Seeds are the built
.cell files and pairs of them (tests/fuzz/make-seeds.py); the corpus lives
in a temporary directory so runs do not depend on each other. Any crash,
sanitizer report or leak fails the test with the fuzzer's output. The long
run is `make fuzz FUZZ_SECONDS=600`.
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("WARDEN_BUILD", ROOT / "build"))
FUZZER = BUILD / "tests" / "fuzz" / "fuzz-config"
SEEDS = ROOT / "tests" / "fuzz" / "make-seeds.py"


def test_fuzz_config_smoke(tmp_path):
    assert FUZZER.is_file(), f"{FUZZER} not built; run make"
    seconds = int(os.environ.get("FUZZ_SMOKE_SECONDS", "30"))
    seeds, corpus, artifacts = (tmp_path / d for d in
                                ("seeds", "corpus", "artifacts"))
    corpus.mkdir()
    artifacts.mkdir()
    subprocess.run([sys.executable, str(SEEDS), str(BUILD / "cells"),
                    str(seeds)], check=True)

    env = dict(os.environ, WARDEN_BUILD=str(BUILD))
    proc = subprocess.run(
        [str(FUZZER), f"-max_total_time={seconds}", "-max_len=8192",
         "-print_final_stats=1", f"-artifact_prefix={artifacts}/",
         str(corpus), str(seeds)],
        env=env, capture_output=True, text=True, timeout=seconds + 120)
    output = proc.stdout + proc.stderr
    tail = "\n".join(output.splitlines()[-60:])
    findings = sorted(p.name for p in artifacts.iterdir())

    assert proc.returncode == 0, f"fuzzer exited {proc.returncode}:\n{tail}"
    assert not findings, f"fuzzer findings {findings}:\n{tail}"
    assert "stat::number_of_executed_units" in output, tail
