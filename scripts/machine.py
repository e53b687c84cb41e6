"""Start and watch emulated test machines: the one place that knows how.

Used by the integration tests, `make run`, `make demo` and the benchmarks.
A Machine boots an image (a GRUB ISO) on a platform (QEMU TCG now, Bochs
later) with a firmware (SeaBIOS or OVMF), captures every serial port to a
file, lets callers wait for output with a timeout, and always kills the
emulator when done.

The QEMU machine here is the one cells/qemu-x86.c describes; the command
line is printed by `scripts/run-qemu --print-cmdline` and documented in
docs/qemu-platform.md (a unit test keeps the two in agreement).
"""

import hashlib
import itertools
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"

OVMF_CODE = pathlib.Path("/usr/share/ovmf/OVMF.fd")

# The reference QEMU platform (system config cells/qemu-x86.c): q35 with
# its default devices (std VGA 00:01.0, e1000e 00:02.0, ICH9 LPC, AHCI,
# SMBus), 1 GiB, 4 CPUs, three UARTs: COM1 0x3F8 hypervisor + inmates,
# COM2 0x2F8 (given to demo cells), COM3 0x3E8 root Linux console (ttyS2).
QEMU_PLATFORM = {
    "machine": "q35",
    "cpu": "max",
    "memory": "1G",
    "cpus": 4,
    "serial_ports": ("com1", "com2", "com3"),
}


class MachineError(Exception):
    """The machine did not do what was expected; message has the log tail."""


def _stutter(marker):
    """A regex for @marker that tolerates doubled characters: QEMU's serial
    log files now and then repeat a character (seen without Warden too)."""
    return "".join(re.escape(c) + "+" for c in marker)


def _tail(text, lines=40):
    return "\n".join(text.splitlines()[-lines:])


def qemu_command(iso, firmware="bios", memory=None, cpus=None,
                 serial_files=None, serial_stdio=False, extra_args=(),
                 serial_sockets=None, reboot=False, monitor_socket=None):
    """The QEMU command line for the reference platform.

    @iso is a GRUB ISO (booted as a CD) or, if its name ends in .img, a
    raw disk image (an EFI system partition image from `make esp`).
    Serial ports go to @serial_files (output only), or with
    @serial_sockets to a listening socket each (input) plus a log file.
    @monitor_socket: a Unix socket for the human monitor (screen dumps).
    """
    p = QEMU_PLATFORM
    cmd = ["qemu-system-x86_64",
           "-machine", p["machine"], "-cpu", p["cpu"],
           "-m", str(memory or p["memory"]), "-smp", str(cpus or p["cpus"]),
           "-display", "none"]
    if not reboot:
        cmd.append("-no-reboot")
    if firmware == "ovmf":
        cmd += ["-bios", str(OVMF_CODE)]
    elif firmware != "bios":
        raise ValueError(f"unknown firmware {firmware!r} (bios or ovmf)")
    for i, name in enumerate(p["serial_ports"]):
        if serial_stdio and i == 0:
            cmd += ["-serial", "mon:stdio"]
        elif serial_sockets:
            cmd += ["-chardev",
                    f"socket,id={name},path={serial_sockets[name]},server=on,"
                    f"wait=off,logfile={serial_files[name]}",
                    "-serial", f"chardev:{name}"]
        elif serial_files:
            cmd += ["-serial", f"file:{serial_files[name]}"]
        else:
            cmd += ["-serial", "null"]
    if monitor_socket:
        cmd += ["-monitor", f"unix:{monitor_socket},server=on,wait=off"]
    elif not serial_stdio:
        cmd += ["-monitor", "none"]
    if str(iso).endswith(".img"):
        cmd += ["-drive", f"file={iso},format=raw,if=ide,snapshot=on"]
    else:
        cmd += ["-cdrom", str(iso), "-boot", "d"]
    cmd += list(extra_args)
    return cmd


class Machine:
    """One emulated machine; use as a context manager so it is always killed."""

    def __init__(self, iso, platform="qemu", firmware="bios", memory=None,
                 cpus=None, workdir=None, extra_args=(), name="machine",
                 reboot=False):
        if platform != "qemu":
            raise ValueError(f"platform {platform!r} is not supported yet")
        self.iso = pathlib.Path(iso)
        self.firmware = firmware
        self.memory = memory
        self.cpus = cpus
        self.extra_args = tuple(extra_args)
        self.name = name
        self.workdir = pathlib.Path(workdir or tempfile.mkdtemp(prefix="warden-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.reboot = reboot
        self.serial_files = {port: self.workdir / f"{port}.log"
                             for port in QEMU_PLATFORM["serial_ports"]}
        # Unix socket paths are short: keep them in a short-named folder.
        self.sockdir = pathlib.Path(tempfile.mkdtemp(prefix="wsk-"))
        self.serial_sockets = {port: self.sockdir / port
                               for port in QEMU_PLATFORM["serial_ports"]}
        self.monitor_socket = self.sockdir / "monitor"
        self.connections = {}
        self.markers = itertools.count(1)
        self.proc = None
        self.started = None

    def command(self):
        return qemu_command(self.iso, self.firmware, self.memory, self.cpus,
                            self.serial_files, extra_args=self.extra_args,
                            serial_sockets=self.serial_sockets,
                            reboot=self.reboot,
                            monitor_socket=self.monitor_socket)

    def _connection(self, port):
        conn = self.connections.get(port)
        if conn is None:
            deadline = time.monotonic() + 10
            while True:
                try:
                    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    conn.connect(str(self.serial_sockets[port]))
                    break
                except OSError:
                    conn.close()
                    if time.monotonic() > deadline:
                        raise MachineError(f"cannot connect to {port}")
                    time.sleep(0.1)
            # QEMU also sends the output here: drain it (the log has it).
            threading.Thread(target=self._drain, args=(conn,),
                             daemon=True).start()
            self.connections[port] = conn
        return conn

    @staticmethod
    def _drain(conn):
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass

    def send(self, port, text):
        """Type @text on the serial port @port."""
        conn = self._connection(port)
        for chunk in text.encode():
            conn.sendall(bytes([chunk]))
            time.sleep(0.002)  # a UART FIFO is 16 bytes deep

    def run(self, command, port="com3", timeout=60):
        """Run a shell command on @port; return (output, exit status)."""
        n = next(self.markers)
        start, end = f"__WS{n}__", f"__WE{n}__"
        self.send(port, f"echo {start}; {command}; echo {end} $?\n")
        match = self.wait_for(rf"^{_stutter(start)}\n(.*?)^{_stutter(end)} "
                              rf"(\d+)$", port, timeout,
                              re.MULTILINE | re.DOTALL)
        return match.group(1), int(match.group(2))

    def screendump(self, path, timeout=20):
        """Save the emulated display as a PNG at @path; return the path."""
        path = pathlib.Path(path)
        path.unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mon:
            mon.settimeout(timeout)
            mon.connect(str(self.monitor_socket))
            mon.sendall(f"screendump {path} -f png\n".encode())
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if path.exists() and path.stat().st_size > 0:
                    time.sleep(0.2)  # let QEMU finish writing
                    return path
                time.sleep(0.1)
        raise MachineError(f"no screen dump at {path}\n{self.describe()}")

    def start(self):
        for f in self.serial_files.values():
            f.write_bytes(b"")
        self.stderr = open(self.workdir / "emulator.stderr", "wb")
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=self.stderr, stderr=self.stderr,
                                     start_new_session=True)
        self.started = time.monotonic()
        return self

    def log(self, port="com1"):
        data = self.serial_files[port].read_bytes()
        return data.decode("utf-8", errors="replace").replace("\r", "")

    def describe(self):
        parts = [f"{self.name}: {' '.join(self.command())}"]
        for port in self.serial_files:
            text = self.log(port)
            if text.strip():
                parts.append(f"--- {port} (last lines) ---\n{_tail(text)}")
        err = (self.workdir / "emulator.stderr").read_text(errors="replace")
        if err.strip():
            parts.append(f"--- emulator stderr ---\n{_tail(err, 15)}")
        return "\n".join(parts)

    def wait_for(self, pattern, port="com1", timeout=60, flags=re.MULTILINE,
                 since=0):
        """Wait until @pattern (regex) appears on @port; return the match.

        @since: only look at the log from this offset on (a len(log()) taken
        earlier), so a line printed by an earlier run does not count."""
        regex = re.compile(pattern, flags)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.log(port), since)
            if match:
                return match
            if self.proc.poll() is not None:
                raise MachineError(
                    f"emulator exited ({self.proc.returncode}) before "
                    f"{pattern!r} appeared on {port}\n{self.describe()}")
            if time.monotonic() > deadline:
                raise MachineError(
                    f"timeout after {timeout}s waiting for {pattern!r} on "
                    f"{port}\n{self.describe()}")
            time.sleep(0.1)

    def wait_exit(self, timeout=60):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise MachineError(f"emulator still running after {timeout}s\n"
                               f"{self.describe()}") from None

    def kill(self):
        for conn in self.connections.values():
            conn.close()
        self.connections.clear()
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        if getattr(self, "stderr", None):
            self.stderr.close()
        shutil.rmtree(self.sockdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False


def grub_config(entries, timeout=0, serial=True):
    """A grub.cfg: @entries is a list of (title, [command lines])."""
    lines = []
    if serial:
        lines += ["serial --unit=0 --speed=115200",
                  "terminal_input serial console",
                  "terminal_output serial console"]
    # On UEFI, GRUB needs its GOP driver to pass a framebuffer; keep the
    # firmware's mode for Warden and the root Linux.
    lines += ['if [ "$grub_platform" = "efi" ]; then insmod efi_gop; '
              'set gfxpayload=keep; fi']
    lines += [f"set timeout={timeout}", "set default=0", ""]
    for title, commands in entries:
        lines.append(f'menuentry "{title}" {{')
        lines += [f"\t{c}" for c in commands]
        lines.append("}")
    return "\n".join(lines) + "\n"


def build_iso(out, grub_cfg, files):
    """Make a GRUB rescue ISO (BIOS + UEFI) holding @files.

    @files maps paths inside the ISO (e.g. "boot/warden.bin") to host
    paths or bytes. Results are cached by content under build/iso-cache,
    so tests that boot the same contents share one ISO.
    """
    digest = hashlib.sha256(grub_cfg.encode())
    for dest in sorted(files):
        src = files[dest]
        digest.update(dest.encode())
        if isinstance(src, (bytes, bytearray)):
            digest.update(src)
        else:
            st = os.stat(src)
            digest.update(f"{src}:{st.st_size}:{st.st_mtime_ns}".encode())
    cache = BUILD / "iso-cache" / f"{digest.hexdigest()[:20]}.iso"
    out = pathlib.Path(out) if out else cache
    if cache.exists():
        if out != cache:
            shutil.copyfile(cache, out)
        return out
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="warden-iso-") as tree:
        tree = pathlib.Path(tree)
        (tree / "boot" / "grub").mkdir(parents=True)
        (tree / "boot" / "grub" / "grub.cfg").write_text(grub_cfg)
        for dest, src in files.items():
            target = tree / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(src, (bytes, bytearray)):
                target.write_bytes(src)
            else:
                shutil.copyfile(src, target)
        tmp = cache.with_suffix(".tmp")
        proc = subprocess.run(["grub-mkrescue", "-o", str(tmp), str(tree)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise MachineError(f"grub-mkrescue failed:\n{proc.stderr}")
        tmp.rename(cache)
    if out != cache:
        shutil.copyfile(cache, out)
    return out


def follow(m, until, ports=("com1", "com3"), timeout=120, out=None):
    """Echo new output of @ports live (prefixed by port) until @until appears.

    Returns the match; raises MachineError on timeout or emulator exit.
    """
    import sys
    out = out or sys.stdout
    regex = re.compile(until, re.MULTILINE)
    seen = {p: 0 for p in ports}
    deadline = time.monotonic() + timeout
    while True:
        for p in ports:
            text = m.log(p)
            new, seen[p] = text[seen[p]:], len(text)
            cut = new.rfind("\n") + 1
            seen[p] -= len(new) - cut  # print whole lines only
            for line in new[:cut].splitlines():
                out.write(f"[{p}] {line}\n")
            out.flush()
            match = regex.search(text)
            if match:
                return match
        if m.proc.poll() is not None:
            raise MachineError(f"emulator exited before {until!r}\n{m.describe()}")
        if time.monotonic() > deadline:
            raise MachineError(f"demo timed out after {timeout}s\n{m.describe()}")
        time.sleep(0.2)
