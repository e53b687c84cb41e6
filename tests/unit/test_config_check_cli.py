"""`jailhouse config check` (rootcell/tools/jailhouse.c) on good and bad
inputs: exit codes and the messages, each prefixed with its file name.

Needs build/tools/jailhouse and build/cells/*.cell (built by `make`).
"""
import os
import pathlib
import struct
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("WARDEN_BUILD", ROOT / "build"))
TOOL = BUILD / "tools" / "jailhouse"
CELLS = BUILD / "cells"

# cell descriptor offsets (ABI spec 2.2)
CPU_SET = 132


def run(*args):
    assert TOOL.is_file(), f"{TOOL} not built; run make"
    proc = subprocess.run([str(TOOL), *map(str, args)], capture_output=True,
                          text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def cell(name):
    path = CELLS / f"{name}.cell"
    assert path.is_file(), f"{path} not built; run make"
    return path


def mutated(tmp_path, name, edit, filename=None):
    """A copy of a built config with edit(bytearray) applied."""
    data = bytearray(cell(name).read_bytes())
    edit(data)
    out = tmp_path / (filename or f"{name}.cell")
    out.write_bytes(bytes(data))
    return out


def test_system_alone_is_valid():
    rc, out, _ = run("config", "check", cell("qemu-x86"))
    assert rc == 0, out
    assert "error" not in out


def test_compatible_cells_pass_with_warnings():
    rc, out, _ = run("config", "check", cell("qemu-x86"), cell("apic-demo"),
                     cell("ivshmem-demo"))
    assert rc == 0, out
    assert "error" not in out
    # COM2 is shared between the two demos: a warning, not an error
    assert "ivshmem-demo.cell (with " in out
    assert "warning: 2 pio region(s) overlap ports of cell 'apic-demo'" in out


def test_every_demo_fits_the_system():
    for name in ("apic-demo", "tiny-demo", "smp-demo", "ivshmem-demo",
                 "linux-x86-demo"):
        rc, out, _ = run("config", "check", cell("qemu-x86"), cell(name))
        assert rc == 0, f"{name}:\n{out}"


def test_conflicting_cells_fail():
    rc, out, _ = run("config", "check", cell("qemu-x86"), cell("tiny-demo"),
                     cell("smp-demo"))
    assert rc == 1
    assert "smp-demo.cell (with " in out
    assert "error: CPU 2 is also assigned to cell 'tiny-demo'" in out
    assert "overlaps memory region 0 of cell 'tiny-demo'" in out


def test_bad_cell_names_file_and_entry(tmp_path):
    def cpu0(data):
        data[CPU_SET] |= 1

    bad = mutated(tmp_path, "apic-demo", cpu0)
    rc, out, _ = run("config", "check", cell("qemu-x86"), bad)
    assert rc == 1
    assert f"{bad}: error: CPU 0 is in the CPU set" in out


def test_bad_memory_region(tmp_path):
    def unaligned(data):
        # first memory region follows the 8-byte CPU set; size at +16
        off = CPU_SET + 8 + 16
        size = struct.unpack_from("<Q", data, off)[0]
        struct.pack_into("<Q", data, off, size + 0x800)

    bad = mutated(tmp_path, "apic-demo", unaligned)
    rc, out, _ = run("config", "check", cell("qemu-x86"), bad)
    assert rc == 1
    assert ("memory region 0 (phys 0x3ef00000, virt 0x0, size 0x100800) "
            "is not page aligned") in out


def test_bad_system(tmp_path):
    def revision(data):
        struct.pack_into("<H", data, 6, 13)

    bad = mutated(tmp_path, "qemu-x86", revision)
    rc, out, _ = run("config", "check", bad, cell("apic-demo"))
    assert rc == 1
    assert f"{bad}: error: config revision 13, expected 14" in out


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.cell"
    rc, out, _ = run("config", "check", cell("qemu-x86"), missing)
    assert rc == 1
    assert f"{missing}: error: cannot open: No such file or directory" in out


def test_short_file(tmp_path):
    short = tmp_path / "short.cell"
    short.write_bytes(b"JHCL")
    rc, out, _ = run("config", "check", cell("qemu-x86"), short)
    assert rc == 1
    assert f"{short}: error: config is 4 bytes, shorter than its 132-byte" \
        in out


def test_truncated_file(tmp_path):
    data = cell("linux-x86-demo").read_bytes()
    cut = tmp_path / "cut.cell"
    cut.write_bytes(data[:1000])
    rc, out, _ = run("config", "check", cell("qemu-x86"), cut)
    assert rc == 1
    assert "header describes 1108 bytes, but the config is only 1000" in out


def test_trailing_data(tmp_path):
    longer = tmp_path / "long.cell"
    longer.write_bytes(cell("apic-demo").read_bytes() + b"\0" * 4)
    rc, out, _ = run("config", "check", cell("qemu-x86"), longer)
    assert rc == 1
    assert "file is 232 bytes, but its header describes 228" in out


def test_swapped_kinds():
    rc, out, _ = run("config", "check", cell("apic-demo"), cell("qemu-x86"))
    assert rc == 1
    assert "apic-demo.cell: error: signature is JHCLL: this is a cell " \
        "config" in out
    assert "qemu-x86.cell: error: signature is JHSYS: this is a system " \
        "config" in out


def test_arch_option():
    rc, _, _ = run("config", "check", "-a", "x86", cell("qemu-x86"))
    assert rc == 0
    rc, _, err = run("config", "check", "--arch", "arm64", cell("qemu-x86"))
    assert rc == 1
    assert "only architecture x86" in err


def test_help_and_version():
    rc, out, _ = run("--help")
    assert rc == 0
    assert "config check SYSCONFIG [CELLCONFIG...]" in out
    rc, out, _ = run("--version")
    assert rc == 0
    assert out.startswith("jailhouse (Warden) ")


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("config",),
                                  ("config", "check"),
                                  ("config", "check", "--bogus", "x")])
def test_usage_errors(args):
    rc, out, err = run(*args)
    assert rc == 1
    assert "Usage:" in err
    if args == ("frobnicate",):
        assert "unknown command 'frobnicate'" in err
