"""hostile_pdfs.py - small PDFs crafted to cost a careless reader its stack,
its memory or its time, for the press suite's limit cases and the seed
corpus of tests/fuzz/corpus/pdf (every one has a correct cross-reference
table, so qpdf reads it without repair and the reader's bounds are what is
tested):

    indexed_self     an Indexed colour space whose base is itself, used
                     by a page's content and named in its resources
    deep_tree        a page tree LEVELS levels deep (50,000 by default)
    form_self        a form XObject that draws itself twenty times
    form_fanout      forms drawing the next one twenty times, six levels
                     down (legal PDF: 64 million expansions)
    pattern_self     a tiling pattern whose content paints with itself
    size_claim       a trailer claiming ten million objects
    inflate_bomb     a page content of 1 MB that inflates to 1 GB of NULs
    image_bomb       a CMYK image of 100 x 100 pixels whose data inflates
                     to 1 GB
    objstm_bomb      an object stream (PDF 1.5) of 1 MB that inflates to 1 GB,
                     holding the page; qpdf decodes it whole by itself
    kids_repeat      a /Kids array naming one page 100,000 times
    rotated          4 pages, page 2 with /Rotate 90 drawn landscape
    mixed_sizes      8 pages, pages 3 and 6 in A5
    many_pages       n pages (10,000 for the bench) sharing one content

Only the Python standard library is used.
"""
import struct
import zlib

from mkpdf import Writer, num

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


def _pages(w, contents, sizes=None, rotate=None, resources="<< >>"):
    """A flat page tree; contents[i] is the content object number of page i."""
    pages_num = w.reserve()
    kids = []
    for i, content in enumerate(contents):
        size = sizes[i] if sizes else A4
        rot = " /Rotate %d" % rotate[i] if rotate and rotate[i] else ""
        kids.append(w.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s]%s /Contents %d 0 R "
                          "/Resources %s >>" % (pages_num, num(size[0]), num(size[1]), rot, content,
                                                resources)))
    w.set(pages_num, "<< /Type /Pages /Kids [%s] /Count %d >>"
          % (" ".join("%d 0 R" % k for k in kids), len(kids)))
    return pages_num


def _finish(w, path, pages_num, size=None):
    root = w.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_num)
    info = w.add("<< /Title (hostile) >>")
    w.write(path, root, info)
    if size is not None:
        # the trailer's /Size as written, replaced by the claim
        with open(path, "rb") as f:
            data = f.read()
        marker = b"trailer\n<< /Size %d " % (len(w.objects) + 1)
        data = data.replace(marker, b"trailer\n<< /Size %d " % size)
        with open(path, "wb") as f:
            f.write(data)


def indexed_self(path):
    w = Writer()
    cs = w.reserve()
    w.set(cs, "[/Indexed %d 0 R 1 <000000ffffff>]" % cs)
    content = w.stream("", b"/CS0 cs 0 sc 0 0 10 10 re f")
    pages = _pages(w, [content], resources="<< /ColorSpace << /CS0 %d 0 R >> >>" % cs)
    _finish(w, path, pages)


def deep_tree(path, levels=50000):
    w = Writer()
    content = w.stream("", b"0 0 10 10 re f")
    # node i's only kid is node i + 1; the last is the page
    first = len(w.objects) + 1
    for i in range(levels):
        parent = "/Parent %d 0 R " % (first + i - 1) if i else ""
        w.add("<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, first + i + 1))
    w.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
          % (first + levels - 1, content))
    _finish(w, path, first)


def form_self(path):
    w = Writer()
    form = w.reserve()
    body = b" ".join([b"/F0 Do"] * 20)
    head = "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F0 %d 0 R >> >> /Length %d >>\nstream\n" % (form, len(body))
    w.set(form, head.encode() + body + b"\nendstream")
    content = w.stream("", b"/F0 Do")
    pages = _pages(w, [content], resources="<< /XObject << /F0 %d 0 R >> >>" % form)
    _finish(w, path, pages)


def form_fanout(path, levels=6, fan=20):
    w = Writer()
    prev = w.stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"0 0 1 1 re f")
    for _ in range(levels - 1):
        body = b" ".join([b"/F Do"] * fan)
        prev = w.stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                        "/Resources << /XObject << /F %d 0 R >> >>" % prev, body)
    content = w.stream("", b" ".join([b"/F Do"] * fan))
    pages = _pages(w, [content], resources="<< /XObject << /F %d 0 R >> >>" % prev)
    _finish(w, path, pages)


def pattern_self(path):
    w = Writer()
    pat = w.reserve()
    body = b"/Pattern cs /P0 scn 0 0 10 10 re f"
    head = ("<< /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 10 10] /XStep 10 /YStep 10 "
            "/Resources << /Pattern << /P0 %d 0 R >> >> /Length %d >>\nstream\n" % (pat, len(body)))
    w.set(pat, head.encode() + body + b"\nendstream")
    content = w.stream("", body)
    pages = _pages(w, [content], resources="<< /Pattern << /P0 %d 0 R >> >>" % pat)
    _finish(w, path, pages)


def size_claim(path, claim=10000000):
    w = Writer()
    content = w.stream("", b"0 0 10 10 re f")
    pages = _pages(w, [content] * 4)
    _finish(w, path, pages, size=claim)


def _zeros(total):
    """total NUL bytes deflated, without holding them."""
    z = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = []
    for _ in range(total >> 20):
        out.append(z.compress(chunk))
    out.append(z.flush())
    return b"".join(out)


def inflate_bomb(path, total=1 << 30):
    w = Writer()
    content = w.stream("/Filter /FlateDecode", _zeros(total))
    pages = _pages(w, [content] * 4)
    _finish(w, path, pages)


def image_bomb(path, total=1 << 30):
    w = Writer()
    img = w.stream("/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceCMYK "
                   "/BitsPerComponent 8 /Filter /FlateDecode", _zeros(total))
    content = w.stream("", b"q 100 0 0 100 0 0 cm /Im0 Do Q")
    pages = _pages(w, [content] * 4, resources="<< /XObject << /Im0 %d 0 R >> >>" % img)
    _finish(w, path, pages)


def objstm_bomb(path, total=1 << 30):
    """Catalog and page tree as plain objects, the page inside an object
    stream padded with NULs, a cross-reference stream to find it."""
    head = b"3 0 "
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\n"
    z = zlib.compressobj(9)
    data = z.compress(head + page)
    chunk = bytes(1 << 20)
    data += b"".join(z.compress(chunk) for _ in range(total >> 20)) + z.flush()
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
               % (len(head), len(data)) + data + b"\nendstream"}
    out = bytearray(b"%PDF-1.5\n")
    off = {}
    for n in (1, 2, 4):
        off[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    off[5] = len(out)

    def row(t, a, b):
        return bytes([t]) + struct.pack(">I", a) + struct.pack(">H", b)
    rows = (row(0, 0, 65535) + row(1, off[1], 0) + row(1, off[2], 0) + row(2, 4, 0)
            + row(1, off[4], 0) + row(1, off[5], 0))
    xs = zlib.compress(rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
            b"/Length %d >>\nstream\n" % len(xs) + xs
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % off[5])
    with open(path, "wb") as f:
        f.write(out)


def kids_repeat(path, times=100000):
    w = Writer()
    content = w.stream("", b"0 0 10 10 re f")
    pages_num = w.reserve()
    page = w.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
                 % (pages_num, content))
    w.set(pages_num, "<< /Type /Pages /Kids [%s] /Count %d >>"
          % (" ".join(["%d 0 R" % page] * times), times))
    _finish(w, path, pages_num)


def _labelled(w, n, sizes, rotate=None):
    font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    contents = []
    for k in range(1, n + 1):
        size = sizes[k - 1]
        turned = rotate and rotate[k - 1] in (90, 270)
        # text along the page's long side when it is turned: upright once shown
        ops = ("BT /F1 30 Tf 60 %s Td (PAGE%02d) Tj ET" % (num(size[1] - 100), k))
        if turned:
            ops = ("BT /F1 30 Tf 0 1 -1 0 %s 60 Tm (PAGE%02d) Tj ET" % (num(size[0] - 100), k))
        contents.append(w.stream("", ops.encode("latin-1")))
    return font, contents


def rotated(path):
    """Page 2 is stored portrait with /Rotate 90 and its text running up, so
    a reader shows it landscape... which makes it a different size: this
    file tests the size check. rotated_same is the one that imposes."""
    w = Writer()
    sizes = [A4, A4, A4, A4]
    rot = [0, 90, 0, 0]
    font, contents = _labelled(w, 4, sizes, rot)
    pages = _pages(w, contents, sizes, rot, "<< /Font << /F1 %d 0 R >> >>" % font)
    _finish(w, path, pages)


def rotated_same(path):
    """4 pages shown A4 portrait; page 2 is stored landscape (842 x 595)
    with /Rotate 90, its text drawn so that it reads upright when turned."""
    w = Writer()
    land = (A4[1], A4[0])
    sizes = [A4, land, A4, A4]
    rot = [0, 90, 0, 0]
    font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    contents = []
    for k in range(1, 5):
        if k == 2:
            # shown turned 90 degrees clockwise, the stored page's left edge
            # is the shown page's top: text running up the stored page near
            # its left edge reads left to right at the top of the shown page
            ops = "BT /F1 30 Tf 0 1 -1 0 100 60 Tm (PAGE02) Tj ET"
        else:
            ops = "BT /F1 30 Tf 60 %s Td (PAGE%02d) Tj ET" % (num(A4[1] - 100), k)
        contents.append(w.stream("", ops.encode("latin-1")))
    pages = _pages(w, contents, sizes, rot, "<< /Font << /F1 %d 0 R >> >>" % font)
    _finish(w, path, pages)


def mixed_sizes(path):
    w = Writer()
    sizes = [A4] * 8
    sizes[2] = sizes[5] = A5
    font, contents = _labelled(w, 8, sizes)
    pages = _pages(w, contents, sizes, None, "<< /Font << /F1 %d 0 R >> >>" % font)
    _finish(w, path, pages)


def many_pages(path, n):
    w = Writer()
    font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    contents = [w.stream("", ("BT /F1 30 Tf 60 700 Td (PAGE%05d) Tj ET" % k).encode())
                for k in range(1, n + 1)]
    pages = _pages(w, contents, None, None, "<< /Font << /F1 %d 0 R >> >>" % font)
    _finish(w, path, pages)


ALL = ["indexed_self", "deep_tree", "form_self", "form_fanout", "pattern_self", "size_claim",
       "inflate_bomb", "image_bomb", "objstm_bomb", "kids_repeat", "rotated", "rotated_same", "mixed_sizes"]
