"""Reading QEMU screen dumps (PNG) in tests: a small decoder (zlib only)
and helpers that find text on the screen without any image library."""
import functools
import struct
import zlib

import psf2c  # scripts/, on the path through conftest.py

# The hypervisor's console font (hv/build.mk); Linux's own 8x16 VGA font
# draws letters and digits the same way.
FONT = "/usr/share/consolefonts/Uni2-VGA16.psf.gz"


@functools.lru_cache(maxsize=None)
def font():
    return psf2c.load_ascii(FONT)


def decode_png(data):
    """Return (width, height, rows) of an 8-bit RGB or RGBA PNG.

    rows: one bytes object of width * channels per pixel row. Only what
    QEMU writes is handled: non-interlaced, filter method 0."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type "
                         f"{colour}, interlace {interlace}")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
            elif kind != 0:
                raise ValueError(f"PNG filter type {kind}")
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def screen_text(png, font):
    """The text on the screen dump @png, one string per 8x16 text row.

    A pixel is foreground if it is not black; a cell that matches no glyph
    exactly reads as '\\x00'."""
    width, height, rows = decode_png(png.read_bytes())
    channels = len(rows[0]) // width
    glyphs = {bitmap: chr(cp) for cp, bitmap in font.items()}
    lit = []
    for row in rows:
        lit.append([any(row[x * channels:x * channels + 3])
                    for x in range(width)])
    text = []
    for top in range(0, height - 15, 16):
        line = []
        for left in range(0, width - 7, 8):
            bitmap = bytes(
                sum(0x80 >> x for x in range(8) if lit[top + y][left + x])
                for y in range(16))
            line.append(glyphs.get(bitmap, "\0"))
        text.append("".join(line).rstrip())
    return text


def text_rows(png, row_height=16):
    """How many @row_height pixel bands of the screen dump @png hold any
    non-black pixel: a blank screen has none, a screen of text many."""
    width, height, rows = decode_png(png.read_bytes())
    return sum(1 for top in range(0, height - row_height + 1, row_height)
               if any(any(r) for r in rows[top:top + row_height]))


def size(png):
    """(width, height) of the screen dump @png."""
    width, height, _ = decode_png(png.read_bytes())
    return width, height
