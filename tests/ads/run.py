#!/usr/bin/python3
"""The joint advertising pages (suite `ads`, issue 15 points 1, 3, 4, 6).

Usage: run.py CANPRESS   (the repository root is $CP_SOURCE_DIR)

The sample issue (content-samples/) has an ad section: ten ads of five
sizes from ads/*.yaml (two supplied artwork - a JPEG, and a PDF made with
LuaLaTeX - the rest text ads in the three designs), and four house ads. From `canpress check` and the display list
(`canpress dump --stage=dl`) this suite checks:

  1. the sample checks clean, --werror too: its one diagnostic is the
     house-ads-slots note, naming the house ads placed in empty ad space in
     their order, each with its page; its pages come to a multiple of four
     without padding;
  2. every ad is on a page, and the advertisers' index (広告索引) names each
     advertiser once with the page its ad is on (the company's name in the
     text ad's foot, the artwork's image for the supplied ad);
  3. a second run gives the same display list (the placement is stable);
  4. without house ads the empty ad space is reported page by page with
     its size and how many 1/8 ads it still takes (or that no 1/8 frame
     fits it: never "room for 0"), and the padding pages
     are blank with the pages-padded warning; with house ads but pages
     short of a multiple of four, the pages that would be blank get the
     next house ads and the house-ads warning names them with their pages
     (--werror fails);
  5. planted faults in copies of the sample, each a diagnostic at the line
     that caused it: an unknown key, a size not offered, a missing member
     file, artwork and a text ad at once, neither, an unknown ad style, a
     QR code's address that is not a web address, PDF artwork (not yet
     placed), a size the layout's grid has no frame for, and supplied
     artwork of the wrong aspect (the frame's size in mm).

The packer's optimality is tests/unit/test_ads.c. Prints TAP.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402

CANPRESS = tap.canpress_arg()
tap.setup_env()
SAMPLE = os.path.join(tap.SOURCE_DIR, "content-samples")
MM = 72 / 25.4
suite = tap.Suite()


def canpress(*args, cwd=None):
    return tap.run([CANPRESS] + list(args), cwd=cwd, timeout=280)


def diags(stderr):
    """(file, line, col, severity, message, code) of each diagnostic."""
    out = []
    for m in re.finditer(r"^(\S+?):(\d+):(\d+): (\w+): (.*) \[([\w-]+)\]$", stderr, re.M):
        out.append((os.path.basename(m.group(1)), int(m.group(2)), int(m.group(3)),
                    m.group(4), m.group(5), m.group(6)))
    return out


def pages(dl):
    """The display list as [(label, [item lines])]."""
    out = []
    for line in dl.splitlines():
        m = re.match(r'^page \d+ label "([^"]*)"', line)
        if m:
            out.append((m.group(1), []))
        elif out:
            out[-1][1].append(line.strip())
    return out


def glyph_texts(items):
    """(x, y, text) of every glyph run."""
    res = []
    for it in items:
        m = re.match(r'glyphs f\d+ x=([\d.-]+) y=([\d.-]+) .*? n=\d+ "(.*?)"( line=|$)', it)
        if m:
            res.append((float(m.group(1)), float(m.group(2)), m.group(3)))
    return res


def line_of(path, text):
    """1-based line of the first line of path holding text."""
    with open(path, encoding="utf-8") as f:
        for i, l in enumerate(f, 1):
            if l.startswith(text):
                return i
    raise tap.Check("%s has no line with %r" % (path, text))


def copy_sample(tmp, name):
    d = os.path.join(tmp, name)
    shutil.copytree(SAMPLE, d)
    return d


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    if old not in s:
        raise tap.Check("%s has no %r" % (path, old))
    with open(path, "w", encoding="utf-8") as f:
        f.write(s.replace(old, new, 1))


def ad_files():
    d = os.path.join(SAMPLE, "ads")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".yaml"))


def field(path, key):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^%s: *(.+)$" % key, f.read(), re.M)
    return m.group(1).strip() if m else None


def field_in(path, key):
    """An indented key's value (contact: tel: ...)."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^\s+%s: *(.+)$" % key, f.read(), re.M)
    return m.group(1).strip() if m else None


def house_catches(issue=None):
    """The catch of each house ad of the issue, in order."""
    with open(issue or os.path.join(SAMPLE, "issue.yaml"), encoding="utf-8") as f:
        house = f.read().split("\nhouse_ads:", 1)[1]
    return re.findall(r"^  - catch: (.+?)\s*$", house, re.M)


def company_of(ad_path):
    member = os.path.join(os.path.dirname(ad_path), field(ad_path, "member"))
    return field(member, "company")


# --- 1-3: the sample --------------------------------------------------------------

def sample_checks():
    issue = os.path.join(SAMPLE, "issue.yaml")
    r = canpress("check", issue)
    ds = diags(r.stderr)
    codes = [d[5] for d in ds]

    def clean():
        if r.returncode != 0 or codes != ["house-ads-slots"] or ds[0][3] != "note":
            raise tap.Check("exit %d" % r.returncode, r.stderr)
        named = re.findall(r"'([^']*)' \(p\. \d+\)", ds[0][4])
        if not named or named != house_catches()[:len(named)]:
            raise tap.Check("the note does not name the first house ads in order with their "
                            "pages", ds[0][4])
        w = canpress("check", "--werror", issue)
        if w.returncode != 0:
            raise tap.Check("check --werror exits %d" % w.returncode, w.stderr)
    suite.check("the sample checks clean (--werror too): one house-ads-slots note naming the "
                "house ads placed, in order, with their pages", clean)

    dl = canpress("dump", "--stage=dl", issue)
    dl2 = canpress("dump", "--stage=dl", issue)
    pg = pages(dl.stdout)
    sizes = sorted({field(a, "size") for a in ad_files()})

    def enough():
        if len(ad_files()) < 8 or len(sizes) < 4:
            raise tap.Check("%d ads of sizes %s" % (len(ad_files()), sizes))
        if len(pg) % 4 != 0:
            raise tap.Check("%d pages" % len(pg))
    suite.check("the sample has at least 8 ads of at least 4 sizes; pages a multiple of 4",
                enough)

    def index():
        at = [i for i, (_, items) in enumerate(pg)
              if any(t == "広告索引" for _, _, t in glyph_texts(items))]
        if len(at) != 1:
            raise tap.Check("the index is on %d pages" % len(at))
        label, items = pg[at[0]]
        runs = glyph_texts(items)
        title_y = [y for _, y, t in runs if t == "広告索引"][0]
        # an entry: a name, and a page number on the same baseline
        entries = {}
        for x, y, t in runs:
            if y <= title_y:
                continue
            nums = [t2 for x2, y2, t2 in runs if abs(y2 - y) < 0.01 and x2 > x and
                    re.fullmatch(r"[\d、]+", t2)]
            if nums and not re.fullmatch(r"[\d、]+", t):
                entries[t] = nums[0]
        # the ad section: from its bookmark to the index
        first = [i for i, (_, its) in enumerate(pg) if 'outline 1 "共同広告"' in " ".join(its)]
        if len(first) != 1:
            raise tap.Check("the ad section's bookmark is on %d pages" % len(first))
        section = pg[first[0]:at[0] + 1]
        problems = []
        for a in ad_files():
            company = company_of(a)
            art = field(a, "artwork")
            if art and art.endswith(".pdf"):
                # the artwork table names the file: "  a0 path#1 224.65x153.52"
                ids = re.findall(r"^  (a\d+) \S*%s#" % re.escape(os.path.basename(art)),
                                 dl.stdout, re.M)
                where = [l for l, its in section
                         if any(re.match(r"artwork (%s) " % "|".join(ids), i) for i in its)]
            elif art:
                # the image table names the file: "  i13 path 937x1328 jpeg"
                ids = re.findall(r"^  (i\d+) \S*%s " % re.escape(os.path.basename(art)),
                                 dl.stdout, re.M)
                where = [l for l, its in section
                         if any(re.match(r"image (%s) " % "|".join(ids), i) for i in its)]
            else:
                where = [l for l, its in section if any(t == company for _, _, t in glyph_texts(its))
                         and l != label or
                         (l == label and sum(t == company for _, _, t in glyph_texts(its)) > 1)]
            if len(where) != 1:
                problems.append("%s is on pages %s" % (company, where))
            elif entries.get(company) != where[0]:
                problems.append("the index gives %s page %s, its ad is on %s" %
                                (company, entries.get(company), where[0]))
        if len(entries) != len(ad_files()):
            problems.append("the index has %d entries for %d ads: %s" %
                            (len(entries), len(ad_files()), sorted(entries)))
        if problems:
            raise tap.Check(*problems)
    suite.check("the index names every advertiser once with the page of its ad", index)

    def contacts():
        # each text ad's contact from its member (no contact: of its own):
        # the telephone and the web address whole on one line each
        runs = [t for _, its in pg for _, _, t in glyph_texts(its)]
        problems = []
        for a in ad_files():
            if field(a, "artwork") or field(a, "contact"):
                continue
            member = os.path.join(os.path.dirname(a), field(a, "member"))
            for key in ("tel", "url"):
                v = field_in(member, key)
                if v is None:
                    continue
                v = re.sub(r"^https?://", "", v)
                if not any(v in t for t in runs):
                    problems.append("%s: '%s' is not whole on a line" % (os.path.basename(a), v))
        if problems:
            raise tap.Check(*problems)
    suite.check("text ads' contact lines break between items: telephone and web address whole",
                contacts)

    def stable():
        if dl.returncode != 0 or dl.stdout != dl2.stdout:
            raise tap.Check("the display lists differ (or exit %d)" % dl.returncode)
    suite.check("a second run gives the same display list", stable)


# --- 4: no house ads ----------------------------------------------------------------

def without_house_ads(tmp):
    d = copy_sample(tmp, "no-house")
    issue = os.path.join(d, "issue.yaml")
    # without the one-page article: short of a multiple of four
    edit(issue, "  - article: articles/08-dokusha-no-hiroba.yaml\n", "")
    with open(issue, encoding="utf-8") as f:
        text = f.read().split("house_ads:", 1)[0]
    with open(issue, "w", encoding="utf-8") as f:
        f.write(text)
    r = canpress("check", issue)
    ds = diags(r.stderr)

    def empty_slots():
        empty = [x for x in ds if x[5] == "ad-empty-slot"]
        if r.returncode != 0 or not empty:
            raise tap.Check("exit %d" % r.returncode, r.stderr)
        for x in empty:
            # a space takes 1 or more 1/8 ads, or is said to take none
            # (never "room for 0 more 1/8 ads")
            if x[3] != "warning" or not re.search(r"page \d+ has an empty ad space of \d+x\d+ "
                                                  r"cells \([\d/]+ page, \d+ x \d+ mm\)(: room "
                                                  r"for [1-9]\d* more 1/8 ads?| that no 1/8 ad "
                                                  r"frame fits)$", x[4]):
                raise tap.Check(x)
        if not any(x[5] == "pages-padded" and x[3] == "warning" for x in ds):
            raise tap.Check("no pages-padded warning", r.stderr)
        if any(x[5] == "house-ads" for x in ds):
            raise tap.Check("a house-ads note without house ads", r.stderr)
    suite.check("without house ads: empty ad space and blank pages are warnings", empty_slots)

    dl = canpress("dump", "--stage=dl", issue)
    pg = pages(dl.stdout)

    def blank_pages():
        blank = [l for l, items in pg if not items]
        if not blank:
            raise tap.Check("no blank page")
    suite.check("without house ads the padding pages stay blank", blank_pages)


def padded_with_house_ads(tmp):
    # the sample without its one-page article: short of a multiple of four
    d = copy_sample(tmp, "padded")
    issue = os.path.join(d, "issue.yaml")
    edit(issue, "  - article: articles/08-dokusha-no-hiroba.yaml\n", "")
    r = canpress("check", issue)
    ds = diags(r.stderr)
    w = canpress("check", "--werror", issue)
    dl = canpress("dump", "--stage=dl", issue)
    pg = pages(dl.stdout)

    def warned():
        hit = [x for x in ds if x[5] == "house-ads"]
        if r.returncode != 0 or len(hit) != 1 or hit[0][3] != "warning":
            raise tap.Check("exit %d" % r.returncode, r.stderr)
        if any(x[5] == "pages-padded" for x in ds):
            raise tap.Check("a pages-padded warning though house ads filled the pages", r.stderr)
        named = re.findall(r"'([^']*)' \(p\. (\d+)\)", hit[0][4])
        slots = [x for x in ds if x[5] == "house-ads-slots"]
        before = re.findall(r"'([^']*)' \(p\. \d+\)", slots[0][4]) if slots else []
        want = house_catches(issue)[len(before):len(before) + len(named)]
        if not named or [n for n, _ in named] != want:
            raise tap.Check("the warning does not name the next house ads in order", hit[0][4])
        # each named page holds its house ad's catch, and the total is a multiple of 4
        for name, label in named:
            items = [its for l, its in pg if l == label]
            if not items or not any(name.startswith(t) or t in name
                                    for _, _, t in glyph_texts(items[0])):
                raise tap.Check("page %s does not show '%s'" % (label, name))
        if len(pg) % 4 != 0:
            raise tap.Check("%d pages" % len(pg))
        if w.returncode != 1:
            raise tap.Check("check --werror exits %d, not 1" % w.returncode)
    suite.check("pages short of a multiple of 4: house ads fill them, a house-ads warning "
                "names each with its page (--werror fails)", warned)


# --- 5: planted faults ------------------------------------------------------------------

def planted(tmp):
    d = copy_sample(tmp, "faults")
    issue = os.path.join(d, "issue.yaml")
    ads = os.path.join(d, "ads")

    def put(name, text):
        with open(os.path.join(ads, name), "w", encoding="utf-8") as f:
            f.write(text)

    put("z-cach.yaml", "member: ../members/akari.yaml\nsize: 1/8\ncach: 新しい髪型に。\n")
    put("z-size.yaml", "member: ../members/akari.yaml\nsize: 1/5\ncatch: 冬の髪に。\n")
    put("z-member.yaml", "member: ../members/nobody.yaml\nsize: 1/8\ncatch: だれでしょう。\n")
    put("z-both.yaml", "member: ../members/kinuya.yaml\nsize: 1/8\n"
        "artwork: ../images/ad-sakura-insatsu.jpg\ncatch: 両方です。\n")
    put("z-none.yaml", "member: ../members/kinuya.yaml\nsize: 1/8\n")
    put("z-style.yaml", "member: ../members/komorebi.yaml\nsize: 1/8\ncatch: 花を。\n"
        "style: fancy\n")
    put("z-qr.yaml", "member: ../members/komorebi.yaml\nsize: 1/8\ncatch: 花を。\n"
        "qr: ftp://example.jp/hana\n")
    with open(os.path.join(d, "images", "flyer.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    put("z-pdf.yaml", "member: ../members/nakano.yaml\nsize: 1/8\n"
        "artwork: ../images/flyer.pdf\n")
    r = canpress("check", issue)
    ds = diags(r.stderr)

    def at(name, key, code, words):
        line = line_of(os.path.join(ads, name), key)
        hit = [x for x in ds if x[0] == name and x[1] == line and x[5] == code]
        if not hit or not all(w in hit[0][4] for w in words):
            raise tap.Check("want %s at %s:%d with %s" % (code, name, line, words), r.stderr)

    cases = [
        ("z-cach.yaml", "cach:", "unknown-key", ["'cach'"]),
        ("z-size.yaml", "size:", "bad-value", ["1/5"]),
        ("z-member.yaml", "member:", "missing-file", ["nobody.yaml"]),
        ("z-both.yaml", "catch:", "bad-value", ["'catch'", "'artwork'"]),
        ("z-none.yaml", "member:", "missing-field", ["neither 'artwork' nor 'catch'"]),
        ("z-style.yaml", "style:", "bad-value", ["'fancy'"]),
        ("z-qr.yaml", "qr:", "bad-value", ["ftp://example.jp/hana"]),
        ("z-pdf.yaml", "artwork:", "press", ["flyer.pdf", "cannot read the PDF"]),
    ]
    for name, key, code, words in cases:
        suite.check("%s: %s at the line of '%s'" % (name, code, key.rstrip(":")), at, name, key,
                    code, words)

    def exit_1():
        if r.returncode != 1:
            raise tap.Check("exit %d" % r.returncode)
    suite.check("the planted faults fail check (exit 1)", exit_1)

    # a layout whose grid has no frame for 1/3, and artwork of the wrong aspect
    d2 = copy_sample(tmp, "no-third")
    lay = os.path.join(d2, "my.yaml")
    shutil.copy(os.path.join(tap.SOURCE_DIR, "layouts", "a4-yoko.yaml"), lay)
    edit(lay, '    "1/3": [2x4]\n', "")
    edit(os.path.join(d2, "issue.yaml"), "layout: a4-yoko", "layout: my.yaml")
    edit(os.path.join(d2, "ads", "sakura-insatsu.yaml"), "size: 1/4", "size: 1/8")
    r2 = canpress("check", os.path.join(d2, "issue.yaml"))
    ds2 = diags(r2.stderr)

    def no_slot():
        line = line_of(os.path.join(d2, "ads", "ueda-saketen.yaml"), "size:")
        hit = [x for x in ds2 if x[0] == "ueda-saketen.yaml" and x[1] == line and
               x[5] == "ad-no-slot"]
        if not hit or "1/3" not in hit[0][4] or r2.returncode != 1:
            raise tap.Check(r2.stderr)
    suite.check("a size the layout's grid has no frame for: ad-no-slot at the size", no_slot)

    d4 = copy_sample(tmp, "qr-unit")
    lay4 = os.path.join(d4, "my.yaml")
    shutil.copy(os.path.join(tap.SOURCE_DIR, "layouts", "a4-yoko.yaml"), lay4)
    edit(lay4, "  qr_min: 15mm", "  qr_min: 15")
    edit(os.path.join(d4, "issue.yaml"), "layout: a4-yoko", "layout: my.yaml")
    r4 = canpress("check", os.path.join(d4, "issue.yaml"))

    def qr_unit():
        with open(lay4, encoding="utf-8") as f:
            line = [i + 1 for i, l in enumerate(f) if l.startswith("  qr_min:")][0]
        hit = [x for x in diags(r4.stderr) if x[0] == "my.yaml" and x[1] == line and
               x[5] == "bad-unit"]
        if not hit or "qr_min" not in hit[0][4] or r4.returncode != 1:
            raise tap.Check(r4.stderr)
    suite.check("ads: qr_min without a unit: bad-unit at its line", qr_unit)

    # qr_min and qr_max decide the text ads' QR squares
    d3 = copy_sample(tmp, "qr-sizes")
    lay3 = os.path.join(d3, "my.yaml")
    shutil.copy(os.path.join(tap.SOURCE_DIR, "layouts", "a4-yoko.yaml"), lay3)
    edit(lay3, "  qr_min: 15mm", "  qr_min: 24mm")
    edit(lay3, "  qr_max: 28mm", "  qr_max: 24mm")
    edit(os.path.join(d3, "issue.yaml"), "layout: a4-yoko", "layout: my.yaml")

    def qr_squares(issue):
        out = canpress("dump", "--stage=dl", issue).stdout
        return sorted(round(float(m.group(1)) / MM, 2) for m in re.finditer(
            r"rect \([\d.-]+,[\d.-]+,([\d.]+),\1\) fill=cmyk\(0,0,0,0\) stroke=none", out))

    def qr_keys():
        before = qr_squares(os.path.join(SAMPLE, "issue.yaml"))
        after = qr_squares(os.path.join(d3, "issue.yaml"))
        if not before or len(before) != len(after) or len(set(before)) < 2:
            raise tap.Check("QR squares %s, then %s" % (before, after))
        if any(abs(a - 24) > 0.05 for a in after):
            raise tap.Check("with qr_min = qr_max = 24mm the squares are %s mm" % after)
    suite.check("ads: qr_min and qr_max bound the text ads' QR squares", qr_keys)

    def aspect():
        line = line_of(os.path.join(d2, "ads", "sakura-insatsu.yaml"), "artwork:")
        hit = [x for x in ds2 if x[0] == "sakura-insatsu.yaml" and x[1] == line and
               x[5] == "ad-artwork-size"]
        if not hit or not re.search(r"frame, [\d.]+ x [\d.]+ mm", hit[0][4]):
            raise tap.Check(r2.stderr)
    suite.check("artwork of another aspect than its frame: the frame's size in mm", aspect)


def main():
    tmp = tempfile.mkdtemp(prefix="cp-ads-")
    try:
        sample_checks()
        without_house_ads(tmp)
        padded_with_house_ads(tmp)
        planted(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
