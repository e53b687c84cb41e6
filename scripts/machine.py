"""Start and watch emulated test machines: the one place that knows how.

Used by the integration tests, `make run`, `make demo` and the benchmarks.
A Machine boots an image (a GRUB ISO) on a platform (QEMU TCG now, Bochs
later) with a firmware (SeaBIOS or OVMF), captures every serial port to a
file, lets callers wait for output with a timeout, and always kills the
emulator when done.

The QEMU machine here is the one cells/qemu-x86.c describes; the command
line is printed by `scripts/run-qemu --print-cmdline` and documented in
docs/qemu-platform.md (a unit test keeps the two in agreement).

Bochs (platform="bochs") is the Intel VT-x test machine, the one
cells/bochs-x86.c describes (docs/bochs-platform.md): Bochs 2.7 from
Debian, i440FX/PIIX4 with ACPI and HPET, a PCI VGA, a CD-ROM on the first
IDE channel, the same three UARTs. bochs_config() writes its bochsrc into
the machine's workdir:
 - headless through the RFB display with timeout=0 (Debian's Bochs has no
   "nogui"), started with a debugger script of `c` + `quit` because the
   Debian build has the debugger and would otherwise stop at the reset
   vector;
 - COM1/COM2 write straight into their log files (Bochs mode=file); COM3,
   where Machine.run() types, is a TCP server on 127.0.0.1 (Bochs has no
   Unix socket mode and no log file for a socket port): Bochs waits for
   the connection before it starts simulating, and a thread of ours copies
   everything it sends into the COM3 log file, so wait_for()/log() are the
   same as with QEMU;
 - clock sync=none (guest time follows the instruction count: fastest,
   and host load does not make guest timers fire early);
   Bochs panics are only reported (bochs.log in the workdir) so that an
   unimplemented corner does not stop a run; a triple fault resets the
   machine only if reboot=True, otherwise Bochs stops the CPU and
   wait_for() fails at once instead of waiting for its timeout;
 - a hard time limit (time_limit seconds, default 900): the emulator is
   killed whatever happens, because a Bochs run that lost its way would
   otherwise hold one of the two host cores for ever.
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


# The Intel VT-x test platform (system config cells/bochs-x86.c, see
# docs/bochs-platform.md). Haswell: VMX with EPT (A/D bits), unrestricted
# guest, VPID, preemption timer at the architectural TSC rate, x2APIC and
# XSAVE that the stock kernel keeps on; skylake_x's preemption timer runs
# undivided and Linux turns XSAVE off there, newer models do not boot.
BOCHS_PLATFORM = {
    "cpu_model": "corei7_haswell_4770",
    "memory": "1G",
    "cpus": 2,
    "serial_ports": ("com1", "com2", "com3"),
    # Ports served over TCP so that Machine.send() can type on them.
    "input_ports": ("com3",),
    "bios": "/usr/share/bochs/BIOS-bochs-latest",
    "vgabios": "/usr/share/vgabios/vgabios.bin",
    # Emulated instructions per second: with sync=none this only sets how
    # fast guest time runs per instruction; ~the real speed on our hosts
    # keeps guest timeouts meaningful.
    "ips": 50000000,
    "time_limit": 900,
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


def _megabytes(memory):
    """QEMU-style size ("1G", "512M", or a number of MiB) in MiB."""
    text = str(memory).strip().upper()
    units = {"M": 1, "G": 1024}
    if text[-1:] in units:
        return int(text[:-1]) * units[text[-1]]
    return int(text)


def bochs_config(iso, cpus=None, memory=None, cpu_model=None,
                 serial_files=None, serial_tcp=None, log_file=None,
                 reboot=False):
    """The bochsrc text for the Bochs platform.

    @iso: a GRUB ISO, the slave on the first IDE channel. Serial ports in
    @serial_tcp (name: TCP port) become socket servers on 127.0.0.1, the
    others write to @serial_files. @log_file gets Bochs's own messages.
    """
    p = BOCHS_PLATFORM
    serial_tcp = serial_tcp or {}
    mib = _megabytes(memory or p["memory"])
    lines = [
        "# Generated by scripts/machine.py (bochs_config); see",
        "# docs/bochs-platform.md.",
        'display_library: rfb, options="timeout=0"',
        f"romimage: file={p['bios']}",
        f"vgaromimage: file={p['vgabios']}",
        f"cpu: model={cpu_model or p['cpu_model']}, count={cpus or p['cpus']},"
        f" ips={p['ips']}, reset_on_triple_fault={int(bool(reboot))},"
        " ignore_bad_msrs=1",
        f"memory: guest={mib}, host={mib}",
        # The VGA as a PCI device (00:02.0) like QEMU's std VGA, with VBE
        # so that its linear framebuffer is a BAR.
        "pci: enabled=1, chipset=i440fx, slot1=pcivga",
        "vga: extension=vbe, update_freq=5",
        "ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14",
        f"ata0-slave: type=cdrom, path={iso}, status=inserted",
        "ata1: enabled=0",
        "boot: cdrom",
        "floppy_bootsig_check: disabled=1",
        "clock: sync=none, time0=utc",
        "mouse: enabled=0",
        # No host audio: the ALSA back-end's mixer thread aborts Bochs
        # (fortify) on hosts without a sound card.
        "speaker: enabled=0",
        "sound: driver=dummy",
        # Report only: an unimplemented device corner must not end a run
        # that would otherwise go on (bochs.log tells what happened).
        "panic: action=report",
        "error: action=report",
        "info: action=report",
        "debug: action=ignore",
    ]
    if log_file:
        lines.append(f"log: {log_file}")
    for name in p["serial_ports"]:
        if name in serial_tcp:
            lines.append(f"{name}: enabled=1, mode=socket-server, "
                         f"dev=127.0.0.1:{serial_tcp[name]}")
        elif serial_files:
            lines.append(f"{name}: enabled=1, mode=file, "
                         f"dev={serial_files[name]}")
        else:
            lines.append(f"{name}: enabled=1, mode=null")
    return "\n".join(lines) + "\n"


def bochs_command(bochsrc, debugger_script):
    """Bochs started from @bochsrc, its debugger fed by @debugger_script."""
    return ["bochs", "-q", "-rc", str(debugger_script), "-f", str(bochsrc)]


def _free_tcp_port():
    # Racy in theory (the port could be taken before Bochs binds it), but
    # Bochs fails loudly then and nothing else here binds random ports.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Machine:
    """One emulated machine; use as a context manager so it is always killed.

    platform "qemu" (AMD SVM, the default) or "bochs" (Intel VT-x; see the
    module docstring). For Bochs, @cpu_model overrides the CPU model and
    @time_limit the hard limit in seconds.
    """

    def __init__(self, iso, platform="qemu", firmware="bios", memory=None,
                 cpus=None, workdir=None, extra_args=(), name="machine",
                 reboot=False, cpu_model=None, time_limit=None):
        if platform not in ("qemu", "bochs"):
            raise ValueError(f"unknown platform {platform!r} (qemu or bochs)")
        if platform == "bochs" and firmware != "bios":
            raise ValueError("the Bochs platform has BIOS firmware only")
        self.platform = platform
        self.cpu_model = cpu_model
        self.time_limit = time_limit or BOCHS_PLATFORM["time_limit"]
        self.timer = None
        self.expired = False
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
        if platform == "bochs":
            self.bochsrc = self.workdir / "bochsrc"
            self.bochs_log = self.workdir / "bochs.log"
            self.serial_tcp = {port: _free_tcp_port()
                               for port in BOCHS_PLATFORM["input_ports"]}
            self.capture_threads = []
            self.bochs_log_seen = 0
            self.bochs_stopped = None
        self.connections = {}
        self.markers = itertools.count(1)
        self.proc = None
        self.started = None

    def command(self):
        if self.platform == "bochs":
            return bochs_command(self.bochsrc, self.workdir / "bochs.rc")
        return qemu_command(self.iso, self.firmware, self.memory, self.cpus,
                            self.serial_files, extra_args=self.extra_args,
                            serial_sockets=self.serial_sockets,
                            reboot=self.reboot,
                            monitor_socket=self.monitor_socket)

    def _connection(self, port):
        if self.platform == "bochs":
            conn = self.connections.get(port)
            if conn is None:
                raise MachineError(f"{port} takes no input on Bochs (only "
                                   f"{', '.join(self.serial_tcp)})")
            return conn
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
        if self.platform == "bochs":
            raise MachineError("no screen dumps on Bochs (RFB display only)")
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

    def _bochs_prepare(self):
        self.bochsrc.write_text(bochs_config(
            self.iso, self.cpus, self.memory, self.cpu_model,
            self.serial_files, self.serial_tcp, self.bochs_log, self.reboot))
        # Debugger commands: run, and leave once the simulation ends.
        (self.workdir / "bochs.rc").write_text("c\nquit\n")
        self.bochs_log.write_bytes(b"")

    def _bochs_attach(self):
        """Connect to Bochs's serial servers; copy their output to the logs.

        Bochs opens the servers one after the other while it initialises
        and waits for each client before simulating, so nothing is lost.
        """
        for port, tcp in self.serial_tcp.items():
            deadline = time.monotonic() + 60
            while True:
                try:
                    conn = socket.create_connection(("127.0.0.1", tcp), 1)
                    conn.settimeout(None)
                    break
                except OSError:
                    if self.proc.poll() is not None or \
                            time.monotonic() > deadline:
                        raise MachineError(f"cannot connect to Bochs's {port}"
                                           f" (127.0.0.1:{tcp})\n"
                                           f"{self.describe()}") from None
                    time.sleep(0.1)
            self.connections[port] = conn
            t = threading.Thread(target=self._capture,
                                 args=(conn, self.serial_files[port]),
                                 daemon=True)
            t.start()
            self.capture_threads.append(t)

    @staticmethod
    def _capture(conn, path):
        with open(path, "ab", buffering=0) as log:
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    log.write(data)
            except OSError:
                pass

    # Bochs's message when a triple fault does not reset the machine.
    TRIPLE_FAULT = re.compile(
        rb"exception\(\): 3rd \(\d+\) exception with no resolution$", re.M)

    def _bochs_check_stopped(self):
        """The triple-fault line of bochs.log, if the CPU has shut down.

        Bochs then runs on with a dead CPU until killed; reads only what was
        appended since the last call (the log grows to megabytes).
        """
        if self.bochs_stopped is None:
            with open(self.bochs_log, "rb") as f:
                f.seek(self.bochs_log_seen)
                data = f.read()
            cut = data.rfind(b"\n") + 1  # whole lines only
            self.bochs_log_seen += cut
            match = self.TRIPLE_FAULT.search(data[:cut])
            if match:
                line_start = data.rfind(b"\n", 0, match.start()) + 1
                self.bochs_stopped = data[line_start:match.end()].decode(
                    errors="replace")
        return self.bochs_stopped

    def _expire(self):
        """The hard time limit: kill the emulator whatever it is doing."""
        if self.proc and self.proc.poll() is None:
            self.expired = True
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def start(self):
        for f in self.serial_files.values():
            f.write_bytes(b"")
        if self.platform == "bochs":
            self._bochs_prepare()
        self.stderr = open(self.workdir / "emulator.stderr", "wb")
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=self.stderr, stderr=self.stderr,
                                     start_new_session=True)
        self.started = time.monotonic()
        if self.platform == "bochs":
            self.timer = threading.Timer(self.time_limit, self._expire)
            self.timer.daemon = True
            self.timer.start()
            try:
                self._bochs_attach()
            except BaseException:
                self.kill()
                raise
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
        if self.platform == "bochs":
            if self.expired:
                parts.append(f"--- killed: time limit of {self.time_limit}s "
                             "reached ---")
            if self.bochs_log.exists():
                # Panics and errors only: the info lines are many.
                text = self.bochs_log.read_text(errors="replace")
                bad = [line for line in text.splitlines()
                       if re.match(r"^\d+[pe]\[", line)]
                if bad:
                    parts.append("--- bochs.log panics/errors (last) ---\n"
                                 + "\n".join(bad[-15:]))
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
            if self.platform == "bochs" and self._bochs_check_stopped():
                raise MachineError(
                    f"Bochs CPU shut down (triple fault) before {pattern!r} "
                    f"appeared on {port}: {self.bochs_stopped}\n"
                    f"{self.describe()}")
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
        if self.timer:
            self.timer.cancel()
        for conn in self.connections.values():
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        self.connections.clear()
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        for t in getattr(self, "capture_threads", ()):
            t.join(5)
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
