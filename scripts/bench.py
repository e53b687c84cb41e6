#!/usr/bin/env python3
"""Warden benchmarks, measured side by side in one run and given as ratios.

1. Boot: wall time from emulator start to the root initramfs's /init, the
   same stock kernel and initramfs with Warden (root cell) and without.
2. Idle root cell: VM exits per second while the root Linux sits at its
   shell prompt (from the hypervisor's statistics, 's' on COM1).

Everything runs under QEMU TCG, so absolute times say little about real
hardware; the ratios between the two configurations are the point.
"""
import argparse
import pathlib
import re
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import machine  # noqa: E402

CMDLINE = "console=ttyS2,115200"
SHELL_UP = r"^warden-initramfs: up, (\d+) CPUs"
STATS_LINE = re.compile(r"^  CPU (\d+): total=(\d+) ", re.M)


def isos():
    b = machine.BUILD
    files = {"boot/warden.bin": b / "warden.bin",
             "boot/vmlinuz": b / "deps" / "kernel" / "vmlinuz",
             "boot/initrd.img": b / "initramfs.cpio.gz"}
    warden = machine.grub_config([("bench: Warden", [
        "multiboot2 /boot/warden.bin",
        f"module2 --nounzip /boot/vmlinuz linux {CMDLINE}",
        "module2 --nounzip /boot/initrd.img initrd", "boot"])], timeout=0)
    plain = machine.grub_config([("bench: Linux alone", [
        f"linux /boot/vmlinuz {CMDLINE}", "initrd /boot/initrd.img",
        "boot"])], timeout=0)
    return (machine.build_iso(None, warden, files),
            machine.build_iso(None, plain, files))


def boot_time(iso, workdir):
    with machine.Machine(iso, workdir=workdir, name="bench") as m:
        m.wait_for(SHELL_UP, port="com3", timeout=300)
        return time.monotonic() - m.started, m


def stats_dump(m, timeout=60):
    """Ask for the statistics; return (time seen, total exits of all CPUs)."""
    before = len(m.log("com1"))
    m.send("com1", "s")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tail = m.log("com1")[before:]
        found = STATS_LINE.findall(tail)
        if found and "VM exits per CPU" in tail and \
                len(found) >= len(set(c for c, _ in found)):
            time.sleep(0.5)  # let the whole table arrive
            tail = m.log("com1")[before:]
            return time.monotonic(), sum(int(t) for _, t in STATS_LINE.findall(tail))
        time.sleep(0.05)
    raise machine.MachineError("no statistics from the hypervisor")


def idle_exit_rate(iso, workdir, seconds):
    with machine.Machine(iso, workdir=workdir, name="bench-idle") as m:
        m.wait_for(SHELL_UP, port="com3", timeout=300)
        m.run("dmesg -n 1")
        time.sleep(5)  # let boot-time activity settle
        t0, n0 = stats_dump(m)
        time.sleep(seconds)
        t1, n1 = stats_dump(m)
        return (n1 - n0) / (t1 - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3, help="boots per configuration")
    ap.add_argument("--idle-seconds", type=int, default=20)
    args = ap.parse_args()

    warden_iso, plain_iso = isos()
    work = machine.BUILD / "bench"
    work.mkdir(parents=True, exist_ok=True)
    times = {"warden": [], "plain": []}
    for i in range(args.runs):
        # Interleaved, so drift of the host affects both alike.
        for name, iso in (("plain", plain_iso), ("warden", warden_iso)):
            t, _ = boot_time(iso, work / f"{name}-{i}")
            times[name].append(t)
            print(f"bench: boot {i + 1}/{args.runs} {name}: {t:.1f} s", flush=True)
    rate = idle_exit_rate(warden_iso, work / "idle", args.idle_seconds)

    plain = statistics.median(times["plain"])
    warden = statistics.median(times["warden"])
    print()
    print("| measurement | without Warden | with Warden | ratio |")
    print("|---|---|---|---|")
    print(f"| wall time to root /init (median of {args.runs}, QEMU TCG) | "
          f"{plain:.1f} s | {warden:.1f} s | {warden / plain:.2f} |")
    print(f"| VM exits per second, idle root cell (4 CPUs, "
          f"{args.idle_seconds} s) | - | {rate:.0f} | - |")


if __name__ == "__main__":
    main()
