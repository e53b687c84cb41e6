"""The system configuration at boot: linked-in, overridden, rejected."""
import pathlib
import re

import pytest

from cellfile import SystemConfig

ROOT = pathlib.Path(__file__).resolve().parents[2]
QEMU_CELL = ROOT / "build" / "cells" / "qemu-x86.cell"
DONE = r"^Warden: configuration checked"
STOPPED = r"^Warden stopped\."


@pytest.fixture(scope="module")
def qemu_config():
    if not QEMU_CELL.exists():
        pytest.fail(f"{QEMU_CELL} missing: run make")
    return QEMU_CELL.read_bytes()


def test_linked_in_config_summary(warden_iso, boot, qemu_config):
    m = boot(warden_iso())
    m.wait_for(DONE, timeout=60)
    log = m.log()
    size = len(qemu_config)
    assert re.search(rf"^System configuration: linked-in system config "
                     rf"'qemu-x86', {size} bytes$", log, re.M), log
    assert re.search(r"^  Hypervisor memory: 0x3a000000-0x3a5fffff \(6144 KiB\)$",
                     log, re.M), log
    assert re.search(r"^  Inmate RAM window: 0x3a600000-0x3f1", log, re.M), log
    assert re.search(r"^  Debug console: 8250 UART at 0x3f8$", log, re.M), log
    assert re.search(r"^  PCI MMCONFIG: 0xb0000000, buses 0-255$", log, re.M), log
    assert re.search(r"^  PM timer port: 0x608, ", log, re.M), log
    assert re.search(r"^  Root cell 'QEMU-VM': CPUs 0-3; ", log, re.M), log


def test_hypervisor_moves_into_its_memory_and_starts_every_cpu(warden_iso, boot):
    m = boot(warden_iso(), cpus=4)
    m.wait_for(DONE, timeout=90)
    log = m.log()
    assert re.search(r"^Hypervisor memory: image \d+ KiB at 0x3a000000, page pool "
                     r"\d+ pages", log, re.M), log
    assert re.search(r"^TSC: \d+ kHz", log, re.M), log
    assert re.search(r"^CPUs: 4 of 4 started \(APIC xAPIC mode\): 0=APIC 0 "
                     r"1=APIC 1 2=APIC 2 3=APIC 3$", log, re.M), log


def test_config_cpu_missing_from_machine_is_refused(warden_iso, boot):
    # The root cell is configured with CPUs 0-3; this machine has two.
    m = boot(warden_iso(), cpus=2)
    m.wait_for(STOPPED, timeout=90)
    assert re.search(r"^FATAL: the system configuration gives CPU 2 to the root "
                     r"cell, but the MADT lists only 2 CPUs", m.log(), re.M), m.log()


def test_system_config_module_overrides(warden_iso, boot, qemu_config):
    cfg = SystemConfig(qemu_config)
    # A distinguishable but valid variant: the root cell renamed.
    name_off = 356 + 8
    cfg.data[name_off:name_off + 32] = b"OVERRIDE-VM".ljust(32, b"\0")
    m = boot(warden_iso(modules=[("system-config", cfg.bytes())]))
    m.wait_for(DONE, timeout=60)
    log = m.log()
    assert re.search(r"^System configuration: system-config module 0, ", log, re.M), log
    assert re.search(r"^  Root cell 'OVERRIDE-VM': ", log, re.M), log


def test_broken_system_config_names_the_entry(warden_iso, boot, qemu_config):
    cfg = SystemConfig(qemu_config)
    main_ram = cfg.find_region(0)
    victim = cfg.find_region(0x3A600000)  # inmate RAM, moved into main RAM
    cfg.set_region(victim, 0x1000000, 0x1000)
    m = boot(warden_iso(modules=[("system-config", cfg.bytes())]), cpus=1)
    m.wait_for(STOPPED, timeout=60)
    log = m.log()
    assert re.search(rf"^system-config module 0: error: .*region {victim}\b.*"
                     rf"overlaps.*region {main_ram}\b", log, re.M), log
    assert re.search(r"^FATAL: system-config module 0 rejected", log, re.M), log
    assert "hypervisor exception" not in log
    assert not re.search(DONE, log, re.M)


def test_truncated_system_config_is_rejected(warden_iso, boot, qemu_config):
    m = boot(warden_iso(modules=[("system-config", qemu_config[:600])]), cpus=1)
    m.wait_for(STOPPED, timeout=60)
    log = m.log()
    assert re.search(r"^system-config module 0: error: ", log, re.M), log
    assert "hypervisor exception" not in log


def test_config_for_bigger_machine_is_refused(warden_iso, boot):
    # 512 MiB: the configured hypervisor memory (at 928 MiB) is not there.
    m = boot(warden_iso(), memory="512M", cpus=1)
    m.wait_for(STOPPED, timeout=60)
    log = m.log()
    assert re.search(r"^linked-in system config 'qemu-x86': error: hypervisor "
                     r"memory 0x3a000000-0x3a5fffff is not all RAM: 0x3a000000 "
                     r"is not in the firmware memory map", log, re.M), log
    assert re.search(r"^FATAL: linked-in system config 'qemu-x86' does not fit "
                     r"this machine", log, re.M), log


def test_module_inside_hypervisor_memory_is_refused(warden_iso, boot, kernel,
                                                    qemu_config):
    # Hypervisor memory moved to 4 MiB, where GRUB places the first modules.
    cfg = SystemConfig(qemu_config)
    cfg.set_hypervisor_memory(0x400000, 0x600000)
    main_ram = cfg.find_region(0)
    cfg.set_region(main_ram, 0xA00000, 0x3A000000 - 0xA00000)
    m = boot(warden_iso(modules=[("linux quiet", kernel),
                                 ("system-config", cfg.bytes())]), cpus=1)
    m.wait_for(STOPPED, timeout=60)
    log = m.log()
    assert re.search(r"^system-config module 1: error: boot module 0 \('linux "
                     r"quiet', 0x[0-9a-f]+-0x[0-9a-f]+\) lies in the hypervisor "
                     r"memory", log, re.M), log
