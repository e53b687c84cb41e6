"""Fixtures for integration tests: images and machines from scripts/machine.py."""
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import machine  # noqa: E402

BUILD = ROOT / "build"


def pytest_configure(config):
    # Bochs runs take minutes each: `-m bochs` selects them, `-m "not
    # bochs"` leaves them out.
    config.addinivalue_line(
        "markers", "bochs: boots under Bochs (Intel VT-x), minutes per test")


def _require(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run 'make all iso' (and 'make deps')")
    return path


@pytest.fixture(scope="session")
def hv_image():
    return _require(BUILD / "warden.bin")


@pytest.fixture(scope="session")
def kernel():
    return _require(BUILD / "deps" / "kernel" / "vmlinuz")


@pytest.fixture(scope="session")
def initrd():
    return _require(BUILD / "initramfs.cpio.gz")


@pytest.fixture
def warden_iso(hv_image):
    """Make an ISO booting Warden with @hv_options and @modules.

    @modules: list of (role string, host path or bytes); each becomes
    `module2 /boot/mN <string>`.
    """
    def make(hv_options="", modules=()):
        files = {"boot/warden.bin": hv_image}
        commands = [f"multiboot2 /boot/warden.bin {hv_options}".rstrip()]
        for i, (string, content) in enumerate(modules):
            files[f"boot/m{i}"] = content
            commands.append(f"module2 --nounzip /boot/m{i} {string}".rstrip())
        commands.append("boot")
        cfg = machine.grub_config([("Warden test", commands)], timeout=0)
        return machine.build_iso(None, cfg, files)
    return make


@pytest.fixture
def boot(request, tmp_path):
    """Start a machine; it is always killed at the end of the test."""
    started = []

    def start(iso, **kwargs):
        name = re.sub(r"[^\w.-]", "_", request.node.name)
        m = machine.Machine(iso, workdir=tmp_path / "machine", name=name, **kwargs)
        started.append(m)
        return m.start()

    yield start
    for m in started:
        m.kill()
