"""mkpdf.py - small PDFs written byte by byte for the press suite: a clean
print file (the preflight's control) and the same file with one planted
fault each, plus numbered pages for the imposition checks.

Every file has a correct cross-reference table (qpdf --check is clean), so a
preflight FAIL can only come from the fault planted on purpose:

    good       PDF/X-1a keys, OutputIntent with the CMYK profile embedded,
               4 pages with TrimBox and a 3 mm BleedBox, tombo in
               registration colour, a K-only fill, a 300 ppi CMYK image
    font       + text in Helvetica, not embedded (K-only black)
    rgb_text   + text filled with 1 0 0 rg
    rich_black + text filled with 0.72 0.67 0.67 0.88 k
    lowres     the image at 150 ppi
    nobleed    TrimBox = BleedBox = MediaBox

Only the Python standard library is used (zlib for the image data).
"""
import zlib

MM = 72 / 25.4


class Writer:
    """Collects numbered objects and writes them with an xref table."""

    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(self.objects)

    def stream(self, dict_text, data):
        head = "<< %s /Length %d >>\nstream\n" % (dict_text, len(data))
        return self.add(head.encode("latin-1") + data + b"\nendstream")

    def reserve(self):
        self.objects.append(None)
        return len(self.objects)

    def set(self, num, body):
        self.objects[num - 1] = body if isinstance(body, bytes) else body.encode("latin-1")

    def write(self, path, root, info):
        out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R "
                b"/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\n"
                % (len(self.objects) + 1, root, info))
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        with open(path, "wb") as f:
            f.write(out)


def num(v):
    return ("%.4f" % v).rstrip("0").rstrip(".")


def tombo(tx0, ty0, tx1, ty1, b=3 * MM, length=10 * MM):
    """Corner double marks as in docs/prepress.md section 6."""
    ops = ["q /CSReg CS 1 SCN 0.2835 w"]
    for cx in (0, 1):
        for cy in (0, 1):
            x, y = (tx1 if cx else tx0), (ty1 if cy else ty0)
            sx, sy = (1 if cx else -1), (1 if cy else -1)
            for (x0, y0, x1, y1) in ((x, y + sy * b, x, y + sy * (b + length)),
                                     (x + sx * b, y, x + sx * (b + length), y),
                                     (x + sx * b, y, x + sx * b, y + sy * (b + length)),
                                     (x, y + sy * b, x + sx * (b + length), y + sy * b)):
                ops.append("%s %s m %s %s l S" % (num(x0), num(y0), num(x1), num(y1)))
    ops.append("Q")
    return "\n".join(ops)


def print_file(path, icc_path, fault=None):
    """The control print file, or it with one fault planted."""
    w = Writer()
    trim = (210 * MM, 297 * MM)
    margin = 15 * MM
    bleed = 3 * MM
    sheet = (trim[0] + 2 * margin, trim[1] + 2 * margin)
    tbox = (margin, margin, margin + trim[0], margin + trim[1])
    bbox = (margin - bleed, margin - bleed, margin + trim[0] + bleed, margin + trim[1] + bleed)
    if fault == "nobleed":
        tbox = bbox = (0, 0, sheet[0], sheet[1])

    with open(icc_path, "rb") as f:
        icc = f.read()
    prof = w.stream("/N 4", icc)
    oi = w.add("<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (FOGRA39) "
               "/OutputCondition (test) /Info (test) /RegistryName (http://www.color.org) "
               "/DestOutputProfile %d 0 R >>" % prof)

    # a 300 (or 150) pixel square CMYK image, placed one inch wide
    px = 150 if fault == "lowres" else 300
    data = bytes([20, 40, 60, 10] * (px * px))
    img = w.stream("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceCMYK "
                   "/BitsPerComponent 8 /Filter /FlateDecode" % (px, px), zlib.compress(data))
    text = fault in ("font", "rgb_text", "rich_black")
    font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>") if text else None
    csreg = w.add("[/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] "
                  "/C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]")

    pages_num = w.reserve()
    kids = []
    for p in range(4):
        ops = ["0 0 0 0.5 k %s %s 100 100 re f" % (num(tbox[0] + 20), num(tbox[1] + 20)),
               "q 72 0 0 72 %s %s cm /Im0 Do Q" % (num(tbox[0] + 150), num(tbox[1] + 150))]
        text_color = {"font": "0 0 0 1 k", "rgb_text": "1 0 0 rg",
                      "rich_black": "0.72 0.67 0.67 0.88 k"}.get(fault)
        if text_color:
            ops.append("%s BT /F1 12 Tf %s %s Td (Page %d) Tj ET"
                       % (text_color, num(tbox[0] + 30), num(tbox[3] - 40), p + 1))
        ops.append(tombo(*tbox))
        content = w.stream("", "\n".join(ops).encode("latin-1"))
        page = w.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /TrimBox [%s] "
                     "/BleedBox [%s] /Contents %d 0 R /Resources << /XObject << /Im0 %d 0 R >> "
                     "%s/ColorSpace << /CSReg %d 0 R >> >> >>"
                     % (pages_num, num(sheet[0]), num(sheet[1]),
                        " ".join(num(v) for v in tbox), " ".join(num(v) for v in bbox),
                        content, img, "/Font << /F1 %d 0 R >> " % font if text else "", csreg))
        kids.append(page)
    w.set(pages_num, "<< /Type /Pages /Kids [%s] /Count %d >>"
          % (" ".join("%d 0 R" % k for k in kids), len(kids)))
    root = w.add("<< /Type /Catalog /Pages %d 0 R /OutputIntents [%d 0 R] >>" % (pages_num, oi))
    info = w.add("<< /Title (test %s) /CreationDate (D:20261201000000Z) "
                 "/ModDate (D:20261201000000Z) /Trapped /False "
                 "/GTS_PDFXVersion (PDF/X-1:2001) /GTS_PDFXConformance (PDF/X-1a:2001) >>"
                 % (fault or "good"))
    w.write(path, root, info)


def numbered(path, n, size=(595.28, 841.89)):
    """n pages, each showing 'PAGE k' near its top-left and centre."""
    w = Writer()
    font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_num = w.reserve()
    kids = []
    for k in range(1, n + 1):
        ops = "BT /F1 40 Tf 100 %s Td (PAGE%02d) Tj ET" % (num(size[1] / 2), k)
        content = w.stream("", ops.encode("latin-1"))
        kids.append(w.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R "
                          "/Resources << /Font << /F1 %d 0 R >> >> >>"
                          % (pages_num, num(size[0]), num(size[1]), content, font)))
    w.set(pages_num, "<< /Type /Pages /Kids [%s] /Count %d >>"
          % (" ".join("%d 0 R" % k for k in kids), len(kids)))
    root = w.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_num)
    info = w.add("<< /Title (numbered) >>")
    w.write(path, root, info)
