#!/usr/bin/env python3
"""Write the fuzzer's seed corpus: every built .cell file, plus "WDNP"
inputs pairing each cell with the system config and with each other cell
(see fuzz-config.c for the format).

usage: make-seeds.py CELL_DIR SEED_DIR
"""
import pathlib
import struct
import sys


def main(cell_dir, seed_dir):
    cell_dir, seed_dir = pathlib.Path(cell_dir), pathlib.Path(seed_dir)
    seed_dir.mkdir(parents=True, exist_ok=True)
    configs = {p.stem: p.read_bytes() for p in sorted(cell_dir.glob("*.cell"))}
    if not configs:
        sys.exit(f"make-seeds: no .cell files in {cell_dir}")
    systems = {n: d for n, d in configs.items() if d[:5] == b"JHSYS"}
    cells = {n: d for n, d in configs.items() if d[:5] == b"JHCLL"}

    def pair(name, first, second):
        data = b"WDNP" + struct.pack("<H", len(first)) + first + second
        (seed_dir / name).write_bytes(data)

    for name, data in configs.items():
        (seed_dir / f"{name}.cell").write_bytes(data)
    for sname, sdata in systems.items():
        for cname, cdata in cells.items():
            pair(f"{cname}-in-{sname}.pair", cdata, sdata)
    for aname, adata in cells.items():
        for bname, bdata in cells.items():
            if aname < bname:
                pair(f"{aname}-with-{bname}.pair", adata, bdata)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
