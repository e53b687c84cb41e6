"""UEFI end to end (QEMU TCG, OVMF, 2 GiB, 4 CPUs): GRUB-EFI and our own
loader warden.efi (from `make esp`'s disk image, no GRUB) each boot Warden, the stock kernel comes up as the root
cell on the firmware's framebuffer, and demo cells run beside it as on
the BIOS path. The machine is cells/qemu-x86-efi.c's (the OVMF variant of
the QEMU platform), passed to the hypervisor as a system-config module.
"""
import re

import pytest

import machine
import screen
from test_efi_loader import check_loader_report
from test_rootcell import SHELL_UP

BUILD = machine.BUILD
EFI_CELL = BUILD / "cells" / "qemu-x86-efi.cell"
# tty0 first: the last console= is /dev/console, the shell's (ttyS2).
CMDLINE = "console=tty0 console=ttyS2,115200"
CELLS = "/etc/jailhouse"


def grub_efi_image(kernel, initrd, hv_image):
    cfg = machine.grub_config([("Warden on UEFI", [
        "multiboot2 /boot/warden.bin",
        "module2 --nounzip /boot/qemu-x86-efi.cell system-config",
        f"module2 --nounzip /boot/vmlinuz linux {CMDLINE}",
        "module2 --nounzip /boot/initrd.img initrd",
        "boot",
    ])], timeout=0)
    return machine.build_iso(None, cfg, {
        "boot/warden.bin": hv_image, "boot/qemu-x86-efi.cell": EFI_CELL,
        "boot/vmlinuz": kernel, "boot/initrd.img": initrd})


def warden_efi_image():
    """`make esp`'s image: warden.efi as the default boot file, the
    hypervisor, the OVMF system configuration, kernel and initramfs."""
    image = BUILD / "warden-esp.img"
    if not image.exists():
        pytest.fail(f"{image} is missing: run 'make esp'")
    return image


def sh(m, cmd, timeout=60):
    out, status = m.run(cmd, timeout=timeout)
    assert status == 0, f"{cmd}: {out}"
    return out.strip()


def start_cell(m, config, name, image):
    since = len(m.log("com1"))
    sh(m, f"jailhouse cell create {CELLS}/{config} && "
          f"jailhouse cell load {name} /inmates/{image} && "
          f"jailhouse cell start {name}")
    return since


def check_boot_report(m, loader, kernel, initrd):
    log = m.log()
    if loader == "warden.efi":
        check_loader_report(m, [("linux", kernel, f"linux {CMDLINE}"),
                                ("initrd", initrd, "initrd"),
                                ("system-config", EFI_CELL, "system-config")])
    if loader == "grub-efi":
        assert re.search(r"^Boot loader: GRUB ", log, re.M), log
        assert re.search(r"^Left UEFI boot services \(attempt \d+\)", log,
                         re.M), log
    assert re.search(r"^System configuration: system-config module", log,
                     re.M), log
    fb = re.search(r"^Framebuffer: (0x[0-9a-f]+) (\d+)x(\d+), 32 bpp", log,
                   re.M)
    assert fb, log
    assert re.search(rf"^Root cell: EFI framebuffer {fb[2]}x{fb[3]}, 32 bpp "
                     rf"at {fb[1]}$", log, re.M), log
    rsdp = re.search(r"^Root cell: ACPI RSDP copy at (0x[0-9a-f]+)$", log,
                     re.M)
    assert rsdp, log
    return int(fb[2]), int(fb[3]), int(rsdp[1], 16)


def check_root_linux(m, rsdp):
    out = sh(m, "nproc; cat /sys/class/graphics/fb0/name; "
                "ls -d /sys/firmware/efi 2>&1; dmesg | grep 'ACPI: RSDP'")
    lines = out.splitlines()
    assert lines[0] == "4", out
    # The firmware's framebuffer, described by screen_info, drives fb0.
    assert lines[1] == "EFI VGA", out
    # No EFI system table or runtime services are offered to the root.
    assert "No such file" in lines[2], out
    # ACPI through the RSDP copy the launcher handed over.
    assert re.search(rf"ACPI: RSDP 0x0*{rsdp:X} ", out), out


def check_demo_cells(m):
    since = start_cell(m, "apic-demo.cell", "apic-demo", "apic-demo.bin")
    m.wait_for(r"apic-demo: tick 3,", since=since, timeout=60)
    out, status = m.run("jailhouse cell destroy apic-demo")
    assert status != 0 and "Operation not permitted" in out, out
    sh(m, "jailhouse cell destroy apic-demo")
    m.wait_for(r"apic-demo: second shutdown request: stopping", since=since,
               timeout=10)

    since = start_cell(m, "tiny-demo.cell", "tiny-demo", "tiny-demo.bin")
    m.wait_for(r"tiny-demo: timestamp 2: PM timer", since=since, timeout=60)
    sh(m, "jailhouse cell destroy tiny-demo")
    assert sh(m, "ls /sys/devices/jailhouse/cells").split() == ["0"]
    assert sh(m, "cat /sys/devices/system/cpu/cpu2/online "
                 "/sys/devices/system/cpu/cpu3/online").split() == ["1", "1"]


def check_screen(m, path, width, height):
    """The root Linux's console text is on the display (fbcon on fb0)."""
    sh(m, "echo warden-screen-check > /dev/tty0")
    png = m.screendump(path)
    assert screen.size(png) == (width, height)
    rows = screen.text_rows(png)
    # A screen of kernel messages: most 16-pixel rows hold text...
    assert rows >= height // 16 // 2, f"only {rows} text rows on {path}"
    # ...and the line just written to the console is legible.
    text = screen.screen_text(png, screen.font())
    assert "warden-screen-check" in text, "\n".join(text)


@pytest.mark.parametrize("loader", ["grub-efi", "warden.efi"])
def test_uefi_root_linux_and_cells(loader, boot, kernel, initrd, hv_image,
                                   tmp_path):
    if loader == "grub-efi":
        image = grub_efi_image(kernel, initrd, hv_image)
    else:
        image = warden_efi_image()
    m = boot(image, firmware="ovmf", memory="2G", cpus=4)
    m.wait_for(SHELL_UP + r".*jailhouse driver loaded", port="com3",
               timeout=400)
    width, height, rsdp = check_boot_report(m, loader, kernel, initrd)
    check_root_linux(m, rsdp)
    check_screen(m, tmp_path / "screen.png", width, height)
    m.run("dmesg -n 1")
    check_demo_cells(m)
