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
ROOT_STATS = "/sys/devices/jailhouse/cells/0/statistics"


def warden_iso(kernel, initrd, hv_image):
    cfg = machine.grub_config([("Warden on Bochs", [
        "multiboot2 /boot/warden.bin",
        "module2 --nounzip /boot/bochs-x86.cell system-config",
        # DMA remapping stays off, as upstream requires on VT-d machines:
        # Warden's unit for the root remaps interrupts only.
        f"module2 --nounzip /boot/vmlinuz linux console=ttyS2,115200 "
        f"intel_iommu=off {QUIET}",
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


def test_vmx_root_in_x2apic_mode_with_remapped_interrupts(vmx):
    """Bochs has x2APIC but no IOMMU: Warden switches the APICs to x2APIC
    and gives the root an emulated VT-d interrupt-remapping unit, so the
    stock kernel stays in x2APIC mode (docs/root-cell.md)."""
    log = vmx.log("com1")
    assert "VT-d IR: emulated interrupt-remapping unit for the root at " \
        "0xfed90000 (1 IOAPIC)" in log, log
    assert "APIC: switched to x2APIC mode" in log, log
    assert "VT-d IR: interrupt remapping on (x2APIC mode)" in log, log
    assert "VT-d IR: IOAPIC pin" not in log, log
    dmesg = sh(vmx, "dmesg | grep -i -e x2apic -e DMAR || true")
    assert "DRHD base: 0x000000fed90000" in dmesg, dmesg
    assert "Enabled IRQ remapping in x2apic mode" in dmesg, dmesg
    assert "IRQ remapping doesn't support X2APIC" not in dmesg, dmesg
    # The root's IOAPIC interrupts go through the remapping domain and
    # arrive: the timer and the serial line's counts grow.
    irqs = sh(vmx, "grep -e IR-IO-APIC /proc/interrupts || true")
    assert "IR-IO-APIC" in irqs, irqs


def counters(m, names):
    """Root VM-exit counters by reason (both CPUs summed) and the local
    timer interrupts Linux counted, in one short command line."""
    out = sh(m, f"cd {ROOT_STATS} && for c in cpu0 cpu1; do for n in "
                f"{' '.join(names)}; do echo $c/vmexits_$n; done; done | "
                "xargs cat; cd / && grep LOC: /proc/interrupts")
    lines = out.splitlines()
    values = [int(v) for v in lines[:-1]]
    assert len(values) == 2 * len(names), out
    exits = {name: values[i] + values[len(names) + i]
             for i, name in enumerate(names)}
    ticks = sum(int(v) for v in lines[-1].split()[1:3])
    return exits, ticks


def test_vmx_root_timer_ticks_cause_no_vm_exits(vmx):
    """In x2APIC mode the root's timer and its EOIs are the hardware's: a
    busy loop of timer ticks costs no exit. What exits remains is IPIs
    (the ICR is intercepted), reading these counters (hypercalls), the
    CPUID of starting the processes that read them, and port accesses;
    none of it per tick."""
    names = ["total", "xapic", "msr_other", "mmio", "hypercall",
             "msr_x2apic_icr", "pio", "management", "cr", "exception",
             "cpuid"]
    before, ticks0 = counters(vmx, names)
    sh(vmx, "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done", timeout=300)
    after, ticks1 = counters(vmx, names)
    delta = {k: after[k] - before[k] for k in names}
    ticks = ticks1 - ticks0
    print(f"root: {ticks} local timer interrupts, VM exits {delta}")
    assert ticks >= 50, (ticks, delta)
    # A timer tick in xAPIC mode would be an xAPIC exit (EOI, re-arm), an
    # emulated x2APIC register an MSR exit.
    assert delta["xapic"] == 0 and delta["mmio"] == 0, delta
    assert delta["msr_other"] <= ticks // 20, (ticks, delta)
    unexplained = delta["total"] - sum(delta[k] for k in (
        "hypercall", "msr_x2apic_icr", "pio", "management", "cpuid"))
    assert unexplained <= ticks // 20, (ticks, delta)


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


def test_vmx_apic_demo_ticks_without_vm_exits(vmx):
    """apic-demo's timer on CPU 1. The CPU's APIC is in x2APIC mode and
    its MSRs (but the ICR) are the cell's: ticks, EOIs and re-arms do not
    exit."""
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
    # Steady state: no exit per tick (the window is counted loosely, so
    # allow one stray exit, e.g. a management request).
    assert last - first <= 1, (first, last, ticks)
    out, status = vmx.run("jailhouse cell destroy apic-demo", timeout=120)
    assert status != 0 and "Operation not permitted" in out, out
    sh(vmx, "jailhouse cell destroy apic-demo")
    vmx.wait_for(r"apic-demo: second shutdown request: stopping",
                 since=since, timeout=60)
    assert sh(vmx, "cat /sys/devices/system/cpu/cpu1/online; nproc").split() \
        == ["1", "2"]
