#!/usr/bin/python3
"""mkseeds.py - writes the seed corpus of the PDF fuzz target
(tests/fuzz/corpus/pdf/seed-*.pdf): small valid files (numbered pages, a
print file with every box, a rotated page, mixed sizes) and the crafted
ones of hostile_pdfs.py at sizes a fuzzer can mutate (a page tree 100 deep,
a /Kids array of 50), plus the stream filters reader.c decodes (ASCII85,
ASCIIHex, RunLength, Flate) and an encrypted file.

Usage: mkseeds.py CORPUS-FOLDER   (needs qpdf for the encrypted seed)
"""
import base64
import os
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_pdfs as h  # noqa: E402
import mkpdf  # noqa: E402


def filtered(path, filters, data):
    """One page whose content goes through filters (names, decode order)."""
    w = mkpdf.Writer()
    enc = data
    for f in reversed(filters):
        if f == "FlateDecode":
            enc = zlib.compress(enc)
        elif f == "ASCII85Decode":
            enc = base64.a85encode(enc) + b"~>"
        elif f == "ASCIIHexDecode":
            enc = enc.hex().encode() + b">"
        elif f == "RunLengthDecode":
            out = bytearray()
            for i in range(0, len(enc), 128):
                chunk = enc[i:i + 128]
                out += bytes([len(chunk) - 1]) + chunk
            enc = bytes(out) + b"\x80"
    content = w.stream("/Filter [%s]" % " ".join("/" + f for f in filters), enc)
    pages = h._pages(w, [content] * 4)
    h._finish(w, path, pages)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, "seed-" + name + ".pdf")  # noqa: E731
    mkpdf.numbered(p("numbered-8"), 8)
    # the print file with a stand-in profile (preflight reads only /N)
    icc = os.path.join(out, ".icc")
    with open(icc, "wb") as f:
        f.write(b"\0" * 128)
    mkpdf.print_file(p("print"), icc)
    mkpdf.print_file(p("print-rich-black"), icc, "rich_black")
    os.unlink(icc)
    h.indexed_self(p("indexed-self"))
    h.deep_tree(p("deep-tree"), 100)
    h.form_self(p("form-self"))
    h.form_fanout(p("form-fanout"), 3, 4)
    h.pattern_self(p("pattern-self"))
    h.size_claim(p("size-claim"))
    h.inflate_bomb(p("inflate"), 1 << 20)
    h.image_bomb(p("image"), 1 << 20)
    h.kids_repeat(p("kids-repeat"), 50)
    h.objstm_bomb(p("objstm"), 1 << 20)
    h.rotated(p("rotated"))
    h.rotated_same(p("rotated-same"))
    h.mixed_sizes(p("mixed-sizes"))
    ops = b"0.5 g 1 0 0 rg 0 0 1 RG q 1 0 0 1 10 10 cm 0 0 100 100 re f Q BT (x) Tj ET"
    filtered(p("a85-flate"), ["ASCII85Decode", "FlateDecode"], ops)
    filtered(p("ahx"), ["ASCIIHexDecode"], ops)
    filtered(p("runlength"), ["RunLengthDecode"], ops)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", p("numbered-8"),
                    p("encrypted")], check=True)
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", p("numbered-8"),
                    p("encrypted-owner-only")], check=True)


if __name__ == "__main__":
    main()
