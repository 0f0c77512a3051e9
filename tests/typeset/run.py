#!/usr/bin/python3
"""End-to-end composition check (suite `typeset`): the sample issue as composed.

Usage: run.py CANPRESS   (cwd tests/typeset; the repository root is $CP_SOURCE_DIR)

Reads the display list of content-samples/issue.yaml (`canpress dump
--stage=dl`) and the PDF it builds, and checks what a reader of a Japanese
magazine notices first (docs/jlreq-rules.md, "What a reader notices first"):

  1. no composed line starts with a line-start-prohibited character
     (JLReq 3.1.7, strict as the sample layout asks) and none but a
     paragraph's last ends with an opening bracket (JLReq 3.1.8);
  2. every line the composer justified (the dump's `line=j.. measure=X0..X1`)
     ends at its measure's end X1 within 0.05 pt, a hanging mark excepted,
     and starts at X0 unless it is a paragraph's first line (its indent);
     and the justified body lines of a page end at no more than two column
     edges;
  3. every body-text baseline of every page lies on one line grid: the same
     pitch and the same origin on all pages and in both columns, whatever
     headings, figures and the title block took before it;
  4. the PDF's text (pdftotext) holds every body line's text in reading
     order: the composer's glyph positions keep the text extractable;
  5. where an article ends, its page's columns are balanced: none ends
     lower than the one before it, the first at most six lines below the
     last.

Prints TAP; exit 0 only when every check passes. Knows the display list's
text format (src/displist/dump.c), not canpress's internals.
"""
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402

NO_START = set("」』）］】〉》〕”’｝〙〗、。，．・：；！？‼⁇ヽヾゝゞ々〻ー"
               "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ‐〜")
NO_END = set("「『（［【〈《〔“‘")
CLOSING = set("」』）］】〉》〕”’｝〙〗、。，．")
FLUSH = 0.05        # pt, the issue's tolerance for flush edges
GRID = 0.011        # pt, baselines on the grid (0.01 + the dump's rounding)

suite = tap.Suite()


def check(name, ok, *diag):
    suite.add(ok, name, *diag)


def run(args, **kw):
    return tap.run(args, timeout=240, **kw)


UNITS = {"pt": 1.0, "mm": 72 / 25.4, "Q": 72 / 25.4 / 4, "H": 72 / 25.4 / 4}


def layout_pitch(root, issue):
    """The body pitch of the issue's layout, pt (layouts/NAME.yaml, body.pitch)."""
    name = None
    with open(issue, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^layout:\s*(\S+)", line)
            if m:
                name = m.group(1).strip("\"'")
    if not name:
        return 0.0
    in_body = False
    with open(os.path.join(root, "layouts", name + ".yaml"), encoding="utf-8") as f:
        for line in f:
            if re.match(r"^\S", line):
                in_body = line.startswith("body:")
                continue
            m = re.match(r"^\s+pitch:\s*([\d.]+)\s*(pt|mm|Q|H)\b", line)
            if in_body and m:
                return float(m.group(1)) * UNITS[m.group(2)]
    return 0.0


def lines_of(page):
    """Runs grouped into lines: consecutive runs on one baseline that touch."""
    lines = []
    for r in page:
        if lines:
            last = lines[-1][-1]
            if (abs(last["y"] - r["y"]) < 0.001 and abs(last["x"] + last["w"] - r["x"]) < 0.5
                    and last["just"] == r["just"]):
                lines[-1].append(r)
                continue
        lines.append([r])
    return lines


def main():
    if len(sys.argv) != 2:
        print("Bail out! usage: run.py CANPRESS")
        return 1
    canpress = sys.argv[1]
    root = os.environ.get("CP_SOURCE_DIR") or os.path.abspath(os.path.join("..", ".."))
    issue = os.path.join(root, "content-samples", "issue.yaml")

    p = run([canpress, "dump", "--stage=dl", issue])
    if p.returncode != 0:
        print("Bail out! canpress dump exited %d: %s" % (p.returncode, p.stderr[-500:]))
        return 1
    fonts, dl_pages = tap.parse_dl(p.stdout)
    # horizontal lines only: the sample's vertical column is checked on its
    # own axis by tests/vertical
    pages = [[r for r in pg["runs"] if not r["vertical"]] for pg in dl_pages]

    # The body font: the font of the most justified glyph runs.
    count = Counter(r["font"] for pg in pages for r in pg if r["just"])
    if not count:
        print("Bail out! no justified line in the display list")
        return 1
    body = count.most_common(1)[0][0]
    zw = fonts[body][2] if body in fonts else 0.0
    all_lines = [(pi, ln) for pi, pg in enumerate(pages) for ln in lines_of(pg)]
    body_lines = [(pi, ln) for pi, ln in all_lines if all(r["font"] == body for r in ln)]

    # 1. kinsoku over every composed line: a line that starts after a
    # break the composer chose (line=..b) may not start with a prohibited
    # character; a line followed by such a line may not end with an
    # opening bracket. A paragraph's first line begins with what the
    # writer wrote (a list's "・", say), so it is not checked.
    bad = []
    n_checked = 0
    for k, (pi, ln) in enumerate(all_lines):
        text = "".join(r["text"] for r in ln).strip()
        if not text:
            continue
        n_checked += 1
        if ln[0]["broken"] and text[0] in NO_START:
            bad.append("page %d: line starts with '%s': %s" % (pi + 1, text[0], text))
        nxt = all_lines[k + 1][1] if k + 1 < len(all_lines) else None
        if nxt and nxt[0]["broken"] and text[-1] in NO_END:
            bad.append("page %d: line ends with '%s': %s" % (pi + 1, text[-1], text))
    check("no line starts with a line-start-prohibited class or ends with an opening "
          "bracket (%d lines)" % n_checked, not bad and n_checked > 100, *bad[:20])

    # 2. justified lines flush at both edges; a line ending with a closing
    # bracket, comma or full stop may keep that mark's half-zw aki (its
    # full-width frame is then flush, JLReq table 5: typeset_int.h)
    bad = []
    n_just = 0
    for pi, ln in all_lines:
        if not ln[0]["just"]:
            continue
        n_just += 1
        first, last = ln[0], ln[-1]
        right = last["x"] + last["w"] - last["hang"]
        tails = [0.0]
        if last["text"].rstrip()[-1:] in CLOSING and last["font"] in fonts:
            tails.append(fonts[last["font"]][2] / 2)
        if all(abs(right + t - last["x1"]) > FLUSH for t in tails):
            bad.append("page %d y=%.2f: ends at %.3f, measure ends at %.3f: %s" % (
                pi + 1, first["y"], right, last["x1"], "".join(r["text"] for r in ln)))
        left = first["x"] - first["x0"]
        if first["broken"] and abs(left) > FLUSH:
            bad.append("page %d y=%.2f: starts %.3f pt into its measure: %s" % (
                pi + 1, first["y"], left, "".join(r["text"] for r in ln)))
    check("every justified line flush at both edges within %.2f pt (%d lines)" % (FLUSH, n_just),
          not bad and n_just > 50, *bad[:20])

    # The columns: the measure ends of justified body lines, per page.
    bad = []
    widths = Counter(round(ln[0]["x1"] - ln[0]["x0"], 2) for _, ln in body_lines if ln[0]["just"])
    measure = widths.most_common(1)[0][0] if widths else 0.0
    n_cols = 0
    for pi, pg in enumerate(pages):
        rights = sorted({round(ln[0]["x1"], 2) for qi, ln in body_lines
                         if qi == pi and ln[0]["just"]})
        n_cols += len(rights)
        if len(rights) > 2:
            bad.append("page %d: justified body lines end at %s" % (pi + 1, rights))
    check("justified body lines end at their column's edge (measure %.2f pt, %d column "
          "edges)" % (measure, n_cols), not bad and n_cols > 0, *bad[:20])

    # The measures of block quotes and lists (justified lines of one other
    # font, inside a column, on the pages of articles) are whole numbers of
    # their own characters, so their full lines are set solid, not
    # adjusted. The dump rounds sizes to 0.01 pt (12Q = 8.504 pt prints as
    # 8.50), so two hundredths of a character are allowed.
    bad = []
    n_other = 0
    body_pages = {pi for pi, _ in body_lines}
    for pi, ln in all_lines:
        fs = {r["font"] for r in ln}
        if (pi not in body_pages or not ln[0]["just"] or len(fs) != 1 or body in fs
                or ln[0]["x1"] - ln[0]["x0"] > measure + 0.01):
            continue
        size = fonts[ln[0]["font"]][2] if ln[0]["font"] in fonts else 0.0
        k = (ln[0]["x1"] - ln[0]["x0"]) / size if size else 0.0
        n_other += 1
        if abs(k - round(k)) > 0.02:
            bad.append("page %d y=%.2f: measure %.2f pt is %.2f characters of %.2f pt: %s" % (
                pi + 1, ln[0]["y"], ln[0]["x1"] - ln[0]["x0"], k, size,
                "".join(r["text"] for r in ln)))
    check("block quotes and lists on whole characters (%d lines)" % n_other, not bad, *bad[:20])

    # 3. the line grid: the pitch is the layout's (body.pitch), the origin
    # the first body baseline; the dump prints positions to 0.01 pt, so a
    # baseline may be off by the dump's rounding (0.005 pt) on both ends.
    pitch = layout_pitch(root, issue)
    ys = [(pi, ln[0]["y"], "".join(r["text"] for r in ln)) for pi, ln in body_lines]
    origin = min(y for _, y, _ in ys) if ys else 0.0
    bad = []
    for pi, y, text in ys:
        k = (y - origin) / pitch if pitch else 0.0
        if abs(k - round(k)) * pitch > GRID:
            bad.append("page %d: baseline %.3f is %.3f pt off the grid: %s" % (
                pi + 1, y, (k - round(k)) * pitch, text))
    pages_with = len({pi for pi, _, _ in ys})
    check("all %d body baselines on one grid (pitch %.2f pt from %.2f, %d pages)" % (
        len(ys), pitch, origin, pages_with), not bad and pitch > 0 and len(ys) > 50, *bad[:20])

    # 5. balanced last pages: where an article ends (its last column stops
    # more than two lines above the foot of the type area), no column ends
    # lower than the one before it, and the first ends at most six lines
    # below the last (the composer balances the columns of that page).
    foot = max(y for _, y, _ in ys) if ys else 0.0
    bad = []
    n_end = 0
    for pi in sorted({pi for pi, _ in body_lines}):
        # column starts: where lines of the full measure start (list items
        # and quotes have narrower measures inside a column)
        starts = sorted({round(r["x0"], 1) for qi, ln in body_lines if qi == pi
                         for r in ln if "x0" in r and abs(r["x1"] - r["x0"] - measure) < 0.05})
        cols = defaultdict(float)
        for qi, ln in body_lines:
            if qi == pi:
                # the column: the last column start at or left of the line
                x0 = max([x for x in starts if x <= ln[0]["x"] + 1] or [0.0])
                cols[x0] = max(cols[x0], ln[0]["y"])
        lows = [cols[x] for x in sorted(cols)]
        if len(lows) < 2 or lows[-1] > foot - 2 * pitch:
            continue
        n_end += 1
        for k in range(1, len(lows)):
            if lows[k] > lows[k - 1] + 0.01:
                bad.append("page %d: column %d ends below column %d (%.2f > %.2f)" % (
                    pi + 1, k + 1, k, lows[k], lows[k - 1]))
        if lows[0] - lows[-1] > 6 * pitch + 0.01:
            bad.append("page %d: columns end %.1f lines apart" % (
                pi + 1, (lows[0] - lows[-1]) / pitch))
    check("the %d pages where an article ends have balanced columns" % n_end,
          not bad and n_end > 0, *bad[:20])

    # 4. the PDF's text in reading order.
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "issue.pdf")
        p = run([canpress, "build", issue, "-o", pdf])
        if p.returncode != 0:
            check("the sample issue builds", False, *p.stderr.splitlines()[-5:])
        else:
            bad = []
            n_found = 0
            for pi, pg in enumerate(pages):
                t = run(["pdftotext", "-raw", "-f", str(pi + 1), "-l", str(pi + 1), pdf, "-"])
                flat = re.sub(r"\s+", "", t.stdout)
                at = 0
                for qi, ln in body_lines:
                    if qi != pi:
                        continue
                    text = re.sub(r"\s+", "", "".join(r["text"] for r in ln))
                    if not text:
                        continue
                    k = flat.find(text, at)
                    if k < 0:
                        bad.append("page %d: '%s' not found in order" % (pi + 1, text))
                        continue
                    n_found += 1
                    at = k + len(text)
            check("the PDF text holds every body line in reading order (%d lines)" % n_found,
                  not bad and n_found > 50, *bad[:20])

    return suite.finish()

if __name__ == "__main__":
    sys.exit(main())
