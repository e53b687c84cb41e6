"""Tests on the Bochs machine (Intel VT-x; cells/bochs-x86.c).

Bochs is slow (minutes to a shell), so these are marked `bochs`:
`pytest -m bochs` runs only them, `pytest -m "not bochs"` leaves them out.
The machine is the one docs/bochs-platform.md describes.
"""
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402

pytestmark = pytest.mark.bochs

# Speed-ups only (about 20 s less under Bochs); none is needed to boot.
QUIET = ("quiet cryptomgr.notests=1 rodata=off mitigations=off "
         "init_on_alloc=0 nokaslr")
SHELL_UP = r"^warden-initramfs: up, (\d+) CPUs"
# ~150 s to the shell with 2 CPUs on a loaded 2-core host; leave room.
BOOT_TIMEOUT = 480


def linux_iso(kernel, initrd):
    """The stock kernel booted directly by GRUB, without Warden."""
    cfg = machine.grub_config([("Linux on Bochs", [
        f"linux /boot/vmlinuz console=ttyS2,115200 {QUIET}",
        "initrd /boot/initrd.img",
        "boot",
    ])], timeout=0)
    return machine.build_iso(None, cfg, {"boot/vmlinuz": kernel,
                                         "boot/initrd.img": initrd})


def test_plain_linux_has_two_cpus_vmx_and_x2apic(kernel, initrd, boot):
    """Validates the runner: boot, serial output and serial input."""
    m = boot(linux_iso(kernel, initrd), platform="bochs", cpus=2,
             memory="1G")
    match = m.wait_for(SHELL_UP, port="com3", timeout=BOOT_TIMEOUT)
    assert match.group(1) == "2", m.describe()
    # Kernel messages would interleave with command output.
    m.run("dmesg -n 1", timeout=120)
    out, status = m.run("nproc; grep -m1 '^flags' /proc/cpuinfo",
                        timeout=120)
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0] == "2", out
    flags = lines[1].split(":", 1)[1].split()
    assert "vmx" in flags and "x2apic" in flags, out
    # Bochs's VMX must offer what the VT-x back-end relies on.
    assert "ept" in flags and "vpid" in flags, out
    assert re.search(r"^vmx flags\s*:.*\bunrestricted_guest\b",
                     m.run("grep -m1 '^vmx flags' /proc/cpuinfo",
                           timeout=120)[0], re.M), m.describe()


# ---- Warden (VT-x back-end) on the Bochs machine: one boot, in order ----

CELLS = "/etc/jailhouse"
STATS = "/sys/devices/jailhouse/cells/{cell}/statistics/cpu{cpu}/vmexits_total"


def warden_iso(kernel, initrd, hv_image):
    cfg = machine.grub_config([("Warden on Bochs", [
        "multiboot2 /boot/warden.bin",
        "module2 --nounzip /boot/bochs-x86.cell system-config",
        f"module2 --nounzip /boot/vmlinuz linux console=ttyS2,115200 "
        f"{QUIET}",
        "module2 --nounzip /boot/initrd.img initrd",
        "boot",
    ])], timeout=0)
    return machine.build_iso(None, cfg, {
        "boot/warden.bin": hv_image,
        "boot/bochs-x86.cell": machine.BUILD / "cells" / "bochs-x86.cell",
        "boot/vmlinuz": kernel, "boot/initrd.img": initrd})


@pytest.fixture(scope="module")
def vmx(kernel, initrd, hv_image, tmp_path_factory):
    m = machine.Machine(warden_iso(kernel, initrd, hv_image),
                        platform="bochs", cpus=2, memory="1G", name="vmx",
                        workdir=tmp_path_factory.mktemp("vmx"))
    m.start()
    try:
        m.wait_for(SHELL_UP + r".*jailhouse driver loaded", port="com3",
                   timeout=BOOT_TIMEOUT)
        m.run("dmesg -n 1", timeout=120)
        yield m
    finally:
        m.kill()


def sh(m, cmd, timeout=120):
    out, status = m.run(cmd, timeout=timeout)
    assert status == 0, f"{cmd}: {out}\n{m.describe()}"
    return out.strip()


def test_vmx_root_cell_on_both_cpus(vmx):
    log = vmx.log("com1")
    assert re.search(r"^CPUs: 2 of 2 started", log, re.M), log
    assert "Root cell 'Bochs-VM' set up" in log, log
    out = sh(vmx, "nproc; grep -c ^processor /proc/cpuinfo; "
                  "grep -cw vmx /proc/cpuinfo || true")
    assert out.split() == ["2", "2", "0"], out
    assert sh(vmx, "cat /sys/devices/jailhouse/enabled") == "1"


def test_vmx_tiny_demo_on_cpu1(vmx):
    since = len(vmx.log("com1"))
    sh(vmx, f"jailhouse cell create {CELLS}/bochs-tiny-demo.cell && "
            "jailhouse cell load tiny-demo /inmates/tiny-demo.bin && "
            "jailhouse cell start tiny-demo")
    assert sh(vmx, "cat /sys/devices/system/cpu/cpu1/online") == "0"
    vmx.wait_for(r"tiny-demo: timestamp 2: PM timer", since=since,
                 timeout=120)
    sh(vmx, "jailhouse cell destroy tiny-demo")
    assert sh(vmx, "cat /sys/devices/system/cpu/cpu1/online; nproc; "
                   "ls /sys/devices/jailhouse/cells").split() == \
        ["1", "2", "0"]


def test_vmx_apic_demo_ticks(vmx):
    """apic-demo's timer on CPU 1. The firmware leaves the APIC in xAPIC
    mode on Bochs, so the cell's x2APIC is emulated: each tick's EOI and
    re-arm exit (zero exits need x2APIC mode, docs/root-cell.md)."""
    since = len(vmx.log("com1"))
    sh(vmx, f"jailhouse cell create {CELLS}/bochs-apic-demo.cell && "
            "jailhouse cell load apic-demo /inmates/apic-demo.bin && "
            "jailhouse cell start apic-demo")
    vmx.wait_for(r"apic-demo: tick 5,", since=since, timeout=120)
    assert sh(vmx, "cat /sys/devices/jailhouse/cells/1/state") == \
        "running/locked"
    stat = STATS.format(cell=1, cpu=1)
    first = int(sh(vmx, f"cat {stat}"))
    mark = len(vmx.log("com1"))
    vmx.wait_for(r"apic-demo: tick 25,", since=since, timeout=180)
    last = int(sh(vmx, f"cat {stat}"))
    ticks = len(re.findall(r"apic-demo: tick \d+,",
                           vmx.log("com1")[mark:]))
    print(f"apic-demo: {ticks} ticks, {last - first} VM exits")
    assert ticks >= 10
    # Emulated x2APIC: a few exits per tick (EOI, re-arm), no more.
    assert 0 < last - first <= 4 * (ticks + 1), (first, last, ticks)
    out, status = vmx.run("jailhouse cell destroy apic-demo", timeout=120)
    assert status != 0 and "Operation not permitted" in out, out
    sh(vmx, "jailhouse cell destroy apic-demo")
    vmx.wait_for(r"apic-demo: second shutdown request: stopping",
                 since=since, timeout=60)
    assert sh(vmx, "cat /sys/devices/system/cpu/cpu1/online; nproc").split() \
        == ["1", "2"]
