"""The `jailhouse` command (rootcell/tools/jailhouse.c) on the host, without
a hypervisor: argument parsing, help texts, `cell list` and `cell stats` on a
fake sysfs tree, file checks done before any ioctl, and error reporting for
a missing or wrong device. The ioctl arguments are checked through the
tool's dry-run mode (JAILHOUSE_DRY_RUN=1 prints each ioctl decoded instead
of issuing it); the real ioctls are covered by the integration tests.

Needs build/tools/jailhouse (`make build/tools/jailhouse`). JAILHOUSE_TOOL
selects another build of the tool (e.g. one with sanitizers).
"""
import os
import pathlib
import struct
import subprocess
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("WARDEN_BUILD", ROOT / "build"))
TOOL = pathlib.Path(os.environ.get("JAILHOUSE_TOOL",
                                   BUILD / "tools" / "jailhouse"))

HEADER = "ID      Name                    State             " \
         "Assigned CPUs           Failed CPUs"

# descriptor layouts (ABI spec 2.2, 2.3)
CELL_DESC = 132
SYSTEM_FIXED = 488 - CELL_DESC  # the root cell descriptor starts here
MEMORY_REGION = 32


def cell_desc(name, cpu_set_size=8, num_memory_regions=1,
              signature=b"JHCLL"):
    desc = bytearray(CELL_DESC)
    desc[0:5] = signature
    struct.pack_into("<H", desc, 6, 14)
    desc[8:8 + len(name)] = name.encode()
    struct.pack_into("<II", desc, 48, cpu_set_size, num_memory_regions)
    return desc


def cell_config(name="demo", **kw):
    """A cell config whose length matches its header (not otherwise
    valid: the tool leaves validation to the driver)."""
    desc = cell_desc(name, **kw)
    cpus = struct.unpack_from("<I", desc, 48)[0]
    regions = struct.unpack_from("<I", desc, 52)[0]
    return bytes(desc) + bytes(cpus + regions * MEMORY_REGION)


def system_config(root_name="QEMU-VM"):
    fixed = bytearray(SYSTEM_FIXED)
    fixed[0:5] = b"JHSYS"
    struct.pack_into("<H", fixed, 6, 14)
    root = cell_config(root_name)
    return bytes(fixed) + root


def run(*args, env=None, timeout=30):
    assert TOOL.is_file(), f"{TOOL} not built; run make build/tools/jailhouse"
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("JAILHOUSE_")}
    full_env.update(env or {})
    proc = subprocess.run([str(TOOL), *map(str, args)], capture_output=True,
                          text=True, env=full_env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def add_cell(root, cell_id, name, state, assigned, failed="",
             counters=None):
    d = root / "cells" / str(cell_id)
    d.mkdir(parents=True)
    (d / "name").write_text(name + "\n")
    (d / "state").write_text(state + "\n")
    (d / "cpus_assigned_list").write_text(assigned + "\n")
    (d / "cpus_failed_list").write_text(failed + "\n")
    stats = d / "statistics"
    stats.mkdir()
    for counter, value in (counters or {}).items():
        (stats / counter).write_text(f"{value}\n")
    return d


@pytest.fixture
def sysfs(tmp_path):
    """Root cell QEMU-VM running on CPUs 0-1 after apic-demo took 2-3."""
    root = tmp_path / "sysfs"
    (root).mkdir()
    (root / "enabled").write_text("1\n")
    cell0 = add_cell(root, 0, "QEMU-VM", "running", "0-1", counters={
        "vmexits_total": 123456, "vmexits_pio": 100, "vmexits_mmio": 7,
        "vmexits_xapic": 0})
    for cpu in (0, 1):
        per_cpu = cell0 / "statistics" / f"cpu{cpu}"
        per_cpu.mkdir()
        (per_cpu / "vmexits_total").write_text("61728\n")
    add_cell(root, 1, "apic-demo", "shut down", "2-3", "3",
             counters={"vmexits_total": 42})
    return root


def env_for(sysfs_root, device=None, dry_run=False):
    env = {"JAILHOUSE_SYSFS": str(sysfs_root)}
    if device is not None:
        env["JAILHOUSE_DEVICE"] = str(device)
    if dry_run:
        env["JAILHOUSE_DRY_RUN"] = "1"
    return env


def dry_env(tmp_path):
    """Dry run with a device that exists (opened, never ioctl'd)."""
    dev = tmp_path / "fake-device"
    dev.write_bytes(b"")
    return {"JAILHOUSE_DEVICE": str(dev), "JAILHOUSE_DRY_RUN": "1",
            "JAILHOUSE_SYSFS": str(tmp_path / "no-sysfs")}


# ---- cell list ------------------------------------------------------------

def test_cell_list_table(sysfs):
    rc, out, err = run("cell", "list", env=env_for(sysfs))
    assert rc == 0, err
    assert out.splitlines() == [
        HEADER,
        "0       QEMU-VM                 running           0-1"
        "                     ",
        "1       apic-demo               shut down         2-3"
        "                     3",
    ]


def test_cell_list_numeric_order_and_only_cell_directories(sysfs):
    add_cell(sysfs, 10, "ten", "running", "5")
    add_cell(sysfs, 2, "two", "running/locked", "4", "4")
    (sysfs / "cells" / "uevent").write_text("")
    (sysfs / "cells" / "junk").mkdir()
    (sysfs / "cells" / "007").mkdir()
    rc, out, _ = run("cell", "list", env=env_for(sysfs))
    assert rc == 0
    ids = [line.split()[0] for line in out.splitlines()[1:]]
    assert ids == ["0", "1", "2", "10"]
    assert "running/locked    4                       4" in out


def test_cell_list_without_sysfs_is_silent(tmp_path):
    rc, out, err = run("cell", "list", env=env_for(tmp_path / "absent"))
    assert (rc, out, err) == (0, "", "")


def test_cell_list_keeps_long_names_apart(sysfs):
    add_cell(sysfs, 2, "n" * 31, "running", "4-5")
    rc, out, _ = run("cell", "list", env=env_for(sysfs))
    assert rc == 0
    assert out.splitlines()[3] == "2       " + "n" * 31 + " running" + \
        " " * 11 + "4-5" + " " * 21


def test_cell_list_hostile_contents(sysfs):
    d = sysfs / "cells" / "1"
    (d / "name").write_bytes(b"ev\x1b[2Jil\x00hidden\n")
    (d / "state").write_bytes(b"x" * 10000)
    rc, out, _ = run("cell", "list", env=env_for(sysfs))
    assert rc == 0
    row = out.splitlines()[2]
    assert row.startswith("1       ev?[2Jil ")
    assert "hidden" not in row
    assert "x" * 4095 in row and "x" * 4096 not in row


def test_cell_list_empty_attribute_is_an_error(sysfs):
    (sysfs / "cells" / "1" / "state").write_bytes(b"")
    rc, out, err = run("cell", "list", env=env_for(sysfs))
    assert rc == 1
    assert f"{sysfs}/cells/1/state: empty file" in err
    assert "QEMU-VM" in out and "apic-demo" not in out


def test_cell_list_missing_attribute(sysfs):
    (sysfs / "cells" / "1" / "cpus_failed_list").unlink()
    rc, _, err = run("cell", "list", env=env_for(sysfs))
    assert rc == 1
    assert f"{sysfs}/cells/1/cpus_failed_list: No such file or directory" \
        in err


# ---- cell stats -----------------------------------------------------------

def stats_rows(out):
    """{counter: (total, rate)} of the last sample in the output."""
    frame = out.split("Statistics for ")[-1].splitlines()
    rows = {}
    for line in frame[3:]:
        if not line.strip():
            continue
        name, total, rate = line.split()
        rows[name] = (total, rate)
    return rows


@pytest.mark.parametrize("cell", [["0"], ["QEMU-VM"], ["--name", "QEMU-VM"],
                                  ["0x0"]])
def test_cell_stats_once(sysfs, cell):
    rc, out, err = run("cell", "stats", *cell, "--once", env=env_for(sysfs))
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == 'Statistics for cell 0 "QEMU-VM"'
    assert lines[1] == ""
    assert lines[2].split() == ["COUNTER", "TOTAL", "PER", "SEC"]
    # vmexits_total first, the rest by name; per-CPU directories skipped
    assert [line.split()[0] for line in lines[3:]] == [
        "vmexits_total", "vmexits_mmio", "vmexits_pio", "vmexits_xapic"]
    assert stats_rows(out)["vmexits_total"] == ("123456", "-")
    assert "\033" not in out  # no screen clearing


def test_cell_stats_rates(sysfs):
    """Rate = counter difference over the time between two samples."""
    stats = sysfs / "cells" / "1" / "statistics"
    (stats / "vmexits_mmio").write_text("500\n")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JAILHOUSE_")}
    proc = subprocess.Popen(
        [str(TOOL), "cell", "stats", "apic-demo", "--count", "2",
         "--interval", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**env, **env_for(sysfs)})
    try:
        first = [proc.stdout.readline() for _ in range(5)]
        assert first[0] == 'Statistics for cell 1 "apic-demo"\n'
        # during the interval: one counter grows, the other is reset
        (stats / "vmexits_total").write_text(f"{42 + 1000}\n")
        (stats / "vmexits_mmio").write_text("3\n")
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert stats_rows("".join(first)) == {"vmexits_total": ("42", "-"),
                                          "vmexits_mmio": ("500", "-")}
    rows = stats_rows(out)
    assert rows["vmexits_mmio"] == ("3", "-")
    assert rows["vmexits_total"][0] == "1042"
    assert 800 <= int(rows["vmexits_total"][1]) <= 1000


def test_cell_stats_unreadable_counter(sysfs):
    (sysfs / "cells" / "1" / "statistics" / "vmexits_pio").write_text("-3\n")
    (sysfs / "cells" / "1" / "statistics" / "vmexits_cr").write_text("")
    rc, out, _ = run("cell", "stats", "1", "-n", env=env_for(sysfs))
    assert rc == 0
    rows = stats_rows(out)
    assert rows["vmexits_pio"] == ("?", "-")
    assert rows["vmexits_cr"] == ("?", "-")
    assert rows["vmexits_total"] == ("42", "-")


def test_cell_stats_unknown_cell(sysfs):
    rc, _, err = run("cell", "stats", "7", "-n", env=env_for(sysfs))
    assert rc == 1
    assert "no cell with ID 7" in err
    rc, _, err = run("cell", "stats", "nope", "-n", env=env_for(sysfs))
    assert rc == 1
    assert "no cell named 'nope'" in err


def test_cell_stats_without_statistics(sysfs):
    d = sysfs / "cells" / "1" / "statistics"
    (d / "vmexits_total").unlink()
    d.rmdir()
    rc, _, err = run("cell", "stats", "1", "-n", env=env_for(sysfs))
    assert rc == 1
    assert f"{d}: No such file or directory" in err


def test_cell_stats_without_sysfs(tmp_path):
    rc, _, err = run("cell", "stats", "QEMU-VM", "-n",
                     env=env_for(tmp_path / "absent"))
    assert rc == 1
    assert f"{tmp_path}/absent/cells: No such file or directory" in err


# ---- argument errors ------------------------------------------------------

USAGE_ERRORS = [
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["cell"], "missing cell subcommand"),
    (["cell", "frob"], "unknown cell subcommand 'frob'"),
    (["enable"], "missing SYSCONFIG"),
    (["enable", "a", "b"], "unexpected argument 'b'"),
    (["disable", "now"], "unexpected argument 'now'"),
    (["console", "-x"], "unexpected argument '-x'"),
    (["cell", "create"], "missing CELLCONFIG"),
    (["cell", "list", "0"], "unexpected argument '0'"),
    (["cell", "start"], "missing CELL (cell ID or name)"),
    (["cell", "start", "1", "2"], "unexpected argument '2'"),
    (["cell", "start", "--name"], "--name needs a cell name"),
    (["cell", "destroy", ""], "empty cell name"),
    (["cell", "shutdown"], "missing CELL"),
    (["cell", "load"], "missing CELL"),
    (["cell", "load", "1"], "missing IMAGE"),
    (["cell", "load", "1", "-a", "0x1000", "img"], "-a must follow an image"),
    (["cell", "load", "1", "img", "-a"], "-a needs an address"),
    (["cell", "load", "1", "img", "--address"], "--address needs an address"),
    (["cell", "load", "1", "img", "-a", "12zz"], "invalid address '12zz'"),
    (["cell", "load", "1", "img", "-a", "-1"], "invalid address '-1'"),
    (["cell", "load", "1", "img", "-a", " 1"], "invalid address ' 1'"),
    (["cell", "load", "1", "img", "-a", "0x1ffffffffffffffff"],
     "invalid address '0x1ffffffffffffffff'"),
    (["cell", "load", "1", "img", "-a", "1", "-a", "2"],
     "-a given twice for one image"),
    (["cell", "load", "1", "-s"], "-s needs a string"),
    (["cell", "load", "1", "img", "--bogus"], "unknown option '--bogus'"),
    (["cell", "stats"], "missing CELL"),
    (["cell", "stats", "1", "2"], "unexpected argument '2'"),
    (["cell", "stats", "1", "-c"], "-c needs a positive number"),
    (["cell", "stats", "1", "-c", "0"], "-c needs a positive number"),
    (["cell", "stats", "1", "-i", "0"], "invalid interval '0'"),
    (["cell", "stats", "1", "-i", "soon"], "invalid interval 'soon'"),
    (["cell", "stats", "1", "--top"], "unknown option '--top'"),
]


@pytest.mark.parametrize("args,message", USAGE_ERRORS,
                         ids=[" ".join(a) or "-" for a, _ in USAGE_ERRORS])
def test_usage_errors(tmp_path, args, message):
    # nothing may reach the device or sysfs: both point nowhere
    rc, out, err = run(*args, env=env_for(tmp_path / "absent",
                                          tmp_path / "no-device"))
    assert rc == 1
    assert out == ""
    assert f"jailhouse: {message}" in err
    assert "Usage: jailhouse" in err
    assert "opening" not in err


# ---- help and version -----------------------------------------------------

COMMANDS = ["enable", "disable", "console", "cell create", "cell list",
            "cell load", "cell start", "cell shutdown", "cell destroy",
            "cell stats", "config check"]


def test_top_level_help_lists_every_command():
    rc, out, err = run("--help")
    assert rc == 0 and err == ""
    assert out.startswith("Usage: jailhouse { COMMAND | --help | --version }")
    for cmd in COMMANDS + ["cell linux", "config create", "hardware check"]:
        assert f"\n   {cmd}" in out, cmd
    for synopsis in ["console [-f | --follow]",
                     "cell load { ID | [--name] NAME } { IMAGE | "
                     "{ -s | --string } \"STRING\" } [-a | --address "
                     "ADDRESS] ...",
                     "cell stats { ID | [--name] NAME } [-n | --once]"]:
        assert synopsis in out
    for var in ["JAILHOUSE_DEVICE", "JAILHOUSE_SYSFS", "JAILHOUSE_DRY_RUN"]:
        assert var in out


@pytest.mark.parametrize("cmd", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_command_help(cmd, flag):
    rc, out, err = run(*cmd.split(), flag)
    assert rc == 0 and err == ""
    assert out.startswith(f"Usage: jailhouse {cmd}")
    assert len(out.splitlines()) > 2


def test_group_help():
    rc, out, _ = run("cell", "--help")
    assert rc == 0
    for sub in ["create", "list", "load", "start", "shutdown", "destroy",
                "stats", "linux"]:
        assert f"jailhouse cell {sub}" in out


def test_version():
    rc, out, _ = run("--version")
    assert rc == 0
    assert out.startswith("jailhouse (Warden) ")
    assert "Jailhouse management tool v0.12" in out


# ---- files are checked before the device is touched -----------------------

@pytest.mark.parametrize("cmd", [["enable"], ["cell", "create"]])
def test_missing_config_file(tmp_path, cmd):
    missing = tmp_path / "nope.cell"
    rc, _, err = run(*cmd, missing, env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{missing}: No such file or directory\n"


@pytest.mark.parametrize("cmd", [["enable"], ["cell", "create"]])
def test_directory_as_config(tmp_path, cmd):
    rc, _, err = run(*cmd, tmp_path, env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{tmp_path}: Is a directory\n"


def test_config_too_large(tmp_path):
    huge = tmp_path / "huge.cell"
    with open(huge, "wb") as f:
        f.truncate(17 * 1024 * 1024)  # sparse
    rc, _, err = run("cell", "create", huge,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{huge}: larger than 16777216 bytes\n"


def test_cell_create_truncated(tmp_path):
    cut = tmp_path / "cut.cell"
    cut.write_bytes(cell_config(num_memory_regions=3)[:200])
    rc, _, err = run("cell", "create", cut,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{cut}: truncated: its header describes 236 bytes, " \
        "the file has 200\n"


def test_cell_create_shorter_than_header(tmp_path):
    short = tmp_path / "short.cell"
    short.write_bytes(b"JHCLL")
    rc, _, err = run("cell", "create", short,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{short}: file is 5 bytes, shorter than a cell " \
        "configuration header (132 bytes)\n"


def test_cell_create_huge_counts(tmp_path):
    bad = tmp_path / "bad.cell"
    bad.write_bytes(cell_config()[:CELL_DESC + 8] + bytes(32))
    data = bytearray(bad.read_bytes())
    struct.pack_into("<I", data, 52, 0xffffffff)
    bad.write_bytes(bytes(data))
    rc, _, err = run("cell", "create", bad,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert f"its header describes {CELL_DESC + 8 + 0xffffffff * 32} bytes" \
        in err


def test_enable_truncated(tmp_path):
    cut = tmp_path / "sys.cell"
    cut.write_bytes(system_config()[:500])
    rc, _, err = run("enable", cut, env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{cut}: truncated: its header describes 528 bytes, " \
        "the file has 500\n"


def test_enable_cell_config(tmp_path):
    cell = tmp_path / "demo.cell"
    cell.write_bytes(cell_config())
    rc, _, err = run("enable", cell, env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{cell}: file is 172 bytes, shorter than a system " \
        "configuration header (488 bytes)\n"


def test_foreign_signature_is_left_to_the_driver(tmp_path):
    """Only the length is checked here; the driver answers EINVAL."""
    other = tmp_path / "sys-as-cell.cell"
    other.write_bytes(system_config())
    rc, _, err = run("cell", "create", other,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == "JAILHOUSE_CELL_CREATE: Inappropriate ioctl for device\n"


def test_missing_image_file(tmp_path):
    missing = tmp_path / "nope.bin"
    rc, _, err = run("cell", "load", "1", missing,
                     env={"JAILHOUSE_DEVICE": "/dev/null"})
    assert rc == 1
    assert err == f"{missing}: No such file or directory\n"


# ---- the device -----------------------------------------------------------

def device_commands(tmp_path):
    cell = tmp_path / "demo.cell"
    cell.write_bytes(cell_config())
    system = tmp_path / "sys.cell"
    system.write_bytes(system_config())
    image = tmp_path / "image.bin"
    image.write_bytes(b"\xf4")
    return [
        ("JAILHOUSE_ENABLE", ["enable", system]),
        ("JAILHOUSE_DISABLE", ["disable"]),
        ("JAILHOUSE_CELL_CREATE", ["cell", "create", cell]),
        ("JAILHOUSE_CELL_LOAD", ["cell", "load", "demo", image]),
        ("JAILHOUSE_CELL_START", ["cell", "start", "1"]),
        ("JAILHOUSE_CELL_LOAD", ["cell", "shutdown", "1"]),
        ("JAILHOUSE_CELL_DESTROY", ["cell", "destroy", "--name", "demo"]),
    ]


def test_missing_device(tmp_path):
    dev = tmp_path / "jailhouse"
    for _, args in device_commands(tmp_path) + [(None, ["console"]),
                                                (None, ["console", "-f"])]:
        rc, out, err = run(*args, env={"JAILHOUSE_DEVICE": str(dev)})
        assert rc == 1, args
        assert out == ""
        assert err == f"opening {dev}: No such file or directory\n", args


def test_default_device_path(tmp_path):
    if os.path.exists("/dev/jailhouse"):
        pytest.skip("this machine has /dev/jailhouse")
    rc, _, err = run("disable")
    assert rc == 1
    assert err == "opening /dev/jailhouse: No such file or directory\n"


def test_not_a_character_device(tmp_path):
    dev = tmp_path / "jailhouse"
    dev.write_bytes(b"")
    for _, args in device_commands(tmp_path):
        rc, _, err = run(*args, env={"JAILHOUSE_DEVICE": str(dev)})
        assert rc == 1
        assert err == f"opening {dev}: not a character device\n", args


def test_ioctl_errors_name_the_ioctl(tmp_path):
    """/dev/null refuses every ioctl: the message is perror-style."""
    for name, args in device_commands(tmp_path):
        rc, _, err = run(*args, env={"JAILHOUSE_DEVICE": "/dev/null"})
        assert rc == 1
        assert err == f"{name}: Inappropriate ioctl for device\n", args


# ---- ioctl arguments (dry run) --------------------------------------------

@pytest.mark.parametrize("word,expected", [
    ("0", "id 0 name \"\""),
    ("17", "id 17 name \"\""),
    ("0x1f", "id 31 name \"\""),
    ("010", "id 8 name \"\""),
    ("08", "id -1 name \"08\""),            # not octal: a name
    ("-1", "id -1 name \"-1\""),            # negative: a name
    ("99999999999", "id -1 name \"99999999999\""),  # not an int
    ("apic-demo", "id -1 name \"apic-demo\""),
    ("x" * 40, "id -1 name \"" + "x" * 31 + "\""),  # cut to 31
])
def test_cell_argument(tmp_path, word, expected):
    rc, out, err = run("cell", "start", word, env=dry_env(tmp_path))
    assert rc == 0, err
    assert out == f"dry run: JAILHOUSE_CELL_START (0x40280004): {expected}\n"


def test_cell_argument_by_name_option(tmp_path):
    rc, out, _ = run("cell", "destroy", "--name", "12", env=dry_env(tmp_path))
    assert rc == 0
    assert out == "dry run: JAILHOUSE_CELL_DESTROY (0x40280005): " \
        "id -1 name \"12\"\n"


def test_cell_shutdown_is_load_without_images(tmp_path):
    rc, out, _ = run("cell", "shutdown", "--name", "-odd-", env=dry_env(tmp_path))
    assert rc == 0
    assert out == "dry run: JAILHOUSE_CELL_LOAD (0x40300003): " \
        "id -1 name \"-odd-\" num_preload_images 0\n"


def test_cell_load_images_in_order(tmp_path):
    first = tmp_path / "inmate.bin"
    first.write_bytes(b"\xfa\xf4" + b"A" * 40)
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    rc, out, err = run("cell", "load", "pci-demo", first,
                       "-s", "con-base=0x2f8", "-a", "0x1000",
                       "--string", "", empty, "--address", "4096",
                       first, "-a", "0100", env=dry_env(tmp_path))
    assert rc == 0, err
    assert err == f"{empty}: warning: empty, nothing loaded\n"
    assert out.splitlines() == [
        "dry run: JAILHOUSE_CELL_LOAD (0x40300003): id -1 name \"pci-demo\" "
        "num_preload_images 5",
        "  image 0: size 42 target_address 0 data "
        "\"\\xfa\\xf4" + "A" * 30 + "\"...",
        "  image 1: size 15 target_address 0x1000 data \"con-base=0x2f8\\0\"",
        "  image 2: size 1 target_address 0 data \"\\0\"",
        "  image 3: size 0 target_address 0x1000 data \"\"",
        "  image 4: size 42 target_address 0x40 data "
        "\"\\xfa\\xf4" + "A" * 30 + "\"...",
    ]


def test_cell_load_big_address(tmp_path):
    img = tmp_path / "x"
    img.write_bytes(b"x")
    rc, out, _ = run("cell", "load", "3", img, "-a", "0xffffffffffffffff",
                     env=dry_env(tmp_path))
    assert rc == 0
    assert "target_address 0xffffffffffffffff" in out


def test_cell_create_passes_the_whole_file(tmp_path):
    cell = tmp_path / "demo.cell"
    cell.write_bytes(cell_config(num_memory_regions=2) + b"trailer")
    rc, out, _ = run("cell", "create", cell, env=dry_env(tmp_path))
    assert rc == 0
    assert out == "dry run: JAILHOUSE_CELL_CREATE (0x40100002): " \
        f"config_size {CELL_DESC + 8 + 64 + 7}\n"


def test_enable_and_disable(tmp_path):
    system = tmp_path / "sys.cell"
    system.write_bytes(system_config("Root\x1bX"))
    rc, out, _ = run("enable", system, env=dry_env(tmp_path))
    assert rc == 0
    assert out == "dry run: JAILHOUSE_ENABLE (0x40080000): system config, " \
        "root cell \"Root\\x1bX\"\n"
    rc, out, _ = run("disable", env=dry_env(tmp_path))
    assert rc == 0
    assert out == "dry run: JAILHOUSE_DISABLE (0x1)\n"


# ---- console --------------------------------------------------------------

def test_console_prints_what_is_there(tmp_path):
    dev = tmp_path / "console"
    text = "".join(f"line {n}\n" for n in range(100))
    dev.write_text(text)
    rc, out, err = run("console", env={"JAILHOUSE_DEVICE": str(dev)})
    assert (rc, out, err) == (0, text, "")


def test_console_follow(tmp_path):
    fifo = tmp_path / "console"
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "w") as f:
            f.write("The Jailhouse is opening.\n")
            f.flush()
            f.write("more\n")

    thread = threading.Thread(target=writer)
    thread.start()
    rc, out, _ = run("console", "--follow",
                     env={"JAILHOUSE_DEVICE": str(fifo)})
    thread.join()
    assert rc == 0
    assert out == "The Jailhouse is opening.\nmore\n"


def test_console_read_error(tmp_path):
    rc, _, err = run("console", env={"JAILHOUSE_DEVICE": str(tmp_path)})
    assert rc == 1
    assert err == f"reading {tmp_path}: Is a directory\n"


# ---- helper programs ------------------------------------------------------

def test_cell_linux_runs_the_helper(tmp_path):
    helper = tmp_path / "jailhouse-cell-linux"
    helper.write_text("#!/bin/sh\necho \"helper: $*\"\n")
    helper.chmod(0o755)
    rc, out, _ = run("cell", "linux", "a.cell", "bzImage", "-c", "console=x",
                     env={"PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert rc == 0
    assert out == "helper: a.cell bzImage -c console=x\n"


def test_missing_helper(tmp_path):
    rc, _, err = run("hardware", "check",
                     env={"PATH": str(tmp_path)})
    assert rc == 1
    assert "cannot run helper jailhouse-hardware-check" in err
