"""Boot Warden with its own UEFI loader, warden.efi, from an ESP disk image.

Each test builds a raw FAT image with scripts/mkesp in the test's tmp_path
(deleted again at the end), boots it on OVMF and reads COM1, where OVMF
mirrors the firmware console (so warden.efi's messages) and the hypervisor
writes its log. The failure cases check that warden.efi names the problem
and returns to the firmware, whose boot manager then reports the failed
boot option and moves on to the next one, while the hypervisor never runs.
"""
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
MKESP = ROOT / "scripts" / "mkesp"

BANNER = r"^Warden \d+\.\d+ \(\S+\)$"
# OVMF's boot manager after a boot option returned an error...
BDS_FAILED = r"BdsDxe: failed to start Boot[0-9A-F]{4} .*"
# ...and then its next boot option (on QEMU's q35: PXE over the e1000e).
BDS_NEXT = r"BdsDxe: (loading|failed to load) Boot[0-9A-F]{4}|iPXE|Start PXE"
GIVE_UP = r"warden\.efi: boot failed; returning to the firmware"
ROOT_CMDLINE = "console=ttyS2,115200"


@pytest.fixture(scope="session")
def warden_efi():
    path = BUILD / "warden.efi"
    if not path.exists():
        pytest.fail(f"{path} is missing: run 'make all'")
    return path


@pytest.fixture
def esp(tmp_path, warden_efi, hv_image):
    """Build an ESP image from @cfg (text) and @files {dest: host path}.

    The hypervisor goes in as /EFI/warden/warden.bin unless @with_hv is
    false. Images and scratch files are deleted when the test ends (after
    the machine is gone: this fixture is set up before `boot`)."""
    made = []

    def make(cfg, files=None, with_hv=True, name="esp"):
        cfg_path = tmp_path / f"{name}.cfg"
        cfg_path.write_text(cfg)
        img = tmp_path / f"{name}.img"
        args = [str(MKESP), "--out", str(img), "--cfg", str(cfg_path),
                "--efi", str(warden_efi)]
        all_files = dict(files or {})
        if with_hv:
            all_files["/EFI/warden/warden.bin"] = hv_image
        for dest, src in all_files.items():
            args += ["--file", f"{dest}={src}"]
        made.extend([cfg_path, img])
        proc = subprocess.run(args, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return img

    make.scratch = made  # tests add their own scratch files
    yield make
    for path in made:
        pathlib.Path(path).unlink(missing_ok=True)


def std_cfg(extra=""):
    return ("# test configuration\n"
            "options console=com1\n"
            f"kernel /EFI/warden/vmlinuz {ROOT_CMDLINE}\n"
            "initrd /EFI/warden/initrd.img\n" + extra)


def assert_back_in_firmware(m, message):
    """@message (regex) on COM1, then the firmware going on without Warden."""
    m.wait_for(message, timeout=180)
    m.wait_for(GIVE_UP, timeout=30)
    failed = m.wait_for(BDS_FAILED, timeout=60)
    m.wait_for(BDS_NEXT, timeout=120, since=failed.end())
    log = m.log()
    assert not re.search(BANNER, log, re.M), log
    assert "starting the hypervisor" not in log, log


def check_loader_report(m, mods, options="console=com1"):
    """warden.efi's progress and the hypervisor's report of what it got:
    @mods is a list of (role, host path, module string), in order."""
    m.wait_for(r"^ACPI RSDP:", timeout=60)
    log = m.log()
    assert re.search(r"^warden\.efi: kernel \\EFI\\warden\\vmlinuz: .* at 0x",
                     log, re.M), log
    assert re.search(r"^warden\.efi: starting the hypervisor", log, re.M), log
    assert re.search(BANNER, log, re.M), log
    assert re.search(r"^UEFI boot services: left by the loader$", log, re.M), log
    assert not re.search(r"^Left UEFI boot services", log, re.M), log
    assert re.search(r"^Boot loader: warden\.efi \d+\.\d+$", log, re.M), log
    assert re.search(rf"^Command line: '{options}'$", log, re.M), log
    assert re.search(r"^Memory map \(\d+ ranges\):$", log, re.M), log
    assert re.search(r"^RAM: \d+ KiB$", log, re.M), log
    assert re.search(rf"^Modules: {len(mods)}$", log, re.M), log
    for i, (role, path, string) in enumerate(mods):
        line = (rf"^  module {i}: role {role}, 0x[0-9a-f]+-0x[0-9a-f]+, "
                rf"{path.stat().st_size} bytes, '{re.escape(string)}'$")
        assert re.search(line, log, re.M), f"no line like {line!r}\n{log}"
    assert re.search(r"^ACPI RSDP: revision 2 \(36 bytes\)$", log, re.M), log
    assert re.search(r"^Framebuffer: 0x[0-9a-f]+ \d+x\d+, 32 bpp, pitch \d+$",
                     log, re.M), log
    assert re.search(r"^UEFI: system table 0x[0-9a-f]+, image handle "
                     r"0x[0-9a-f]+$", log, re.M), log


# The happy path (the root Linux and cells after warden.efi) is in
# test_uefi.py, which uses check_loader_report().


def test_missing_kernel(esp, boot, initrd):
    img = esp(std_cfg(), {"/EFI/warden/initrd.img": initrd})
    m = boot(img, firmware="ovmf", memory="1G", cpus=2)
    assert_back_in_firmware(
        m, r"^warden\.efi: kernel \\EFI\\warden\\vmlinuz: file not found$")


def test_corrupt_config_line(esp, boot):
    cfg = ("options console=com1\n"
           "\n"
           "kernal /EFI/warden/vmlinuz console=ttyS2\n")
    img = esp(cfg)
    m = boot(img, firmware="ovmf", memory="1G", cpus=2)
    assert_back_in_firmware(
        m, r"^warden\.efi: configuration \\EFI\\warden\\warden\.cfg: "
           r"line 3: unknown key 'kernal'")


def test_initrd_too_large(esp, boot, kernel, tmp_path):
    """600 MiB of initrd on a 512 MiB machine: refused before any reading,
    with the file's name and size."""
    big = tmp_path / "big-initrd"
    esp.scratch.append(big)
    with open(big, "wb") as f:
        f.truncate(600 * 1024 * 1024)  # sparse; mcopy writes it out
    img = esp(std_cfg(), {"/EFI/warden/vmlinuz": kernel,
                          "/EFI/warden/initrd.img": big})
    big.unlink()
    m = boot(img, firmware="ovmf", memory="512M", cpus=2)
    assert_back_in_firmware(
        m, r"^warden\.efi: initrd \\EFI\\warden\\initrd\.img: 600 MiB "
           r"\(629145600 bytes\) does not fit in free memory below 4 GiB$")
