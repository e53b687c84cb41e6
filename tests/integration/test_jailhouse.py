"""Runtime cells through the Jailhouse interface in the root Linux: our
`jailhouse` command, the shim driver, the hypercalls and the cell
lifecycle, on one machine (QEMU TCG, 4 CPUs)."""
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402
from test_rootcell import root_iso, SHELL_UP  # noqa: E402

CYCLES = 200
# Inmates share COM1 with the hypervisor: their lines may not start a line.
INMATE_LINE = r"hello-inmate: running in a Warden cell"


@pytest.fixture(scope="module")
def jh(kernel, initrd, hv_image, tmp_path_factory):
    m = machine.Machine(root_iso(kernel, initrd, hv_image), cpus=4,
                        memory="1G", name="jailhouse",
                        workdir=tmp_path_factory.mktemp("jailhouse"))
    m.start()
    try:
        m.wait_for(SHELL_UP + r".*jailhouse driver loaded", port="com3",
                   timeout=240)
        m.run("dmesg -n 1")
        yield m
    finally:
        m.kill()


def sysfs(m, path):
    out, status = m.run(f"cat /sys/devices/jailhouse/{path}")
    assert status == 0, out
    return out.strip()


def test_enable_accepts_the_running_config_only(jh):
    out, status = jh.run("jailhouse enable /etc/jailhouse/qemu-x86.cell")
    assert status == 0, out
    # Any other system configuration: the hypervisor is already running.
    out, status = jh.run("cp /etc/jailhouse/qemu-x86.cell /tmp/other.cell; "
                         "printf 'X' | dd of=/tmp/other.cell bs=1 seek=12 "
                         "conv=notrunc 2>/dev/null; "
                         "jailhouse enable /tmp/other.cell")
    assert status != 0 and "busy" in out.lower(), out


def test_cell_lifecycle_and_sysfs(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    assert sysfs(jh, "enabled") == "1"
    assert sysfs(jh, "cells/0/name") == "QEMU-VM"
    out, status = jh.run("jailhouse cell create /etc/jailhouse/tiny-demo.cell")
    assert status == 0, out
    assert sysfs(jh, "cells/1/name") == "tiny-demo"
    assert sysfs(jh, "cells/1/state") == "shut down"
    assert sysfs(jh, "cells/1/cpus_assigned_list") == "2"
    assert sysfs(jh, "cells/0/cpus_assigned_list") == "0-1,3"
    out, _ = jh.run("cat /sys/devices/system/cpu/cpu2/online")
    assert out.strip() == "0"

    before = len(jh.log("com1"))
    out, status = jh.run("jailhouse cell load tiny-demo /inmates/hello.bin && "
                         "jailhouse cell start tiny-demo")
    assert status == 0, out
    jh.wait_for(INMATE_LINE, port="com1", timeout=30)
    assert re.search(INMATE_LINE, jh.log("com1")[before:])
    assert sysfs(jh, "cells/1/state") == "running"
    out, status = jh.run("jailhouse cell list")
    assert re.search(r"^1\s+tiny-demo\s+running\s+2\s*$", out, re.M), out
    assert int(sysfs(jh, "cells/1/statistics/vmexits_total")) >= 0

    out, status = jh.run("jailhouse cell destroy tiny-demo")
    assert status == 0, out
    out, _ = jh.run("cat /sys/devices/system/cpu/cpu2/online; nproc; "
                    "ls /sys/devices/jailhouse/cells")
    assert out.split() == ["1", "4", "0"], out
    assert int(sysfs(jh, "mem_pool_used")) == pool


def test_hostile_cell_requests_are_refused(jh):
    checks = [
        # unknown cell, by name and by ID
        ("jailhouse cell start nosuchcell", "No such file or directory"),
        ("jailhouse cell destroy 7", "No such file or directory"),
        # the root cell cannot be started or destroyed
        ("jailhouse cell destroy 0", "Invalid argument"),
        # a system configuration is not a cell configuration
        ("jailhouse cell create /etc/jailhouse/qemu-x86.cell",
         "Invalid argument"),
        # truncated configuration
        ("head -c 100 /etc/jailhouse/tiny-demo.cell > /tmp/t.cell; "
         "jailhouse cell create /tmp/t.cell", ""),
    ]
    for cmd, message in checks:
        out, status = jh.run(cmd)
        assert status != 0, f"{cmd}: {out}"
        assert message in out, f"{cmd}: {out}"
    out, _ = jh.run("dmesg | grep -cE 'Oops|BUG:|Call Trace' || true")
    assert out.strip() == "0", out
    out, _ = jh.run("ls /sys/devices/jailhouse/cells")
    assert out.split() == ["0"], out


def test_message_protocol_and_configuration_lock(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    out, status = jh.run("jailhouse cell create /etc/jailhouse/apic-demo.cell "
                         "&& jailhouse cell load apic-demo /inmates/locked.bin "
                         "&& jailhouse cell start apic-demo")
    assert status == 0, out
    jh.wait_for(r"locked-inmate: holding the configuration lock", timeout=30)
    assert sysfs(jh, "cells/1/state") == "running/locked"
    # A locked cell blocks creating other cells...
    out, status = jh.run("jailhouse cell create /etc/jailhouse/tiny-demo.cell")
    assert status != 0 and "Operation not permitted" in out, out
    # ...and denies its first shutdown request.
    out, status = jh.run("jailhouse cell destroy apic-demo")
    assert status != 0 and "Operation not permitted" in out, out
    jh.wait_for(r"locked-inmate: first shutdown request denied", timeout=10)
    assert sysfs(jh, "cells/1/state") == "running/locked"
    out, status = jh.run("jailhouse cell destroy apic-demo")
    assert status == 0, out
    jh.wait_for(r"locked-inmate: second request, shutting down", timeout=10)
    out, _ = jh.run("ls /sys/devices/jailhouse/cells; nproc")
    assert out.split() == ["0", "4"], out
    assert int(sysfs(jh, "mem_pool_used")) == pool


def test_many_cycles_leave_no_trace(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    script = (f"i=0; while [ $i -lt {CYCLES} ]; do "
              "jailhouse cell create /etc/jailhouse/tiny-demo.cell || exit 1; "
              "jailhouse cell load tiny-demo /inmates/hello.bin || exit 2; "
              "jailhouse cell start tiny-demo || exit 3; "
              "jailhouse cell destroy tiny-demo || exit 4; "
              "i=$((i+1)); done; echo cycles=$i")
    out, status = jh.run(f"sh -c '{script}'", timeout=1200)
    assert status == 0, out
    assert out.strip().endswith(f"cycles={CYCLES}"), out
    assert int(sysfs(jh, "mem_pool_used")) == pool
    out, _ = jh.run("nproc; cat /sys/devices/system/cpu/cpu2/online")
    assert out.split() == ["4", "1"], out
    assert "hypervisor exception" not in jh.log("com1")
