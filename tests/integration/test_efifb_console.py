"""The hypervisor console on the UEFI GOP framebuffer (console=efifb).

The screen is read back from QEMU's screen dump: a small PNG decoder (zlib
only) and a matcher that compares every 8x16 cell with the glyphs of the
same console font the hypervisor is built with (scripts/psf2c.py).
"""
import re
import struct
import time

import pytest

import screen
from screen import screen_text
from conftest import ROOT

BANNER = r"Warden \d+\.\d+ \(\S+\)"
STOPPED = "Warden stopped. Fix the problem above and reboot."
NO_LINUX = "FATAL: launcher: no boot module with the role 'linux'"


def wait_for_screen(m, tmp_path, pattern, font, timeout=150):
    """Take screen dumps until a text row matches @pattern; return rows."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + timeout
    n, rows = 0, []
    while True:
        n += 1
        time.sleep(5)  # OVMF and GRUB alone take 10 s or more under TCG
        try:
            png = m.screendump(tmp_path / f"screen{n}.png")
        except OSError:  # the monitor socket is not there yet
            png = None
        if png:
            rows = screen_text(png, font)
            if any(regex.search(r) for r in rows):
                return rows
        if m.proc.poll() is not None or time.monotonic() > deadline:
            shown = "\n".join(r for r in rows if r.strip())
            pytest.fail(f"{pattern!r} never appeared on the screen; it "
                        f"shows:\n{shown}\n{m.describe()}")


@pytest.fixture(scope="module")
def font():
    return screen.font()


def test_boot_report_and_panic_appear_on_the_framebuffer(warden_iso, boot,
                                                         tmp_path, font):
    # No linux module: the hypervisor boots, reports, then stops.
    m = boot(warden_iso(hv_options="console=efifb"), firmware="ovmf",
             memory="2048M")
    rows = wait_for_screen(m, tmp_path, re.escape(STOPPED), font)
    screen = "\n".join(rows)

    assert re.search(rf"^{BANNER}$", screen, re.M), screen
    assert re.search(r"^Framebuffer: 0x[0-9a-f]+", screen, re.M), screen
    assert re.search(r"^Hypervisor memory: image", screen, re.M), screen
    # The panic comes after the move into hypervisor memory: drawn
    # through the direct map.
    assert NO_LINUX in screen, screen
    assert re.search(rf"^{re.escape(STOPPED)}$", screen, re.M), screen
    # Only the ring and the screen get the console: COM1 has GRUB's
    # output at most.
    com1 = m.log("com1")
    assert not re.search(BANNER, com1), com1
    assert STOPPED not in com1, com1


def test_without_a_framebuffer_com1_says_why(warden_iso, boot):
    # No display adapter: GRUB finds no video mode and passes none.
    m = boot(warden_iso(hv_options="console=efifb"), memory="256M", cpus=1,
             extra_args=("-vga", "none"))
    m.wait_for(r"^ERROR: console=efifb: the boot loader passed no "
               r"framebuffer; printing on COM1 instead$", timeout=60)
    m.wait_for(rf"^{BANNER}$")
    m.wait_for(rf"^{re.escape(STOPPED)}$", timeout=90)


DEBUG_CONSOLE = 44  # in the system configuration header (ABI spec 2.3)
OVMF_FB = 0xC0000000  # where OVMF puts the display's framebuffer (2 GiB)


def efifb_system_config(address):
    """The linked-in system configuration with an EFIFB debug console."""
    data = bytearray((ROOT / "build" / "cells" / "qemu-x86.cell").read_bytes())
    struct.pack_into("<QIHHIIQ", data, DEBUG_CONSOLE, address,
                     1280 * 800 * 4, 0x0001, 0x0001, 0, 0, 0)
    return bytes(data)


def test_system_config_efifb_console(warden_iso, boot, tmp_path, font):
    iso = warden_iso(modules=[("system-config", efifb_system_config(OVMF_FB))])
    m = boot(iso, firmware="ovmf", memory="2048M")
    rows = wait_for_screen(m, tmp_path, re.escape(STOPPED), font)
    screen = "\n".join(rows)
    moved = (r"^Debug console: moving to the EFI framebuffer at 0xc0000000, "
             r"1280x800 \(per system configuration\)$")
    assert re.search(moved, screen, re.M), screen
    assert NO_LINUX in screen, screen
    # COM1 carried the report up to the switch, nothing after it.
    com1 = m.log("com1")
    assert re.search(rf"^{BANNER}$", com1, re.M), com1
    assert re.search(moved, com1, re.M), com1
    assert STOPPED not in com1, com1


def test_system_config_efifb_at_another_address_stays_on_com1(warden_iso,
                                                              boot):
    iso = warden_iso(modules=[("system-config",
                               efifb_system_config(0xD0000000))])
    m = boot(iso, firmware="ovmf", memory="2048M")
    m.wait_for(r"^ERROR: system configuration's EFI framebuffer console is "
               r"at 0xd0000000, but the boot loader's framebuffer is at "
               r"0x[0-9a-f]+; the console stays where it is$", timeout=120)
    m.wait_for(rf"^{re.escape(STOPPED)}$", timeout=90)
