"""Documentation that states facts the code defines must agree with it."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_qemu_platform_doc_matches_runner():
    doc = (ROOT / "docs" / "qemu-platform.md").read_text()
    block = re.search(r"<!-- qemu-cmdline:begin -->\n```\n(.*?)\n```", doc, re.S)
    assert block, "docs/qemu-platform.md lost its command-line block"
    actual = subprocess.run([str(ROOT / "scripts" / "run-qemu"), "--print-cmdline"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert block.group(1).strip() == actual


def test_readme_documents_every_make_target_it_promises():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"`make ([a-z-]+)", readme):
        assert re.search(rf"^\.?{target}:|^{target}:|^\.PHONY: {target}$|"
                         rf"^{target} ", makefile + "\n" + _fragments(),
                         re.M), f"README mentions make {target}; no such target"


def _fragments():
    paths = list(ROOT.glob("*/build.mk")) + list(ROOT.glob("*/*/build.mk"))
    return "\n".join(p.read_text() for p in paths if p.parts[-3:-1] != ("build",))
