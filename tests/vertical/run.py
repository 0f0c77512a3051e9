#!/usr/bin/env python3
"""The vertical suite (issue 14 point 1): vertical type areas and right
binding, checked on what canpress makes.

- vertical frames, from the display list against the area docs/format.md
  defines (its values read back from `dump --stage=model`): every justified
  body line of a vertical article has its axis on a grid line of the area
  (0.01 pt), starts at its tier's top (or whole characters in) and ends at
  its foot; lines come in reading order, tiers top to bottom and right to
  left in each; lines of every tier share the same axes; no vertical line
  breaks kinsoku and every justified one is flush at its foot;
- `check` on vertical pages: a missing glyph, a low-resolution and a
  missing figure image and a title too long for its block, planted in the
  sample's vertical articles on b5-tate, each reported at its file:line;

- the sample issue builds on layouts/b5-tate.yaml (--layout), its PDF says
  it reads right to left (/ViewerPreferences /Direction /R2L) and the
  left-bound build does not;
- page order right to left: every page of the right-bound issue has its
  folio at the outer edge of the side it is printed on (page 1 a left-hand
  page, page 2 the right-hand page of the first spread, ...), from the
  display list, and the left-bound build the other way round;
- preview --sheet of a right-bound issue: rows read right to left;
- imposition of the right-bound booklet with no --binding: which page is
  on which half of which sheet side, read back with poppler (the words of
  each half against the words of each page of the issue).

Usage: run.py CANPRESS (meson runs it with the fixed environment)."""
import os
import re
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402
from tap import Check  # noqa: E402

SAMPLE = os.path.join(tap.SOURCE_DIR, "content-samples", "issue.yaml")

MM = 72.0 / 25.4
UNITS = {"mm": MM, "pt": 1.0, "Q": 0.25 * MM, "H": 0.25 * MM}
VRUN = re.compile(r'\s*glyphs f(\d+) x=([-\d.]+) y=([-\d.]+) w=([-\d.]+) \S+ n=\d+'
                  r'( vertical| rotated| tcy)? "(.*)"'
                  r'(?: line=(j?b?) measure=([-\d.]+)\.\.([-\d.]+) hang=([-\d.]+))?$')


def layout_values(dump):
    """layout.* = value lines of a model dump, as {key: text}."""
    vals = {}
    for line in dump.splitlines():
        m = re.match(r"(layout\.[\w.]+) = (\S+)", line)
        if m:
            vals[m.group(1)] = m.group(2).strip('"')
    return vals


def length(text, zw):
    m = re.match(r"([-\d.]+)(mm|pt|Q|H|zw)$", text)
    if not m:
        raise Check("cannot read the length %r" % text)
    v = float(m.group(1))
    return v * zw if m.group(2) == "zw" else v * UNITS[m.group(2)]


class VArea:
    """The vertical type area as docs/format.md defines it, from the
    layout's values in canpress's own model dump."""

    def __init__(self, vals):
        self.body = vals["layout.body.writing"] == "vertical"
        pre = "layout.body." if self.body else "layout.vertical."
        bsize = length(vals["layout.body.size"], 0)
        self.size = bsize if self.body or length(vals[pre + "size"], 0) == 0 \
            else length(vals[pre + "size"], 0)
        p = vals[pre + "pitch"]
        self.pitch = length(vals["layout.body.pitch"], bsize) \
            if not self.body and length(p, bsize) == 0 else length(p, self.size)
        self.chars = int(vals[pre + "chars"])
        self.lines = int(vals[pre + "lines"])
        self.tiers = int(vals[pre + "tiers"])
        self.gap = length(vals[pre + "tier_gap"], self.size)
        self.measure = self.chars * self.size
        self.w = (self.lines - 1) * self.pitch + self.size
        self.top = length(vals["layout.margins.top"], bsize)
        self.right_bound = vals["layout.page.binding"] == "right"
        self.page_w = length(vals["layout.page.width"], 0)
        self.inner = length(vals["layout.margins.inner"], bsize)
        self.outer = length(vals["layout.margins.outer"], bsize)
        # a horizontal layout: the body's area, centred on it
        cols = int(vals["layout.body.columns"])
        self.hw = cols * int(vals["layout.body.chars"]) * bsize + \
            (cols - 1) * length(vals["layout.body.column_gap"], bsize)

    def right_axis(self, index):
        """The axis of grid line 0 on page index (0-based)."""
        recto = index % 2 == 0
        left = (not recto) if self.right_bound else recto
        if self.body:
            x = self.inner if left else self.page_w - self.inner - self.w
        else:
            hx = self.inner if left else self.page_w - self.inner - self.hw
            x = hx + (self.hw - self.w) / 2
            lo = self.inner if left else self.outer
            hi = self.page_w - (self.outer if left else self.inner) - self.w
            x = min(max(x, lo), hi)
        return x + self.w - self.size / 2

    def tier_tops(self):
        return [self.top + t * (self.measure + self.gap) for t in range(self.tiers)]


NO_START = set("」』）］】〉》〕”’｝〙〗、。，．・：；！？‼⁇ヽヾゝゞ々〻ー"
               "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ‐〜")
NO_END = set("「『（［【〈《〔“‘")
CLOSING = set("」』）］】〉》〕”’｝〙〗、。，．")


def vlines(runs):
    """The runs of one page's vertical lines grouped into lines, in the
    order they were set: a line goes on while its runs go down the page on
    one axis (a turned run's x is off the axis, its y still goes on from
    where the run before it ends: a turned word that starts the next line,
    SNS in a member card, starts above that end)."""
    lines = []
    for r in runs:
        cur = lines[-1] if lines else None
        axis = next((q["x"] for q in cur if q["kind"] != "rotated"), None) if cur else None
        same = cur is not None and r["y"] >= cur[-1]["y"] - 0.01 and \
            (r["kind"] == "rotated" or axis is None or abs(r["x"] - axis) < 0.01) and \
            (r["kind"] != "rotated" or r["y"] >= cur[-1]["y"] + cur[-1]["w"] - 1.0)
        if same:
            cur.append(r)
        else:
            lines.append([r])
    return lines


def vertical_pages(dump):
    """Per page (index, [run dicts]) of the runs of vertical lines."""
    pages = []
    for line in dump.splitlines():
        if line.startswith("page "):
            pages.append([])
            continue
        m = VRUN.match(line)
        if m and pages and m.group(5):
            r = {"font": int(m.group(1)), "x": float(m.group(2)), "y": float(m.group(3)),
                 "w": float(m.group(4)), "kind": m.group(5).strip(), "text": m.group(6)}
            if m.group(7) is not None:
                r.update(just="j" in m.group(7), broken="b" in m.group(7),
                         x0=float(m.group(8)), x1=float(m.group(9)), hang=float(m.group(10)))
            pages[-1].append(r)
    return pages


def dl_pages(text):
    """The display list dump as pages: (label, width, height, items)."""
    pages = []
    for line in text.splitlines():
        m = re.match(r'page \d+ label "([^"]*)" ([\d.]+)x([\d.]+)', line)
        if m:
            pages.append((m.group(1), float(m.group(2)), float(m.group(3)), []))
        elif pages and line.startswith("  "):
            pages[-1][3].append(line.strip())
    return pages


def glyph_runs(items):
    """(x, y, text, vertical) of every glyph run of a page."""
    runs = []
    for it in items:
        m = re.match(r'glyphs f\d+ x=([-\d.]+) y=([-\d.]+) .*?"(.*)"$', it)
        if m:
            runs.append((float(m.group(1)), float(m.group(2)), m.group(3), "vertical" in it))
    return runs


def words_by_page(pdf):
    """Each page's words (pdftotext -bbox) as a list of (xMin, text)."""
    out = tap.tool(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"])
    pages = []
    for chunk in out.split("<page ")[1:]:
        pages.append([(float(x), w) for x, w in
                      re.findall(r'<word xMin="([-\d.]+)"[^>]*>([^<]*)</word>', chunk)])
    return pages


def write_png(path, w, h):
    """A flat-coloured RGB PNG of w x h pixels."""
    raw = b"".join(b"\x00" + bytes([200, 120, 60]) * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def sub(path, old, new):
    s = open(path, encoding="utf-8").read()
    if old not in s:
        raise Check("%s has no %r to change" % (path, old))
    open(path, "w", encoding="utf-8").write(s.replace(old, new, 1))


def line_of(path, text):
    for i, l in enumerate(open(path, encoding="utf-8"), 1):
        if text in l:
            return i
    raise Check("%s has no line with %r" % (path, text))


def png_gray(path):
    """(width, height, rows of grey levels) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    pos, idat, w, h, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise Check("%s: a PNG of depth %d, colour type %d" % (path, depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev, i = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([sum(line[x * bpp:x * bpp + 3]) // 3 for x in range(w)])
        prev = line
    return w, h, rows


class Vertical:
    def __init__(self, canpress, tmp):
        self.bin = canpress
        self.tmp = tmp
        self.b5 = os.path.join(tmp, "b5.pdf")
        self.a4 = os.path.join(tmp, "a4.pdf")

    def canpress(self, *args):
        p = tap.run([self.bin] + list(args), timeout=300)
        if p.returncode != 0:
            raise Check("canpress %s: exit %d" % (" ".join(args), p.returncode),
                        *p.stderr.strip().splitlines()[-8:])
        return p.stdout

    def builds(self):
        self.canpress("build", SAMPLE, "--layout", "b5-tate", "-o", self.b5)
        self.canpress("build", SAMPLE, "-o", self.a4)
        n = tap.pdf_pages(self.b5)
        if n % 4 != 0:
            raise Check("the right-bound sample has %d pages, not a multiple of 4" % n)
        box = tap.pdf_boxes(self.b5)["MediaBox"]
        if not (tap.near(box[2] - box[0], 182 * 72 / 25.4, 0.5)
                and tap.near(box[3] - box[1], 257 * 72 / 25.4, 0.5)):
            raise Check("b5-tate pages are %s, not B5" % (box,))
        for pdf, want in ((self.b5, True), (self.a4, False)):
            raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                                 capture_output=True, timeout=120).stdout
            has = b"/Direction /R2L" in raw
            if has != want:
                raise Check("%s: /Direction /R2L %s" % (os.path.basename(pdf),
                                                       "missing" if want else "present"))

    def page_sides(self):
        for layout, right in (("b5-tate", True), ("a4-yoko", False)):
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            checked = 0
            for i, (label, w, h, items) in enumerate(dl_pages(dump)):
                runs = [r for r in glyph_runs(items) if r[2] == label]
                if not runs or not label.isdigit():
                    continue
                x, y, _, _ = max(runs, key=lambda r: r[1])  # the folio: the lowest
                recto = i % 2 == 0
                # a recto is a right-hand page when bound on the left, a
                # left-hand page when bound on the right; the folio sits at
                # the outer edge, away from the binding
                left_hand = recto == right
                if (x < w / 2) != left_hand:
                    raise Check("%s: page %d (%s-hand) has its folio at x=%.2f of %.2f"
                                % (layout, i + 1, "left" if left_hand else "right", x, w))
                checked += 1
            if checked < 10:
                raise Check("%s: only %d folios found" % (layout, checked))

    def vertical_grid(self):
        for layout, least in (("b5-tate", 200), ("a4-yoko", 60)):
            area = VArea(layout_values(self.canpress("dump", "--stage=model", "--layout",
                                                     layout, SAMPLE)))
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            fonts = body_fonts(dump, area.size)
            tops = area.tier_tops()
            n_lines = 0
            n_pages = 0
            n_tiers = set()
            for i, runs in enumerate(vertical_pages(dump)):
                lines = [r for r in runs if r.get("just") and r["font"] in fonts
                         and r["kind"] != "rotated"]
                if not lines:
                    continue
                n_pages += 1
                axis0 = area.right_axis(i)
                seen = []
                for r in lines:
                    where = "%s page %d %r" % (layout, i + 1, r["text"][:12])
                    k = (axis0 - r["x"]) / area.pitch
                    if abs(k - round(k)) * area.pitch > 0.01 or not 0 <= round(k) < area.lines:
                        raise Check("%s: axis x=%.2f is not a grid line (first axis %.2f, "
                                    "pitch %.2f)" % (where, r["x"], axis0, area.pitch))
                    tier = [t for t, top in enumerate(tops)
                            if top - 0.01 <= r["x0"] < top + area.measure]
                    if not tier:
                        raise Check("%s: line starts at y=%.2f, in no tier %s"
                                    % (where, r["x0"], [round(t, 2) for t in tops]))
                    t = tier[0]
                    indent = (r["x0"] - tops[t]) / area.size
                    if abs(indent - round(indent)) * area.size > 0.01:
                        raise Check("%s: starts %.2f pt into its tier, not whole characters"
                                    % (where, r["x0"] - tops[t]))
                    if not tap.near(r["x1"], tops[t] + area.measure, 0.01):
                        raise Check("%s: justified line ends at y=%.2f, not at the tier's "
                                    "foot %.2f" % (where, r["x1"], tops[t] + area.measure))
                    seen.append((t, round(k)))
                    n_tiers.add(t)
                # the order lines were set in: tiers top to bottom, in each
                # tier lines right to left
                order = [s for k, s in enumerate(seen) if k == 0 or s != seen[k - 1]]
                if order != sorted(order):
                    raise Check("%s page %d: lines out of reading order: %s"
                                % (layout, i + 1, order[:20]))
                n_lines += len(set(seen))
            if n_pages < 2 or n_lines < least or len(n_tiers) < area.tiers:
                raise Check("%s: only %d justified lines on %d vertical pages in %d tiers"
                            % (layout, n_lines, n_pages, len(n_tiers)))

    def vertical_lines(self):
        for layout, least in (("b5-tate", 300), ("a4-yoko", 60)):
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            fonts = fonts_of(dump)
            bad = []
            n_lines = 0
            n_flush = 0
            for i, runs in enumerate(vertical_pages(dump)):
                lines = vlines(runs)
                for k, ln in enumerate(lines):
                    text = "".join(r["text"] for r in ln).strip()
                    if not text:
                        continue
                    n_lines += 1
                    where = "%s page %d: %s" % (layout, i + 1, text[:30])
                    # JLReq 3.1.7 and 3.1.8, as tests/typeset checks horizontal lines
                    if ln[0].get("broken") and text[0] in NO_START:
                        bad.append("%s: starts with '%s'" % (where, text[0]))
                    nxt = lines[k + 1] if k + 1 < len(lines) else None
                    if nxt and nxt[0].get("broken") and text[-1] in NO_END:
                        bad.append("%s: ends with '%s'" % (where, text[-1]))
                    # a justified line ends at its measure's foot (a
                    # closing mark at its end may keep its half-zw aki, as
                    # tests/typeset allows)
                    last = ln[-1]
                    if last.get("just"):
                        n_flush += 1
                        end = last["y"] + last["w"] - last["hang"]
                        tails = [0.0]
                        if last["text"].rstrip()[-1:] in CLOSING and last["font"] in fonts:
                            tails.append(fonts[last["font"]][2] / 2)
                        if all(abs(end + t - last["x1"]) > 0.05 for t in tails):
                            bad.append("%s: justified line ends at y=%.2f, its measure at "
                                       "%.2f" % (where, end, last["x1"]))
            if bad or n_lines < least or n_flush < least // 2:
                raise Check("%s: %d vertical lines, %d justified" % (layout, n_lines, n_flush),
                            *bad[:20])

    def contents(self):
        """toc: writing: the contents of b5-tate are vertical, their page
        numbers (tate-chu-yoko, at the area's top) read right to left and
        rising; a4-yoko's are horizontal, rising down the page."""
        for layout, vertical in (("b5-tate", True), ("a4-yoko", False)):
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            pages = re.split(r"(?m)^page \d+ ", dump)[1:]
            # the contents: the page with its bookmark, and those after it
            # until the next part's bookmark
            first = next((i for i, p in enumerate(pages) if 'outline 1 "目次"' in p), None)
            if first is None:
                raise Check("%s: no contents page" % layout)
            toc = [pages[first]]
            for p in pages[first + 1:]:
                if "outline 1 " in p:
                    break
                toc.append(p)
            nums = []
            for p in toc:
                runs = [(float(m.group(1)), float(m.group(2)), m.group(3), int(m.group(4)))
                        for m in re.finditer(r'glyphs f\d+ x=([-\d.]+) y=([-\d.]+) \S+ \S+ '
                                             r'n=\d+( tcy| vertical)? "(\d\d)"', p)]
                if not runs:
                    continue
                if vertical:
                    # the entries' numbers start at the area's top
                    top = min(r[1] for r in runs)
                    runs = sorted((r for r in runs if abs(r[1] - top) < 0.01),
                                  key=lambda r: -r[0])
                else:
                    left = min(r[0] for r in runs)
                    runs = sorted((r for r in runs if abs(r[0] - left) < 0.01),
                                  key=lambda r: r[1])
                if any(bool(r[2]) != vertical for r in runs):
                    raise Check("%s: contents page numbers set %s" %
                                (layout, "horizontally" if vertical else "vertically"))
                nums += [r[3] for r in runs]
            if len(nums) < 5 or nums != sorted(nums):
                raise Check("%s: the contents' page numbers in reading order: %s" % (layout, nums))

    def title_block(self):
        """A vertical article's title block as Japanese magazines set it
        (issue 14 point 1): the lead in the first tier only (every one of
        its lines inside that tier, on a grid line), the second tier's body
        beside it; every line of a heading on a grid line, a heading of
        three lines (planted in the vertical column) too."""
        src = os.path.join(self.tmp, "heads")
        if not os.path.isdir(src):
            shutil.copytree(os.path.dirname(SAMPLE), src)
            kami = os.path.join(src, "articles", "03-column-kami.yaml")
            sub(kami, "## 画面の中では、すぐに流れていく",
                "## 画面の中では、すぐに流れていく言葉と、いつまでも手もとに残る紙の"
                "あいだで考えたこと、そしてこれから")
        issue = os.path.join(src, "issue.yaml")
        for layout in ("b5-tate", "a4-yoko"):
            area = VArea(layout_values(self.canpress("dump", "--stage=model", "--layout",
                                                     layout, issue)))
            dump = self.canpress("dump", "--layout", layout, issue)
            fonts = fonts_of(dump)
            body = body_fonts(dump, area.size)
            tops = area.tier_tops()
            leads = 0
            heads = 0
            long_head = 0
            for i, (titles, runs) in enumerate(coloured_pages(dump)):
                axis0 = area.right_axis(i)

                def grid(x):
                    k = (axis0 - x) / area.pitch
                    return round(k) if abs(k - round(k)) * area.pitch <= 0.01 else None
                upright = [r for r in runs if r[5] != "rotated"]
                if not any(r[0] in body for r in upright):
                    continue
                for r in upright:
                    family, weight, _ = fonts[r[0]]
                    where = "%s page %d %r" % (layout, i + 1, r[6][:12])
                    if r[4] == "cmyk(0,55,65,15)" and weight == 700 and "Sans" in family:
                        # a heading (the accent, bold gothic)
                        if grid(r[1]) is None:
                            raise Check("%s: heading line's axis x=%.2f is not a grid line"
                                        % (where, r[1]))
                        heads += 1
                        long_head += any(w in r[6] for w in ("流れていく言葉", "手もとに残る",
                                                             "考えたこと"))
                if not titles or "vertical" not in [r[5] for r in runs]:
                    continue
                lead = [r for r in upright if r[4] == "cmyk(0,0,0,85)"
                        and "Sans" in fonts[r[0]][0]]
                if not lead:
                    continue
                lines = set()
                for r in lead:
                    where = "%s page %d lead %r" % (layout, i + 1, r[6][:12])
                    if grid(r[1]) is None:
                        raise Check("%s: axis x=%.2f is not a grid line" % (where, r[1]))
                    if not (tops[0] - 0.01 <= r[2] and r[2] + r[3] <= tops[0] + area.measure
                            + 0.01):
                        raise Check("%s: runs y=%.2f..%.2f, out of the first tier %.2f..%.2f"
                                    % (where, r[2], r[2] + r[3], tops[0],
                                       tops[0] + area.measure))
                    lines.add(grid(r[1]))
                # the second tier's body starts beside the lead, not after it
                second = [grid(r[1]) for r in upright
                          if tops[1] - 0.01 <= r[2] < tops[1] + area.measure]
                second = [k for k in second if k is not None]
                if not second or min(second) > max(lines):
                    raise Check("%s page %d: the second tier starts on line %s, "
                                "after the lead's lines %s" % (layout, i + 1,
                                                              min(second) if second else None,
                                                              sorted(lines)))
                leads += 1
            if leads < (1 if layout == "a4-yoko" else 3) or heads < 5 or long_head < 3:
                raise Check("%s: %d leads, %d heading lines (%d of the long heading) checked"
                            % (layout, leads, heads, long_head))

    def running_heads(self):
        """Running heads (hashira) placed for the binding (issue 14 point 2,
        docs/format.md): horizontal in the top margin at the outer corner,
        the layout's offset above the type area; on b5-tate flush with the
        vertical area's outer edge, the section on odd pages (left-hand: it
        starts at the area's left edge) and the issue on even pages
        (right-hand: it ends at the right edge); a4-yoko mirrored."""
        for layout in ("b5-tate", "a4-yoko"):
            vals = layout_values(self.canpress("dump", "--stage=model", "--layout", layout,
                                               SAMPLE))
            area = VArea(vals)
            offset = length(vals["layout.running_head.offset"], area.size)
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            pages = re.split(r"(?m)^page \d+ ", dump)[1:]
            checked = {True: 0, False: 0}
            section = None
            for i, text in enumerate(pages):
                m = re.search(r'outline 1 "(.*)"', text)
                if m:
                    section = m.group(1)
                heads = [(float(h.group(1)), float(h.group(2)), float(h.group(3)), h.group(4))
                         for h in re.finditer(r'glyphs f\d+ x=([-\d.]+) y=([-\d.]+) '
                                              r'w=([-\d.]+) color=cmyk\(0,0,0,60\) n=\d+ '
                                              r'"(.*)"', text)]
                heads = [h for h in heads if h[1] < area.top]
                if not heads:
                    continue
                if len(heads) != 1:
                    raise Check("%s page %d: %d running heads" % (layout, i + 1, len(heads)))
                x, y, w, head = heads[0]
                odd = i % 2 == 0
                left_hand = odd == area.right_bound
                if area.body:
                    right = area.right_axis(i) + area.size / 2
                    left = right - area.w
                else:
                    bl = not left_hand
                    left = area.inner if bl else area.page_w - area.inner - area.hw
                    right = left + area.hw
                where = "%s page %d (%s-hand) %r" % (layout, i + 1,
                                                     "left" if left_hand else "right", head)
                if left_hand and not tap.near(x, left, 0.01):
                    raise Check("%s: starts at x=%.2f, not the area's left edge %.2f"
                                % (where, x, left))
                if not left_hand and not tap.near(x + w, right, 0.01):
                    raise Check("%s: ends at x=%.2f, not the area's right edge %.2f"
                                % (where, x + w, right))
                if not tap.near(y, area.top - offset, 0.01):
                    raise Check("%s: baseline y=%.2f, not %.2f above the area's top %.2f"
                                % (where, y, offset, area.top))
                issue = head.startswith("CAN Vol.")
                if issue == odd or (odd and section is not None
                                    and head != section.replace("\\n", "")):
                    raise Check("%s: the %s page shows %r (the section is %r)"
                                % (where, "odd" if odd else "even", head, section))
                checked[left_hand] += 1
            if min(checked.values()) < 5:
                raise Check("%s: running heads checked on %d left-hand and %d right-hand pages"
                            % (layout, checked[True], checked[False]))

    def cover(self):
        """The cover of a vertical layout (issue 14 point 3): on b5-tate
        (right binding, the spine at the right edge) the headline is set
        vertically at the spine side, the issue number and the date's month
        and day as tate-chu-yoko, the contents an entry a vertical line read
        right to left, all left of the headline; the photo left of the
        headline, or, without a cover image, a field of the accent colour
        running off the spine's edge behind the headline. a4-yoko's cover
        stays horizontal."""
        nophoto = os.path.join(self.tmp, "nophoto")
        if not os.path.isdir(nophoto):
            shutil.copytree(os.path.dirname(SAMPLE), nophoto)
            sub(os.path.join(nophoto, "issue.yaml"), "  image: images/cover.jpg\n", "")
        headline = re.search(r"headline: (.*)", open(SAMPLE, encoding="utf-8").read()).group(1)
        for issue, photo in ((SAMPLE, True), (os.path.join(nophoto, "issue.yaml"), False)):
            dump = self.canpress("dump", "--layout", "b5-tate", issue)
            label, page_w, _, items = dl_pages(dump)[0]
            where = "b5-tate cover (%s)" % ("photo" if photo else "no image")
            runs = [(float(m.group(2)), float(m.group(3)), float(m.group(4)),
                     (m.group(6) or "").strip(), m.group(7))
                    for m in map(CRUN.match, ["  " + it for it in items]) if m]
            # the headline's lines: the runs of its text, right to left
            heads = sorted((r for r in runs if len(r[4]) >= 3 and r[4] in headline),
                           key=lambda r: -r[0])
            if "".join(r[4] for r in heads) != headline.strip() or \
                    any(r[3] != "vertical" for r in heads):
                raise Check("%s: the headline is not set in vertical lines: %s"
                            % (where, heads))
            hx = min(r[0] for r in heads)
            if hx < page_w / 2:
                raise Check("%s: the headline's axis x=%.2f is not on the spine's (right) half"
                            % (where, hx))
            tcy = [r[4] for r in runs if r[3] == "tcy"]
            for n in ("7", "12", "1"):
                if n not in tcy:
                    raise Check("%s: %r is not set as tate-chu-yoko (tcy runs: %s)"
                                % (where, n, tcy))
            entries = [r for r in runs if r[4].startswith("・")]
            if len(entries) < 6 or any(r[3] != "vertical" for r in entries):
                raise Check("%s: %d contents entries, not all vertical" % (where, len(entries)))
            xs = [r[0] for r in entries]
            if any(b >= a for a, b in zip(xs, xs[1:])) and photo:
                raise Check("%s: the entries do not read right to left: %s" % (where, xs))
            if max(xs) >= hx:
                raise Check("%s: a contents entry (x=%.2f) right of the headline (x=%.2f)"
                            % (where, max(xs), hx))
            rects = [tuple(map(float, m.groups())) for m in
                     (re.match(r"rect \(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\) "
                               r"fill=cmyk\(0,55,65,15\)", it) for it in items) if m]
            images = [tuple(map(float, m.groups())) for m in
                      (re.match(r"image i\d+ frame=\(([-\d.]+),([-\d.]+),([-\d.]+),"
                                r"([-\d.]+)\)", it) for it in items) if m]
            if photo:
                if len(images) != 1 or images[0][0] + images[0][2] >= hx:
                    raise Check("%s: the photo %s is not left of the headline" % (where, images))
            elif len(rects) != 1 or rects[0][0] >= hx or rects[0][0] + rects[0][2] < page_w:
                raise Check("%s: no accent field from left of the headline off the spine's "
                            "edge: %s" % (where, rects))
        dump = self.canpress("dump", SAMPLE)
        cover = dl_pages(dump)[0][3]
        if any(" vertical " in it or " tcy " in it for it in cover):
            raise Check("a4-yoko's cover has vertical text")

    def pdftotext(self):
        """pdftotext reads vertical lines with turned Western words in order
        (issue 14 point 6): a paragraph planted in the vertical column that
        starts with a turned word, the sample's line with three turned words
        and the cards' "Web" lines come out whole, on b5-tate and a4-yoko."""
        src = os.path.join(self.tmp, "latin")
        if not os.path.isdir(src):
            shutil.copytree(os.path.dirname(SAMPLE), src)
            sub(os.path.join(src, "articles", "03-column-kami.yaml"), "  ## 冷蔵庫に貼られた一枚\n",
                "  Webサイトは便利ですが、紙には紙の届き方があります。\n\n"
                "  ## 冷蔵庫に貼られた一枚\n")
        for layout, wants in (("b5-tate", ["Web サイトは便利ですが、紙には紙の届き方があります。",
                                           "は SNS に、会社案内は Web サイトに、請求書や報告書は"
                                           " PDF に。",
                                           "Web 制作・デザイン"]),
                              ("a4-yoko", ["Web サイトは便利ですが、紙には紙の届き方"])):
            pdf = os.path.join(self.tmp, "latin-%s.pdf" % layout)
            self.canpress("build", os.path.join(src, "issue.yaml"), "--layout", layout,
                          "-o", pdf)
            text = tap.tool(["pdftotext", "-enc", "UTF-8", pdf, "-"])
            lines = [ln.strip() for ln in text.splitlines()]
            for want in wants:
                if not any(want in ln for ln in lines):
                    near = [ln for ln in lines if want.split()[-1][:4] in ln or
                            want.split()[0] == ln]
                    raise Check("%s: no line reads %r" % (layout, want), *near[:6])

    def checks(self):
        """`check` on vertical pages: faults planted in the sample's vertical
        articles, set on b5-tate, are reported at their file and line."""
        pf = os.path.join(self.tmp, "faults")
        shutil.copytree(os.path.dirname(SAMPLE), pf)
        kami = os.path.join(pf, "articles", "03-column-kami.yaml")
        nabe = os.path.join(pf, "articles", "01-shinbokukai-report.yaml")
        kouki = os.path.join(pf, "articles", "07-henshuu-kouki.yaml")
        # a character no font has, in the body of the vertical column
        sub(kami, "紙のにおいから始まります。", "紙のにおいから始まります\U00013000。")
        # a figure's image printed below the floor (press.min_ppi) at a tier's height
        write_png(os.path.join(pf, "images", "low.png"), 60, 40)
        sub(kami, "(../images/paper.jpg)", "(../images/low.png)")
        # a figure whose image is missing
        sub(nabe, "(../images/dinner-table.jpg)", "(../images/no-such.jpg)")
        # a title too long for the title block of its first page
        sub(kouki, "title: 編集後記", "title: " + "編集後記、食卓の記憶を紙に残すということ" * 12)
        want = {
            ("articles/03-column-kami.yaml", line_of(kami, "\U00013000"), "missing-glyph"),
            ("articles/03-column-kami.yaml", line_of(kami, "low.png"), "resolution-floor"),
            ("articles/01-shinbokukai-report.yaml", line_of(nabe, "no-such.jpg"),
             "missing-file"),
            ("articles/07-henshuu-kouki.yaml", line_of(kouki, "title:"), "overset"),
        }
        p = tap.run([self.bin, "check", "--json", "--layout", "b5-tate", "issue.yaml"], cwd=pf,
                    timeout=300)
        try:
            diags = json.loads(p.stdout)
        except ValueError:
            raise Check("check --json printed no JSON (exit %d)" % p.returncode,
                        *p.stderr.splitlines()[-5:])
        got = {(d["file"], d["line"], d["code"]) for d in diags}
        missing = want - got
        if missing or p.returncode != 1:
            raise Check("exit %d; not reported: %s" % (p.returncode, sorted(missing)),
                        *["%s:%s: %s" % (d["file"], d["line"], d["code"]) for d in diags][:15])

    def sheet(self):
        """preview --sheet reads right to left when the issue is bound on the
        right: the cover (a coloured page, darker than page 2) is the right
        thumbnail of pages 1-2 on b5-tate, the left one on a4-yoko."""
        for layout, cover_right in (("b5-tate", True), ("a4-yoko", False)):
            out = os.path.join(self.tmp, "sheet-%s.png" % layout)
            self.canpress("preview", "--sheet", "--layout", layout, "--pages", "1-2",
                          "--columns", "2", "--dpi", "12", SAMPLE, "-o", out)
            w, h, rows = png_gray(out)
            half = [sum(r[x] for r in rows for x in (range(w // 2) if k == 0 else
                                                      range(w // 2, w)))
                    for k in (0, 1)]
            if (half[1] < half[0]) != cover_right:
                raise Check("%s: the cover is not the %s thumbnail (grey sums %s)"
                            % (layout, "right" if cover_right else "left", half))

    def imposition(self):
        if not os.path.exists(self.b5):
            self.builds()
        out = os.path.join(self.tmp, "booklet.pdf")
        self.canpress("impose", self.b5, "-o", out)  # no --binding: the PDF says R2L
        src = words_by_page(self.b5)
        n = len(src)
        sides = words_by_page(out)
        if len(sides) != n // 2:
            raise Check("%d sheet sides for %d pages" % (len(sides), n))
        half = float(re.search(r"Page size:\s+([\d.]+)", tap.tool(["pdfinfo", out])).group(1)) / 2
        checked = 0
        for s, words in enumerate(sides):
            sheet = s // 2
            # right binding, 1-based: front (2s+1 | n-2s), back (n-2s-1 | 2s+2)
            if s % 2 == 0:
                want = (2 * sheet + 1, n - 2 * sheet)
            else:
                want = (n - 2 * sheet - 1, 2 * sheet + 2)
            for k, page in enumerate(want):
                # the characters, not the words: pdftotext may cut a line
                # into words differently on the sheet
                got = "".join(sorted("".join(w for x, w in words if (x >= half) == (k == 1))))
                exp = "".join(sorted("".join(w for _, w in src[page - 1])))
                if got != exp:
                    raise Check("sheet side %d, %s half: not page %d" %
                                (s + 1, "right" if k else "left", page),
                                "got %s" % got[:40], "want %s" % exp[:40])
                checked += bool(exp)
        if checked < n // 2:
            raise Check("only %d of %d page halves had text to compare" % (checked, n))


CRUN = re.compile(r'\s*glyphs f(\d+) x=([-\d.]+) y=([-\d.]+) w=([-\d.]+) color=(\S+) n=\d+'
                  r'( vertical| rotated| tcy)? "(.*?)"')


def coloured_pages(dump):
    """Per page: (its outline-1 titles, [(font, x, y, w, colour, kind, text)])
    of its glyph runs set in vertical lines."""
    pages = []
    for line in dump.splitlines():
        if line.startswith("page "):
            pages.append(([], []))
            continue
        if not pages:
            continue
        m = re.match(r'\s*outline 1 "(.*)"', line)
        if m:
            pages[-1][0].append(m.group(1))
        m = CRUN.match(line)
        if m and m.group(6):
            pages[-1][1].append((int(m.group(1)), float(m.group(2)), float(m.group(3)),
                                 float(m.group(4)), m.group(5), m.group(6).strip(),
                                 m.group(7)))
    return pages


def fonts_of(dump):
    """{font index: (family, weight, size)} of a display-list dump."""
    out = {}
    for line in dump.splitlines():
        if line.startswith("page "):
            break
        m = FONT.match(line)
        if m:
            out[int(m.group(1))] = (m.group(2), int(m.group(3)), float(m.group(4)))
    return out


FONT = re.compile(r'^\s+f(\d+) (.*) (\d+) ([\d.]+)pt ')


def body_fonts(dump, size):
    """The display list's fonts of the body: the mincho role at its regular
    weight and the body's size (the lines a vertical article sets on the
    grid; titles, leads and quotes have sizes and pitches of their own)."""
    out = set()
    for line in dump.splitlines():
        if line.startswith("page "):
            break
        m = FONT.match(line)
        if m and "Serif" in m.group(2) and m.group(3) == "400" and \
                abs(float(m.group(4)) - size) < 0.01:
            out.add(int(m.group(1)))
    return out


CHECKS = [
    ("builds", "the sample builds on b5-tate (--layout): B5, pages a multiple of 4, "
               "/Direction /R2L only when bound on the right"),
    ("page_sides", "page order right to left: each page's folio on the outer edge of its "
                   "printed side (b5-tate and a4-yoko)"),
    ("vertical_grid", "vertical articles (the sample on b5-tate, its column on a4-yoko): every "
                      "justified body line's axis on the grid, its measure a tier's, "
                      "tiers top to bottom, lines right to left"),
    ("vertical_lines", "vertical lines of the sample on both layouts: none starts with a "
                       "line-start-prohibited character or ends with an opening bracket, "
                       "every justified line flush at its measure's foot (0.05 pt)"),
    ("contents", "toc: writing: b5-tate's contents vertical, their page numbers right to "
                 "left and rising; a4-yoko's horizontal"),
    ("title_block", "vertical title block: the lead in the first tier on the grid, the "
                    "second tier's body beside it; heading lines on grid lines, a "
                    "three-line heading too (b5-tate and a4-yoko)"),
    ("running_heads", "running heads at the top outer corner for the binding: b5-tate's "
                      "flush with the vertical area's outer edge, the section on odd "
                      "(left-hand) pages, the issue on even ones; a4-yoko mirrored"),
    ("cover", "b5-tate's cover set vertically from the spine (right): the headline, the "
              "number and date in tate-chu-yoko, the contents right to left, the photo or "
              "the accent field; a4-yoko's horizontal"),
    ("pdftotext", "pdftotext reads vertical lines with turned Western words in order: "
                  "a line starting with one, a line with three, the cards' (b5-tate, "
                  "a4-yoko)"),
    ("checks", "check on vertical pages (the sample on b5-tate): a missing glyph, a "
               "low-resolution and a missing figure image, an overset title, each at its "
               "file:line"),
    ("sheet", "preview --sheet reads right to left for a right-bound issue (the cover the "
              "right thumbnail of pages 1-2), left to right for a left-bound one"),
    ("imposition", "impose folds a right-bound issue right to left by itself: every page "
                   "on its half of its sheet side (pdftotext)"),
]


def main():
    canpress = tap.canpress_arg()
    tmp = tempfile.mkdtemp(prefix="cp-vertical-")
    try:
        return tap.run_checks(Vertical(canpress, tmp), CHECKS)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
