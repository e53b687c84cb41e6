"""Boot the hypervisor skeleton from GRUB and check what it reports."""
import re

import pytest

from machine import MachineError

BANNER = r"^Warden \d+\.\d+ \((\S+)\)$"
DONE = r"^Warden: configuration checked"
RAM_RE = r"^RAM: (\d+) KiB$"

# Small stand-ins for real modules; sizes are what the report must show.
CELL_BYTES = bytes(range(256)) * 17  # 4352 bytes, not a page multiple


def ram_kib(m):
    return int(m.wait_for(RAM_RE).group(1))


@pytest.mark.parametrize("firmware,memory_mib", [("bios", 3072), ("ovmf", 2048)])
def test_banner_memory_map_and_modules(warden_iso, boot, kernel, initrd,
                                       firmware, memory_mib):
    iso = warden_iso(modules=[
        ("linux console=ttyS2 quiet", kernel),
        ("initrd", initrd),
        ("cell", CELL_BYTES),
    ])
    m = boot(iso, firmware=firmware, memory=f"{memory_mib}M")
    m.wait_for(DONE, timeout=90)
    log = m.log()

    assert re.search(BANNER, log, re.M), log
    assert re.search(r"^Boot loader: GRUB 2\.", log, re.M), log
    if firmware == "ovmf":
        assert re.search(r"^Left UEFI boot services", log, re.M), log
        assert re.search(r"^UEFI: system table 0x[0-9a-f]+", log, re.M), log

    # Total RAM matches -m, less what firmware keeps (at most 16 MiB here;
    # SeaBIOS keeps about 1 MiB, OVMF several).
    total = ram_kib(m)
    assert memory_mib * 1024 - 16 * 1024 < total <= memory_mib * 1024, log
    if memory_mib > 2048:
        # q35 puts RAM beyond 2 GiB above 4 GiB: that range must be listed.
        assert re.search(r"^  \[0x00000001000000\d\d-0x[0-9a-f]+\] RAM$", log, re.M), log

    assert re.search(r"^Modules: 3$", log, re.M), log
    expected = [("linux", kernel.stat().st_size, "linux console=ttyS2 quiet"),
                ("initrd", initrd.stat().st_size, "initrd"),
                ("cell", len(CELL_BYTES), "cell")]
    for i, (role, size, string) in enumerate(expected):
        line = (rf"^  module {i}: role {role}, 0x[0-9a-f]+-0x[0-9a-f]+, "
                rf"{size} bytes, '{re.escape(string)}'$")
        assert re.search(line, log, re.M), f"no line like {line!r}\n{log}"
    assert re.search(r"^ACPI RSDP: revision \d+ \(\d+ bytes\)$", log, re.M), log


@pytest.mark.parametrize("trap,vector,name", [
    ("ud", 6, "invalid opcode"),
    ("pf", 14, "page fault"),
])
def test_exception_handler_reports_and_halts(warden_iso, boot, trap, vector, name):
    m = boot(warden_iso(hv_options=f"debug-trap={trap}"), memory="256M", cpus=1)
    m.wait_for(rf"^FATAL: hypervisor exception {vector} \({name}\)", timeout=60)
    m.wait_for(r"^CPU halted\.$")
    log = m.log()
    for reg in ("RIP", "RSP", "CR2", "CR3", "RAX", "R15"):
        assert re.search(rf"{reg}: *[0-9a-f]{{4}}", log), f"{reg} missing\n{log}"
    # The faulting code is the hypervisor's, at its high virtual address.
    assert re.search(r"^RIP: 0008:ffffffffc0[0-9a-f]{6} ", log, re.M), log
    if trap == "pf":
        assert "CR2: ffff800000000000" in log, log
    # Halted cleanly: still running (no triple fault, no reset), nothing after.
    assert m.proc.poll() is None
    assert log.rstrip().endswith("CPU halted.")


def test_console_option_selects_uart(warden_iso, boot):
    m = boot(warden_iso(hv_options="console=com2"))
    m.wait_for(DONE, port="com2", timeout=60)
    assert re.search(BANNER, m.log("com2"), re.M)
    assert not re.search(BANNER, m.log("com1"), re.M), m.log("com1")


def test_bad_option_is_named(warden_iso, boot):
    m = boot(warden_iso(hv_options="console=com2 debug-trap=nope"),
             memory="256M", cpus=1)
    # A bad command line falls back to the default console (COM1) to say so.
    m.wait_for(r"^FATAL: bad hypervisor command line: option debug-trap=nope: "
               r"expected ud, pf, de or gp", timeout=60)
    m.wait_for(r"^Warden stopped\.")


def test_odd_module_strings_are_reported_not_fatal(warden_iso, boot):
    modules = [
        ("", b"no role at all\n"),
        ("bogus-role with args", b"x" * 100),
        ("linux " + "a=b " * 40, b"k" * 4096),
        ("   initrd   spaced", b"i" * 10),
    ]
    m = boot(warden_iso(modules=modules))
    m.wait_for(DONE, timeout=60)
    log = m.log()
    assert re.search(r"^  WARNING: module 0 has no role word", log, re.M), log
    assert re.search(r"^  WARNING: module 1 has an unknown role word", log, re.M), log
    assert re.search(r"^  module 2: role linux, .* 4096 bytes", log, re.M), log
    assert re.search(r"^  module 3: role initrd, .* 10 bytes", log, re.M), log
    assert "hypervisor exception" not in log


def test_overlong_module_string_is_rejected_cleanly(warden_iso, boot):
    modules = [("linux " + "x" * 400, b"k" * 64)]
    m = boot(warden_iso(modules=modules), memory="256M", cpus=1)
    m.wait_for(r"^FATAL: bad boot information: .*module string is 406 bytes "
               r"long; the limit is 255", timeout=60)
    m.wait_for(r"^Warden stopped\.")
    assert "hypervisor exception" not in m.log()
    assert m.proc.poll() is None
