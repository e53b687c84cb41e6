"""Non-root cells created from boot modules (before Linux), under SVM.

The same create/load/start path serves the Jailhouse hypercalls; this test
reaches it without the root's driver.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402

BUILD = ROOT / "build"
CELL_RAM = 0x3EE00000  # tiny-demo's RAM (guest 0)


def test_boot_module_cell_runs_its_inmate_isolated_from_the_root(
        hv_image, kernel, initrd, tmp_path):
    # CPU 2 goes to the cell: Linux starts only CPUs 0 and 1 (maxcpus=2),
    # iomem=relaxed lets a root program really try to read the cell's RAM.
    cfg = machine.grub_config([("cells", [
        "multiboot2 /boot/warden.bin",
        "module2 --nounzip /boot/vmlinuz linux console=ttyS2,115200 "
        "maxcpus=2 iomem=relaxed",
        "module2 --nounzip /boot/initrd.img initrd",
        "module2 --nounzip /boot/tiny-demo.cell cell",
        "module2 --nounzip /boot/hello.bin inmate",
        "boot"])], timeout=0)
    iso = machine.build_iso(None, cfg, {
        "boot/warden.bin": hv_image, "boot/vmlinuz": kernel,
        "boot/initrd.img": initrd,
        "boot/tiny-demo.cell": BUILD / "cells" / "tiny-demo.cell",
        "boot/hello.bin": BUILD / "inmates" / "hello.bin"})
    with machine.Machine(iso, workdir=tmp_path, name="cells") as m:
        m.wait_for(r"^Created cell 'tiny-demo' \(ID 1\)", timeout=90)
        m.wait_for(r"^Started cell 'tiny-demo'$")
        # The inmate found its communication region and printed.
        m.wait_for(r"hello-inmate: running in a Warden cell")
        m.wait_for(r"^warden-initramfs: up, 2 CPUs", port="com3", timeout=240)
        m.run("dmesg -n 1")
        out, _ = m.run(f"dd if=/dev/mem bs=4096 skip={CELL_RAM >> 12} count=2 "
                       "2>/dev/null | tr -d '\\377' | wc -c")
        assert out.strip() == "0", out
        m.wait_for(r"^root cell: 0x3ee00000 is not the root's; reads as "
                   r"absent hardware", port="com1")
        out, status = m.run("echo root-still-fine")
        assert out.strip() == "root-still-fine"
        log = m.log("com1")
        assert "hypervisor exception" not in log
        assert "stopped (cell" not in log
