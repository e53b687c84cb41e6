"""The stock Debian kernel in the root cell under AMD SVM (QEMU TCG).

One machine is booted for the module and the tests run in order on it;
poweroff comes last. Reboot needs a machine of its own.
"""
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402

# iomem=relaxed: let /dev/mem really reach the hidden ranges (a hostile
# root program could do the same); the hypervisor must hold the line.
CMDLINE = "console=ttyS2,115200 iomem=relaxed"
SHELL_UP = r"^warden-initramfs: up, (\d+) CPUs"
HV_START = 0x3A000000
WINDOW_END = 0x3F1FF000  # hypervisor memory + inmate RAM window + ivshmem


def root_iso(kernel, initrd, hv_image):
    cfg = machine.grub_config([("Warden root cell test", [
        "multiboot2 /boot/warden.bin",
        f"module2 --nounzip /boot/vmlinuz linux {CMDLINE}",
        "module2 --nounzip /boot/initrd.img initrd",
        "boot",
    ])], timeout=0)
    return machine.build_iso(None, cfg, {"boot/warden.bin": hv_image,
                                         "boot/vmlinuz": kernel,
                                         "boot/initrd.img": initrd})


@pytest.fixture(scope="module")
def root(kernel, initrd, hv_image, tmp_path_factory):
    m = machine.Machine(root_iso(kernel, initrd, hv_image), cpus=4,
                        memory="1G", name="rootcell",
                        workdir=tmp_path_factory.mktemp("rootcell"))
    m.start()
    try:
        m.wait_for(SHELL_UP, port="com3", timeout=240)
        # Kernel messages would interleave with command output.
        m.run("dmesg -n 1")
        yield m
    finally:
        m.kill()


def test_linux_sees_four_cpus_and_no_svm(root):
    out, status = root.run("nproc; grep -c ^processor /proc/cpuinfo; "
                           "grep -cw svm /proc/cpuinfo")
    assert out.split() == ["4", "4", "0"], out
    assert re.search(r"^CPUs: 4 of 4 started", root.log("com1"), re.M)


def test_e820_hides_hypervisor_and_inmate_window(root):
    out, _ = root.run("dmesg | grep BIOS-e820; cat /proc/cmdline")
    usable = [(int(a, 16), int(b, 16) + 1) for a, b in re.findall(
        r"BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable", out)]
    assert usable, out
    assert sum(b - a for a, b in usable) > 900 * 2**20, out
    for start, end in usable:
        assert end <= HV_START or start >= WINDOW_END, \
            f"usable {start:#x}-{end:#x} overlaps the hidden window\n{out}"
    assert "memmap=" not in out


def test_hypervisor_memory_reads_as_absent(root):
    out, status = root.run(
        f"dd if=/dev/mem bs=4096 skip={HV_START >> 12} count=4 2>/dev/null "
        "| wc -c; "
        f"dd if=/dev/mem bs=4096 skip={HV_START >> 12} count=4 2>/dev/null "
        "| tr -d '\\377' | wc -c")
    assert out.split() == ["16384", "0"], out
    root.wait_for(r"^root cell: 0x3a000000 is not the root's; reads as absent "
                  r"hardware", port="com1")
    # Still alive and well afterwards.
    out, status = root.run("echo alive")
    assert out.strip() == "alive"


def test_cpu_hotplug_twenty_times(root):
    script = ("i=0; while [ $i -lt 20 ]; do "
              "echo 0 > /sys/devices/system/cpu/cpu3/online || exit 1; "
              "[ $(cat /sys/devices/system/cpu/cpu3/online) = 0 ] || exit 2; "
              "echo 1 > /sys/devices/system/cpu/cpu3/online || exit 3; "
              "[ $(cat /sys/devices/system/cpu/cpu3/online) = 1 ] || exit 4; "
              "i=$((i+1)); done; echo cycles=$i; nproc")
    out, status = root.run(f"sh -c '{script}'", timeout=300)
    assert status == 0, out
    assert out.split() == ["cycles=20", "4"], out


def test_exit_statistics_on_request(root):
    before = len(root.log("com1"))
    root.send("com1", "s")
    # Exits (and so the console poll) happen while the root works.
    for _ in range(20):
        root.run("cat /proc/interrupts > /dev/null")
        if "VM exits per CPU" in root.log("com1")[before:]:
            break
    tail = root.log("com1")[before:]
    stats = {cpu: dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", rest))
             for cpu, rest in re.findall(r"^  CPU (\d+):(.*)$", tail, re.M)}
    assert sorted(stats) == ["0", "1", "2", "3"], tail
    for counters in stats.values():
        assert counters["total"] > 0, tail
        # Every exit is counted under at most one reason.
        reasons = sum(v for k, v in counters.items() if k != "total")
        assert reasons <= counters["total"], tail
        # Linux started this CPU (INIT/SIPI) and runs CPUID on it.
        assert counters["cpuid"] > 0, tail
    print("VM-exit statistics:\n" + "\n".join(
        l for l in tail.splitlines() if l.startswith("  CPU ")))


def test_poweroff_powers_the_machine_off(root):
    root.send("com3", "poweroff -f\n")
    assert root.wait_exit(timeout=60) == 0
    assert "hypervisor exception" not in root.log("com1")
    assert "stopped (cell" not in root.log("com1")


def test_reboot_resets_the_machine(kernel, initrd, hv_image, tmp_path):
    m = machine.Machine(root_iso(kernel, initrd, hv_image), cpus=4,
                        memory="1G", name="reboot", workdir=tmp_path,
                        reboot=True)
    with m:
        m.wait_for(SHELL_UP, port="com3", timeout=240)
        m.send("com3", "reboot -f\n")
        # After the reset the firmware, GRUB and Warden start over.
        m.wait_for(r"^Warden \d+\.\d+ .*\n(.|\n)*^Warden \d+\.\d+ ",
                   port="com1", timeout=120)
