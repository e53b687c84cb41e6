"""Inmates in cells beside the root Linux (QEMU TCG, 4 CPUs): the demos
built from our inmate library, each run, destroyed and recreated ten
times, and the isolation tests, where a cell CPU does one forbidden thing
and only that CPU stops while the root keeps working."""
import re

import pytest

from test_rootcell import HV_START
# The same kind of machine as the Jailhouse workflow tests (one per module).
from test_jailhouse import jh  # noqa: F401

CYCLES = 10
CELLS = "/etc/jailhouse"


@pytest.fixture(autouse=True)
def no_cell_left_behind(jh):
    """A failed test must not leave its cell to the next one."""
    yield
    out, _ = jh.run("ls /sys/devices/jailhouse/cells")
    for cell in out.split():
        if cell != "0":
            # twice: apic-demo denies the first request
            jh.run(f"jailhouse cell destroy {cell} || "
                   f"jailhouse cell destroy {cell}")


def sh(m, cmd, timeout=60):
    out, status = m.run(cmd, timeout=timeout)
    assert status == 0, f"{cmd}: {out}"
    return out.strip()


def sysfs(m, path):
    return sh(m, f"cat /sys/devices/jailhouse/{path}")


def cycles(m, config, name, image, until, check=None):
    """Run a demo CYCLES times: start, wait for @until, @check, destroy."""
    for cycle in range(CYCLES):
        since = start(m, config, name, image)
        m.wait_for(until, since=since, timeout=60)
        if check and cycle == 0:
            check(m.log("com1")[since:])
        sh(m, f"jailhouse cell destroy {name}")


def start(m, config, name, image, args=None):
    """Create, load and start a cell; return the COM1 offset before it."""
    since = len(m.log("com1"))
    load = f"jailhouse cell load {name} /inmates/{image}"
    if args:
        load += f' -s "{args}" -a 0x1000'
    sh(m, f"jailhouse cell create {CELLS}/{config} && {load} && "
          f"jailhouse cell start {name}")
    return since


def back_to_baseline(m, pool):
    assert sh(m, "ls /sys/devices/jailhouse/cells").split() == ["0"]
    assert sh(m, "nproc") == "4"
    assert int(sysfs(m, "mem_pool_used")) == pool


def test_tiny_demo(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    since = start(jh, "tiny-demo.cell", "tiny-demo", "tiny-demo.bin")
    jh.wait_for(r"tiny-demo: done", since=since, timeout=60)
    stamps = re.findall(r"tiny-demo: timestamp (\d+): PM timer (\d+) us, "
                        r"TSC (\d+) us", jh.log("com1")[since:])
    assert [int(s[0]) for s in stamps] == list(range(1, 11)), stamps
    for i, (_, pm, tsc) in enumerate(stamps, 1):
        # One second apart by the PM timer; the TSC (at the comm region's
        # tsc_khz) agrees within 5 %.
        assert abs(int(pm) - i * 1_000_000) < 50_000, stamps
        assert abs(int(tsc) - int(pm)) < int(pm) * 0.05, stamps
    # Returning from inmate_main halts the CPU; the cell stays running.
    assert sysfs(jh, "cells/1/state") == "running"
    sh(jh, "jailhouse cell destroy tiny-demo")
    cycles(jh, "tiny-demo.cell", "tiny-demo", "tiny-demo.bin",
           r"tiny-demo: timestamp 1:")
    back_to_baseline(jh, pool)


def test_apic_demo_locks_and_denies_first_shutdown(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    for cycle in range(CYCLES):
        since = start(jh, "apic-demo.cell", "apic-demo", "apic-demo.bin")
        jh.wait_for(r"apic-demo: tick 3,", since=since, timeout=30)
        assert sysfs(jh, "cells/1/state") == "running/locked"
        if cycle == 0:
            # The timer ticks at 10 Hz: its EOIs and re-arms are x2APIC
            # MSR accesses emulated over the xAPIC.
            assert int(sysfs(jh, "cells/1/statistics/cpu3/"
                                 "vmexits_msr_other")) >= 6
            # The configuration lock: no other cell may come or go.
            out, status = jh.run(f"jailhouse cell create "
                                 f"{CELLS}/tiny-demo.cell")
            assert status != 0 and "Operation not permitted" in out, out
        out, status = jh.run("jailhouse cell destroy apic-demo")
        assert status != 0 and "Operation not permitted" in out, out
        jh.wait_for(r"apic-demo: shutdown request denied", since=since,
                    timeout=10)
        sh(jh, "jailhouse cell destroy apic-demo")
        jh.wait_for(r"apic-demo: second shutdown request: stopping",
                    since=since, timeout=10)
    assert sh(jh, "cat /sys/devices/system/cpu/cpu3/online") == "1"
    back_to_baseline(jh, pool)


def test_32_bit_demo(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    cycles(jh, "tiny-demo.cell", "tiny-demo", "32-bit-demo.bin",
           r"32-bit-demo: running in 32-bit protected mode, EFER 0x0, .* "
           r"pointers are 32 bits")
    back_to_baseline(jh, pool)


def test_smp_demo(jh):
    pool = int(sysfs(jh, "mem_pool_used"))

    def check(log):
        main = re.search(r"smp-demo: 3 CPUs checked in; main CPU is APIC ID "
                         r"(\d+)", log)
        assert main, log
        # Whichever CPU won the election, the other two answered.
        answered = re.findall(r"smp-demo: 3 IPI round trips with APIC ID "
                              r"(\d+)", log)
        assert sorted(answered + [main.group(1)]) == ["1", "2", "3"], log
        assert sysfs(jh, "cells/1/cpus_assigned_list") == "1-3"
        assert sysfs(jh, "cells/0/cpus_assigned_list") == "0"

    cycles(jh, "smp-demo.cell", "smp-demo", "smp-demo.bin",
           r"smp-demo: 2 of 2 other CPUs started and answered IPIs", check)
    back_to_baseline(jh, pool)


# Each forbidden action: the violation inmate's arguments and what the
# hypervisor prints about it.
VIOLATIONS = {
    "write to root RAM": ("action=ram-write addr=0x200000",
                          r"forbidden write of 0x200000 \(RIP 0x[0-9a-f]+\)"),
    "read hypervisor memory": (f"action=ram-read addr={HV_START:#x}",
                               rf"forbidden read of {HV_START:#x} \(RIP"),
    "unowned port": ("action=port port=0x70",
                     r"forbidden write of port 0x70"),
    "foreign PCI config write": ("action=pci bdf=0xf8",
                                 r"PCI config write to 00:1f\.0, which is "
                                 r"not the cell's"),
    "IPI to a root CPU": ("action=ipi apic=0",
                          r"IPI \(ICR 0x40f0\) to CPU 0, which belongs to "
                          r"cell 'QEMU-VM'"),
    "INIT to a root CPU": ("action=init apic=0",
                           r"IPI \(ICR 0x4500\) to CPU 0, which belongs "
                           r"to cell 'QEMU-VM'"),
    "protected MSR write": ("action=msr",
                            r"APIC base change to 0xfed00[0-9a-f]+ refused"),
    "NMI through the local vector table": (
        "action=lvt", r"local APIC LVT 0x350 = 0x400 refused: delivery mode "
                      r"other than fixed"),
    "triple fault": ("action=triple-fault",
                     r"triple fault \(shutdown\).*RIP 0010:"),
}


@pytest.fixture(scope="module")
def workload(jh):
    """A root workload that counts its rounds in /tmp/rounds."""
    sh(jh, "(while :; do dd if=/dev/urandom bs=4k count=64 2>/dev/null | "
           "md5sum >/dev/null && echo x >> /tmp/rounds || "
           "echo FAILED >> /tmp/rounds; done) >/dev/null 2>&1 & true")
    return lambda: sh(jh, "cat /tmp/rounds 2>/dev/null").split()


@pytest.mark.parametrize("violation", list(VIOLATIONS))
def test_isolation(jh, workload, violation):
    args, report = VIOLATIONS[violation]
    pool = int(sysfs(jh, "mem_pool_used"))
    rounds = len(workload())
    since = start(jh, "tiny-demo.cell", "tiny-demo", "violation.bin", args)
    jh.wait_for(r"violation: about to do", since=since, timeout=30)
    jh.wait_for(r"CPU 2 stopped \(cell 'tiny-demo'\)", since=since,
                timeout=30)
    log = jh.log("com1")[since:]
    assert re.search(r"CPU 2: .*" + report, log), log
    assert "violation: still running" not in log, log
    assert sysfs(jh, "cells/1/cpus_failed_list") == "2"
    assert sysfs(jh, "cells/1/state") == "failed"
    out = sh(jh, "jailhouse cell list")
    assert re.search(r"^1\s+tiny-demo\s+failed\s+2\s+2\s*$", out, re.M), out
    # The root kept working meanwhile, and without errors.
    sh(jh, "sleep 2")
    done = workload()
    assert len(done) > rounds and "FAILED" not in done, done
    sh(jh, "jailhouse cell destroy tiny-demo")
    assert sh(jh, "cat /sys/devices/system/cpu/cpu2/online") == "1"
    back_to_baseline(jh, pool)
    out = sh(jh, "dmesg | grep -cE 'Oops|BUG:|Call Trace' || true")
    assert out == "0", out
    assert "hypervisor exception" not in jh.log("com1")


E1000E = "/sys/bus/pci/devices/0000:00:02.0"
PCI_VIOLATIONS = {
    "header": r"PCI config write to 00:02\.0 register 0x8 refused: "
              r"read-only header register",
    "msi": r"PCI config write to 00:02\.0 register 0xd4 refused: MSI to "
           r"a CPU outside the cell",
}


def root_view_of_e1000e(m):
    """The first five dwords of 00:02.0's configuration, as the root reads
    them: ID, command/status, class, header type, BAR0."""
    return sh(m, f"od -An -tx4 -N20 {E1000E}/config").split()


@pytest.mark.parametrize("action", list(PCI_VIOLATIONS))
def test_pci_device_moves_to_the_cell_and_back(jh, action):
    pool = int(sysfs(jh, "mem_pool_used"))
    before = root_view_of_e1000e(jh)
    assert before[0] == "10d38086", before
    bar0 = int(before[4], 16)
    since = start(jh, "e1000e-test.cell", "e1000e-test", "pci-access.bin",
                  f"action={action}")
    jh.wait_for(r"pci-access: about to do", since=since, timeout=30)
    jh.wait_for(r"CPU 2 stopped \(cell 'e1000e-test'\)", since=since,
                timeout=30)
    log = jh.log("com1")[since:]
    # The cell sees its device and nothing else on the bus...
    assert re.findall(r"pci-access: found (\S+) (\S+)", log) == [
        ("00:02.0", "8086:10d3")], log
    # ...sizes its BAR through the shadow, the ROM BAR reads 0...
    assert f"BAR0 {bar0:#x}, sizing reads 0xfffe0000, restored {bar0:#x}" \
        in log, log
    assert "pci-access: ROM BAR reads 0x0" in log, log
    # ...and drives the device through BAR0 once it enabled decoding.
    status = re.search(r"command 0x2, device status register (0x\S+)", log)
    assert status and status.group(1) != "0xffffffff", log
    assert "pci-access: MSI to own CPU accepted" in log, log
    # Its forbidden write stops it.
    assert re.search(r"CPU 2: cell 'e1000e-test': " +
                     PCI_VIOLATIONS[action], log), log
    assert "pci-access: still running" not in log, log
    assert sysfs(jh, "cells/1/cpus_failed_list") == "2"
    # Meanwhile the root has no access, and Linux parks it at the stub.
    assert root_view_of_e1000e(jh) == ["ffffffff"] * 5
    assert sh(jh, f"readlink {E1000E}/driver").endswith("jailhouse-pci-stub")
    sh(jh, "jailhouse cell destroy e1000e-test")
    # Back to the root, with the BAR the cell never really moved.
    after = root_view_of_e1000e(jh)
    assert after[0] == "10d38086" and int(after[4], 16) == bar0, after
    back_to_baseline(jh, pool)


def test_cells_cannot_share_memory(jh):
    pool = int(sysfs(jh, "mem_pool_used"))
    sh(jh, f"jailhouse cell create {CELLS}/tiny-demo.cell")
    since = len(jh.log("com1"))
    # ivshmem-demo wants tiny-demo's RAM (on another CPU).
    out, status = jh.run(f"jailhouse cell create {CELLS}/ivshmem-demo.cell")
    assert status != 0 and "busy" in out.lower(), out
    jh.wait_for(r"cell create: memory region \d+ \(0x3ee00000\) belongs "
                r"to cell 'tiny-demo'", since=since, timeout=10)
    sh(jh, "jailhouse cell destroy tiny-demo")
    back_to_baseline(jh, pool)
