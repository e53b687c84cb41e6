"""The root cell's Jailhouse driver (rootcell/driver, jailhouse.ko) under Warden.

One machine is booted for the module; the tests run in order on it: the
module loads, /dev/jailhouse and the sysfs tree look like upstream's
(ABI spec 4.6), the console reads, hostile ioctls get errnos (never an
oops), ENABLE compares configurations, DISABLE refuses, a cell goes through
its life cycle, and the module unloads and loads again.
"""
import hashlib
import itertools
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402

BUILD = ROOT / "build"
DRIVER = BUILD / "driver" / "jailhouse.ko"
FUZZ = BUILD / "driver" / "ioctl-fuzz"
SYSCONFIG = BUILD / "cells" / "qemu-x86.cell"
DEMO_CELL = BUILD / "cells" / "tiny-demo.cell"
DEMO_INMATE = BUILD / "inmates" / "hello.bin"
HELLO = "hello-inmate: running in a Warden cell"

CMDLINE = "console=ttyS2,115200"
SHELL_UP = r"^warden-initramfs: up, (\d+) CPUs"
SYSFS = "/sys/devices/jailhouse"
COUNTERS = ["vmexits_total", "vmexits_mmio", "vmexits_management",
            "vmexits_hypercall", "vmexits_pio", "vmexits_xapic", "vmexits_cr",
            "vmexits_cpuid", "vmexits_xsetbv", "vmexits_exception",
            "vmexits_msr_other", "vmexits_msr_x2apic_icr"]
CHANGED_OFFSET = 1000  # a byte inside the root cell's memory regions
TSC_KHZ = 320  # tsc_khz, apic_khz: bytes 320..327, filled in at start-up

# What every malformed call of ioctl-fuzz must get (ABI spec 4.4 and
# rootcell/driver/README.md).
EXPECTED = {
    "bad-request": "EINVAL",
    "bad-request-nr6": "EINVAL",
    "bad-request-size": "EINVAL",
    "bad-request-type": "EINVAL",
    "enable-null": "EFAULT",
    "enable-unmapped": "EFAULT",
    "enable-garbage": "EINVAL",
    "enable-truncated-header": "EFAULT",
    "enable-truncated-body": "EFAULT",
    "enable-huge": "E2BIG",
    "enable-revision-13": "EINVAL",
    "enable-arm64": "EINVAL",
    "enable-other-config": "EBUSY",
    "create-null": "EFAULT",
    "create-unmapped-arg": "EFAULT",
    "create-truncated-arg": "EFAULT",
    "create-size-0": "EINVAL",
    "create-size-131": "EINVAL",
    "create-size-huge": "E2BIG",
    "create-size-64k+1": "E2BIG",
    "create-bad-pointer": "EFAULT",
    "create-kernel-pointer": "EFAULT",
    "create-beyond-buffer": "EFAULT",
    "create-garbage": "EINVAL",
    "create-counts-beyond-size": "EINVAL",
    "create-counts-overflow": "EINVAL",
    "create-arm64": "EINVAL",
    "create-old-signature": "EINVAL",
    "create-root-name": "EEXIST",
    "create-cpu0": "EINVAL",
    "create-foreign-cpu": "EBUSY",
    "create-cpu-32767": "EBUSY",
    "load-null": "EFAULT",
    "load-too-many-images": "E2BIG",
    "load-257-images": "E2BIG",
    "load-images-unmapped": "EFAULT",
    "load-unknown-id": "ENOENT",
    "load-root": "EINVAL",
    "load-name-without-nul": "ENOENT",
    "start-null": "EFAULT",
    "start-unmapped": "EFAULT",
    "start-truncated-arg": "EFAULT",
    "start-unknown-id": "ENOENT",
    "start-negative-id": "ENOENT",
    "start-int-min-id": "ENOENT",
    "start-root": "EINVAL",
    "start-name-without-nul": "ENOENT",
    "start-empty-name": "ENOENT",
    "destroy-null": "EFAULT",
    "destroy-unknown-name": "ENOENT",
    "destroy-unknown-id": "ENOENT",
    "destroy-root-by-name": "EINVAL",
    "destroy-root-by-id": "EINVAL",
    "disable": "EBUSY",
    "read-null-buffer": "EFAULT",
    "read-unmapped-buffer": "EFAULT",
    "read-zero": "OK",
}

SH_LINES = 4  # lines per piece of command output fetched by sh()
KERNEL_TROUBLE = r"Oops|BUG:|WARNING:|Call Trace|general protection|Kernel panic"


def _require(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run 'make all' (and 'make deps')")
    return path


def _changed(data, offset, value):
    data = bytearray(data)
    data[offset] ^= value
    return bytes(data)


@pytest.fixture(scope="module")
def driver_initrd(tmp_path_factory):
    """The test initramfs plus the module, ioctl-fuzz and configurations."""
    extra = tmp_path_factory.mktemp("driver-extra")
    (extra / "jailhouse.ko").write_bytes(_require(DRIVER).read_bytes())
    (extra / "ioctl-fuzz").write_bytes(_require(FUZZ).read_bytes())
    (extra / "ioctl-fuzz").chmod(0o755)
    cells = extra / "cells"
    cells.mkdir()
    sysconfig = _require(SYSCONFIG).read_bytes()
    (cells / "qemu-x86.cell").write_bytes(sysconfig)
    (cells / "qemu-x86-changed.cell").write_bytes(
        _changed(sysconfig, CHANGED_OFFSET, 0x01))
    # Another TSC and APIC clock: the hypervisor fills these in itself.
    tsc = bytearray(sysconfig)
    tsc[TSC_KHZ:TSC_KHZ + 8] = bytes([0x11] * 8)
    (cells / "qemu-x86-tsc.cell").write_bytes(bytes(tsc))
    (cells / "qemu-x86-short.cell").write_bytes(sysconfig[:-1])
    if DEMO_CELL.exists() and DEMO_INMATE.exists():
        (cells / "tiny-demo.cell").write_bytes(DEMO_CELL.read_bytes())
        (extra / "hello.bin").write_bytes(DEMO_INMATE.read_bytes())
    out = tmp_path_factory.mktemp("driver-initrd") / "initrd.cpio.gz"
    subprocess.run([str(ROOT / "scripts" / "mkinitramfs"), str(out)],
                   env={**os.environ, "EXTRA_DIR": str(extra)},
                   check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def root(kernel, hv_image, driver_initrd, tmp_path_factory):
    cfg = machine.grub_config([("Warden driver test", [
        "multiboot2 /boot/warden.bin",
        f"module2 --nounzip /boot/vmlinuz linux {CMDLINE}",
        "module2 --nounzip /boot/initrd.img initrd",
        "boot",
    ])], timeout=0)
    iso = machine.build_iso(None, cfg, {"boot/warden.bin": hv_image,
                                        "boot/vmlinuz": kernel,
                                        "boot/initrd.img": driver_initrd})
    m = machine.Machine(iso, cpus=4, memory="1G", name="driver",
                        workdir=tmp_path_factory.mktemp("driver"))
    m.start()
    try:
        m.wait_for(SHELL_UP, port="com3", timeout=240)
        # Kernel messages would interleave with command output.
        run(m, "dmesg -n 1")
        yield m
    finally:
        m.kill()


def _tolerant(text):
    """A regex for @text in which any character may appear repeatedly."""
    return "".join(re.escape(c) + "+" for c in text)


def run(m, command, timeout=60):
    """Run @command in the root shell on COM3; return what it printed.

    Like Machine.run, but the end marker is found even when a character of
    it arrives twice (the serial logs do that now and then, with and
    without Warden). The output itself may still carry such a duplicate:
    sh() below takes care of that.
    """
    if not hasattr(m, "driver_markers"):
        m.driver_markers = itertools.count(1)
    # Digits apart, so that a doubled digit cannot make another number.
    n = "-".join(str(next(m.driver_markers)))
    begin, end = f"@S{n}@", f"@E{n}@"
    # The end line carries 2, which the echoed command line does not.
    m.send("com3", f"echo {begin}; {command}; echo {end} $((1+1))\n")
    match = m.wait_for(rf"^{_tolerant(begin)}\n(.*?)^{_tolerant(end + ' 2')}$",
                       "com3", timeout, re.MULTILINE | re.DOTALL)
    return match.group(1)


def _fetch(root, command):
    """@command's output, sent again until it arrives with matching MD5."""
    for _ in range(10):
        out = run(root, f"({command}); echo; ({command}) | md5sum")
        body, md5 = out.rsplit("\n", 2)[:2]
        if hashlib.md5(body.encode()).hexdigest() == md5.split()[0]:
            return body
    raise AssertionError(f"output of {command!r} never arrived intact: {out}")


def sh(root, command, timeout=60):
    """Machine.run, but the output arrives intact or not at all.

    The serial logs hold a character twice now and then (with and without
    Warden; at times several per kilobyte). The command runs once with its
    output in a file, which is then fetched a few lines at a time, each
    piece checked against its MD5 sum and sent again if it differs.
    """
    run(root, f"({command}) > /tmp/sh.out 2>&1; echo $? > /tmp/sh.status",
        timeout=timeout)
    head = _fetch(root, "wc -l < /tmp/sh.out; cat /tmp/sh.status")
    lines, status = (int(v) for v in head.split())
    body = ""
    for first in range(1, lines + 2, SH_LINES):
        body += _fetch(root, f"sed -n '{first},{first + SH_LINES - 1}p' "
                       "/tmp/sh.out")
    return body, status


def read(root, path):
    out, status = sh(root, f"cat {path}")
    assert status == 0, f"{path}: {out}"
    return out


def dmesg(root):
    """The kernel messages that matter here (all of them is a lot of text)."""
    return sh(root, f"dmesg | grep -E 'jailhouse|{KERNEL_TROUBLE}'")[0]


def fuzz(root, *args):
    out, status = sh(root, " ".join(["/ioctl-fuzz", *args]), timeout=120)
    assert status == 0, out
    return dict(re.findall(r"^([\w+-]+): (\w+)$", out, re.M))


def mostly_in(text, log):
    """Most whole lines of @text (first and last may be cut) are in @log."""
    lines = [l for l in text.splitlines()[1:-1] if l.strip()]
    assert len(lines) >= 5, text
    found = sum(1 for l in lines if l in log)
    assert found >= 0.9 * len(lines), f"{found} of {len(lines)}:\n{text}"


def test_module_loads_and_finds_warden(root):
    out, status = sh(root, "insmod /jailhouse.ko")
    assert status == 0, out
    out, _ = sh(root, "grep -c '^jailhouse ' /proc/modules; "
                "[ -c /dev/jailhouse ] && echo chardev; "
                "grep -w jailhouse /proc/misc")
    assert out.split()[:2] == ["1", "chardev"], out
    assert re.search(r"jailhouse: Warden hypervisor found \(VMM?CALL\); root "
                     r'cell "QEMU-VM" on CPUs 0-3', dmesg(root))


def test_sysfs_root_attributes(root):
    assert read(root, f"{SYSFS}/enabled") == "1\n"
    size = int(read(root, f"{SYSFS}/mem_pool_size"))
    used = int(read(root, f"{SYSFS}/mem_pool_used"))
    assert size > 0 and 0 < used <= size, (size, used)
    remap_size = int(read(root, f"{SYSFS}/remap_pool_size"))
    remap_used = int(read(root, f"{SYSFS}/remap_pool_used"))
    assert 0 <= remap_used <= remap_size
    out, _ = sh(root, f"ls {SYSFS}/cells")
    assert out.split() == ["0"], out


def test_root_cell_in_sysfs(root):
    cell = f"{SYSFS}/cells/0"
    assert read(root, f"{cell}/name") == "QEMU-VM\n"
    assert read(root, f"{cell}/state") == "running\n"
    assert read(root, f"{cell}/cpus_assigned_list") == "0-3\n"
    assert read(root, f"{cell}/cpus_assigned") == "f\n"
    assert read(root, f"{cell}/cpus_failed") == "0\n"
    assert read(root, f"{cell}/cpus_failed_list") == "\n"


def test_statistics(root):
    stats = f"{SYSFS}/cells/0/statistics"
    out, _ = sh(root, f"ls {stats}")
    assert sorted(out.split()) == sorted(
        COUNTERS + ["cpu0", "cpu1", "cpu2", "cpu3"]), out
    out, status = sh(root, f"cd {stats} && for f in {' '.join(COUNTERS)}; "
                     "do echo $f $(cat $f) $(cat cpu*/$f); done")
    assert status == 0, out
    values = {line.split()[0]: [int(v) for v in line.split()[1:]]
              for line in out.splitlines()}
    assert sorted(values) == sorted(COUNTERS), out
    for name, (total, *per_cpu) in values.items():
        assert len(per_cpu) == 4, out
        assert total >= 0 and min(per_cpu) >= 0, out
    total, *per_cpu = values["vmexits_total"]
    assert total > 0 and all(v > 0 for v in per_cpu), out
    # Counts only grow while they are read one after the other.
    assert total <= sum(per_cpu), out
    # Reading sysfs is hypercalls, which are counted.
    assert values["vmexits_hypercall"][0] > 0, out


def test_console_in_sysfs(root):
    out, status = sh(root, f"wc -c < {SYSFS}/console; cat {SYSFS}/console")
    assert status == 0
    length, text = out.split("\n", 1)
    assert 0 < int(length) <= 2048, out
    assert "Warden" in text, text
    # The ring is what the hypervisor printed on COM1, its last part.
    mostly_in(text, root.log("com1"))


def test_console_device_blocking_read(root):
    out, status = sh(root, "timeout 2 cat /dev/jailhouse > /tmp/console; "
                     "echo status=$?; cat /tmp/console")
    # timeout kills the blocking cat (busybox: SIGTERM, status 143).
    match = re.search(r"^status=(124|143)\n", out, re.M)
    assert match, out
    text = out[match.end():]
    first = text.splitlines()[0]
    if first.startswith("<missed"):
        assert re.fullmatch(r"<missed \d+ bytes of console log>", first), first
        text = text.split("\n", 1)[1]
    assert len(text) >= 1000, text
    mostly_in(text, root.log("com1"))


def test_console_device_nonblocking_read_ends(root):
    out, status = sh(root, "/ioctl-fuzz console | wc -c; "
                     "/ioctl-fuzz console | head -1", timeout=30)
    assert status == 0, out
    count, first = out.splitlines()[:2]
    assert 1000 <= int(count) <= 2048 + 64, out
    assert first.startswith("<missed") or first, out


def test_hostile_ioctls_get_errnos_not_oopses(root):
    results = fuzz(root)
    wrong = {case: (got, EXPECTED.get(case))
             for case, got in results.items() if EXPECTED.get(case) != got}
    assert not wrong, f"unexpected results {wrong}\nall: {results}"
    assert sorted(results) == sorted(EXPECTED), results
    log = dmesg(root)
    assert not re.search(KERNEL_TROUBLE, log), log
    assert "Warden stays active: it started before Linux" in log
    # Still alive and well.
    assert read(root, f"{SYSFS}/cells/0/cpus_assigned_list") == "0-3\n"
    out, _ = sh(root, "cat /sys/devices/system/cpu/online")
    assert out == "0-3\n"


def test_enable_with_the_running_configuration_succeeds(root):
    assert fuzz(root, "enable", "/cells/qemu-x86.cell") == {"enable": "OK"}
    assert "The Jailhouse is opening." in dmesg(root)
    # tsc_khz and apic_khz are not compared.
    assert fuzz(root, "enable", "/cells/qemu-x86-tsc.cell") == {
        "enable": "OK"}


def test_enable_with_another_configuration_is_busy(root):
    assert fuzz(root, "enable", "/cells/qemu-x86-changed.cell") == {
        "enable": "EBUSY"}
    assert re.search(rf"jailhouse: ENABLE: the system configuration differs "
                     rf"from the one Warden was booted with, first at byte "
                     rf"{CHANGED_OFFSET} ", dmesg(root))
    # One byte short: the header's counts describe more than the file has.
    assert fuzz(root, "enable", "/cells/qemu-x86-short.cell") == {
        "enable": "EFAULT"}


def _demo_available(root):
    out, _ = sh(root, "ls /cells/tiny-demo.cell /hello.bin")
    if "No such file" in out:
        pytest.skip("tiny-demo.cell or hello.bin not built")


def test_cell_life_cycle(root):
    """tiny-demo (CPU 2): create, load, start, destroy through the driver.

    Creation depends on the hypervisor's CELL_CREATE; if it refuses, only
    the rollback is checked.
    """
    _demo_available(root)
    result = fuzz(root, "create", "/cells/tiny-demo.cell")["create"]
    if result != "OK":
        # Everything given back: CPU 2 online again, no cell directory.
        out, _ = sh(root, f"ls {SYSFS}/cells; "
                    "cat /sys/devices/system/cpu/online")
        assert out.split() == ["0", "0-3"], out
        pytest.skip(f"the hypervisor refused CELL_CREATE ({result})")

    cell = f"{SYSFS}/cells/1"
    assert read(root, f"{cell}/name") == "tiny-demo\n"
    assert read(root, f"{cell}/state") == "shut down\n"
    assert read(root, f"{cell}/cpus_assigned_list") == "2\n"
    assert read(root, f"{cell}/cpus_assigned") == "4\n"
    assert read(root, f"{SYSFS}/cells/0/cpus_assigned_list") == "0-1,3\n"
    out, _ = sh(root, f"ls {cell}/statistics | grep ^cpu; "
                f"ls {SYSFS}/cells/0/statistics | grep ^cpu")
    assert out.split() == ["cpu2", "cpu0", "cpu1", "cpu3"], out
    assert read(root, "/sys/devices/system/cpu/online") == "0-1,3\n"
    # Linux cannot take the CPU back while the cell has it.
    out, status = sh(root, "echo 1 > /sys/devices/system/cpu/cpu2/online")
    assert status != 0, out
    assert read(root, "/sys/devices/system/cpu/online") == "0-1,3\n"
    # The name is taken now.
    assert fuzz(root, "create", "/cells/tiny-demo.cell") == {
        "create": "EEXIST"}
    # The image must fit a loadable region: 1 MiB of RAM at guest 0.
    assert fuzz(root, "load", "tiny-demo", "/hello.bin", "0xfffff") == {
        "load": "EINVAL"}
    assert fuzz(root, "load", "tiny-demo", "/hello.bin", "0x100000") == {
        "load": "EINVAL"}
    assert fuzz(root, "load", "tiny-demo", "/hello.bin", "0") == {
        "load": "OK"}
    assert fuzz(root, "start", "tiny-demo") == {"start": "OK"}
    assert read(root, f"{cell}/state") == "running\n"

    assert fuzz(root, "destroy", "tiny-demo") == {"destroy": "OK"}
    out, _ = sh(root, f"ls {SYSFS}/cells; ls {SYSFS}/cells/0/statistics "
                "| grep ^cpu")
    assert out.split() == ["0", "cpu0", "cpu1", "cpu2", "cpu3"], out
    assert read(root, f"{SYSFS}/cells/0/cpus_assigned_list") == "0-3\n"
    assert read(root, "/sys/devices/system/cpu/online") == "0-3\n"
    log = dmesg(root)
    assert 'jailhouse: Created cell "tiny-demo" (ID 1)' in log
    assert 'jailhouse: Destroyed cell "tiny-demo"' in log
    assert not re.search(KERNEL_TROUBLE, log), log


def test_inmate_of_a_driver_created_cell_runs(root):
    """The CPU Linux gave up (remove_cpu) runs the inmate after CELL_START."""
    _demo_available(root)
    result = fuzz(root, "create", "/cells/tiny-demo.cell")["create"]
    if result != "OK":
        pytest.skip(f"the hypervisor refused CELL_CREATE ({result})")
    try:
        assert fuzz(root, "load", "tiny-demo", "/hello.bin", "0") == {
            "load": "OK"}
        before = root.log("com1").count(HELLO)
        assert fuzz(root, "start", "tiny-demo") == {"start": "OK"}
        root.wait_for(rf"(?s)({HELLO}.*){{{before + 1}}}", port="com1",
                      timeout=20)
        assert read(root, f"{SYSFS}/cells/1/cpus_failed_list") == "\n"
    finally:
        sh(root, "/ioctl-fuzz destroy tiny-demo")


def test_disable_keeps_warden(root):
    out, status = sh(root, "/ioctl-fuzz | grep '^disable:'; "
                     f"cat {SYSFS}/enabled")
    assert out.split() == ["disable:", "EBUSY", "1"], out


def test_module_unloads_and_loads_again(root):
    out, status = sh(root, "rmmod jailhouse")
    assert status == 0, out
    out, _ = sh(root, f"ls /dev/jailhouse {SYSFS} 2>&1")
    assert out.count("No such file or directory") == 2, out
    out, status = sh(root, f"insmod /jailhouse.ko && cat {SYSFS}/cells/0/name")
    assert status == 0 and out == "QEMU-VM\n", out
    log = dmesg(root)
    assert not re.search(KERNEL_TROUBLE, log), log
    assert "hypervisor exception" not in root.log("com1")


def test_module_refuses_to_load_without_warden(kernel, driver_initrd, tmp_path):
    """Linux booted by GRUB directly: no hypervisor, no module, no oops."""
    cfg = machine.grub_config([("Linux without Warden", [
        f"linux /boot/vmlinuz {CMDLINE}", "initrd /boot/initrd.img",
    ])], timeout=0)
    iso = machine.build_iso(None, cfg, {"boot/vmlinuz": kernel,
                                        "boot/initrd.img": driver_initrd})
    with machine.Machine(iso, cpus=4, memory="1G", name="no-warden",
                         workdir=tmp_path) as m:
        m.wait_for(SHELL_UP, port="com3", timeout=240)
        run(m, "dmesg -n 1")
        out, status = sh(m, "insmod /jailhouse.ko")
        assert status != 0, out
        out, _ = sh(m, "grep -c '^jailhouse ' /proc/modules; "
                    "ls /dev/jailhouse 2>&1")
        assert out.split()[0] == "0", out
        assert "No such file" in out, out
        log = dmesg(m)
        assert "jailhouse: no Jailhouse-compatible hypervisor below this " \
               "Linux" in log, log
        assert not re.search(KERNEL_TROUBLE, log), log
