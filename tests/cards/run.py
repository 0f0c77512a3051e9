#!/usr/bin/python3
"""The member directory with real profiles (suite `cards`, issue 11).

Usage: run.py CANPRESS   (cwd tests/cards; the repository root is $CP_SOURCE_DIR)

tests/cards/issue is an issue written the way members write: 23 profiles
of 80 to 450 characters, some with photos, long company names, web and
e-mail addresses, hashtags; no cover image. Under the default layout
(`cards.overflow: fit`) it must build, and its display list (`canpress dump
--stage=dl`) must show:

  1. exit 0 and a PDF, with a CARD_SPANS note for each card that spans cells;
  2. one card per member (its bookmark), every company name whole on its card
     and in the index;
  3. every glyph run of a card page inside a card frame (running head and
     folio aside);
  4. one size for the cards' body text across the directory;
  5. no empty cell on any card page before the directory's last;
  6. the short units of the foot (telephone number, postal code, web and
     e-mail address, "紹介：" name, each hashtag) whole on one line;
  7. the same display list on a second run (the packing is stable);
  8. a typographic cover (no `cover.image`): the headline large on a field of
     the accent colour, no empty placeholder box, the contents listed.

Then planted faults in copies of the issue: a profile longer than a page
(OVERFLOW saying how many characters), an e-mail address wider than a card
(SHORTENED, printed with "…"), a 120-pixel photo (a LOW_RESOLUTION warning
at the photo's line; --werror and `press: strict` fail; `build --press`
still writes the PDF), and a 40-pixel one (below the 100 ppi floor: an
error).

Prints TAP; exit 0 only when every check passes. Knows the display list's
text format (src/displist/dump.c), not canpress's internals.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import parse_dl, write_png  # noqa: E402

MM = 72 / 25.4
EPS = 0.05          # pt: the dump's rounding and a hair
GAP = 6 * MM        # cards.gap of a4-yoko
FRAME = "stroke=cmyk(0,10,20,35)/0.5"

results = []


def check(name, ok, *diag):
    results.append((name, bool(ok), diag))


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=280, **kw)


def members(folder):
    """Each member file's company and foot units, read from the YAML text."""
    out = []
    for name in sorted(os.listdir(folder)):
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        get = lambda key: (re.search(r"^\s*%s: (.+)$" % key, text, re.M) or [None, None])[1]
        tags = get("tags")
        units = ["TEL " + get("tel")] if get("tel") else []
        units += [u for u in (get("url"), get("email")) if u]
        if get("referred_by"):
            units.append("紹介：" + get("referred_by"))
        if tags:
            units += ["#" + t.strip() for t in tags.strip("[]").split(",")]
        addr = get("address")
        if addr and addr.startswith("〒"):
            units.append(addr.split(" ")[0])
        out.append({"file": name, "company": get("company"), "units": units,
                    "photo": "photo:" in text})
    return out


def inside(run, frame, size):
    top = run["y"] - size
    bottom = run["y"] + size * 0.25
    return (run["x"] >= frame["x"] - EPS and run["x"] + run["w"] <= frame["x"] + frame["w"] + EPS
            and top >= frame["y"] - EPS and bottom <= frame["y"] + frame["h"] + EPS)


def lines(runs):
    """The runs' text joined per baseline, left to right."""
    by_y = {}
    for r in runs:
        by_y.setdefault(round(r["y"], 2), []).append(r)
    return ["".join(r["text"] for r in sorted(rs, key=lambda r: r["x"]))
            for _, rs in sorted(by_y.items())]


def sub(path, old, new):
    s = open(path, encoding="utf-8").read()
    if old not in s:
        raise SystemExit("Bail out! '%s' not in %s" % (old, path))
    open(path, "w", encoding="utf-8").write(s.replace(old, new, 1))


def check_directory(canpress, issue, tmp):
    folder = os.path.dirname(issue)
    mbs = members(os.path.join(folder, "members"))
    pdf = os.path.join(tmp, "cards.pdf")
    p = run([canpress, "build", issue, "-o", pdf])
    spans = re.findall(r"^(\S+?):\d+:\d+: note: the card of '(.*?)' takes .*\[card-spans\]$",
                       p.stderr, re.M)
    check("the issue builds with the default layout: exit 0 and a PDF",
          p.returncode == 0 and os.path.exists(pdf), p.stderr[-1500:])
    check("a card-spans note names each card that spans cells (%d)" % len(spans),
          len(spans) >= 2 and "error" not in p.stderr, p.stderr[-1500:])

    p = run([canpress, "dump", "--stage=dl", issue])
    if p.returncode != 0:
        check("dump --stage=dl", False, p.stderr[-800:])
        return
    fonts, pages = parse_dl(p.stdout)
    card_pages = [i for i, pg in enumerate(pages)
                  if any(FRAME in r["rest"] and r["fill"] == "none" for r in pg["rects"])]
    if not card_pages:
        check("the directory has card pages", False)
        return

    # 2. one card per member, company names whole on cards and in the index
    cards = [t for i in card_pages for lvl, t in pages[i]["outlines"] if lvl == 2]
    want = sorted(m["company"] for m in mbs)
    check("one card per member (%d)" % len(want), sorted(cards) == want,
          "cards: %s" % sorted(cards))
    index_page = card_pages[0] - 1
    index_text = "".join(lines(pages[index_page]["runs"]))
    missing = [c for c in want if c not in index_text]
    check("every company name whole in the index", not missing, *missing)

    # 3. every glyph run of a card page inside a frame
    bad = []
    texts = {}
    body_sizes = set()
    for i in card_pages:
        frames = [r for r in pages[i]["rects"] if FRAME in r["rest"] and r["fill"] == "none"]
        names = [t for lvl, t in pages[i]["outlines"] if lvl == 2]
        for r in pages[i]["runs"]:
            size = fonts[r["font"]][2]
            home = [k for k, f in enumerate(frames) if inside(r, f, size)]
            if not home:
                furniture = re.fullmatch(r"\d+|.*Vol\.\d+.*|メンバー紹介", r["text"].strip())
                if not furniture:
                    bad.append("page %d: '%s' at (%.1f, %.1f) outside every card" %
                               (i + 1, r["text"], r["x"], r["y"]))
                continue
            texts.setdefault(names[home[0]] if home[0] < len(names) else "?", []).append(r)
            family, weight, _ = fonts[r["font"]]
            if "Serif" in family and weight == 400:
                body_sizes.add(size)
    check("every card's text inside its card frame", not bad, *bad[:10])
    check("one size for the cards' body text (%s pt)" % sorted(body_sizes),
          len(body_sizes) == 1, sorted(body_sizes))
    lost = [m["company"] for m in mbs
            if m["company"] not in "".join(lines(texts.get(m["company"], [])))]
    check("every company name whole on its card", not lost, *lost)

    # 5. no empty cell before the directory's last page
    frames0 = [r for r in pages[card_pages[0]]["rects"] if FRAME in r["rest"]]
    cw = min(f["w"] for f in frames0)
    ch = min(f["h"] for f in frames0)
    empty = []
    for i in card_pages[:-1]:
        cells = 0
        for f in pages[i]["rects"]:
            if FRAME in f["rest"] and f["fill"] == "none":
                cells += round((f["w"] + GAP) / (cw + GAP)) * round((f["h"] + GAP) / (ch + GAP))
        if cells != 4:
            empty.append("page %d: %d of 4 cells used" % (i + 1, cells))
    check("no empty cell before the directory's last page (%d card pages)" % len(card_pages),
          not empty and len(card_pages) >= 5, *empty)

    # 6. short units whole on one line of their card
    split = []
    for m in mbs:
        ls = lines(texts.get(m["company"], []))
        for u in m["units"]:
            if not any(u in ln for ln in ls):
                split.append("%s: '%s' not whole on one line" % (m["file"], u))
    check("telephone, postal code, web and e-mail addresses, referral and hashtags never "
          "split", not split, *split[:10])

    # 8. the cover without an image: a field of the accent colour across
    # the sheet, the headline large in the paper's colour on it, no empty
    # placeholder box, the contents listed
    cover = pages[0]
    field = [r for r in cover["rects"] if r["fill"] == "cmyk(0,55,65,15)" and r["w"] > 600]
    placeholder = [r for r in cover["rects"] if r["fill"] == "cmyk(0,8,18,4)"]
    head = [r for r in cover["runs"] if r["text"] in ("困ったときに、", "顔の浮かぶ人がいる。")]
    inked = field and all(inside(r, field[0], fonts[r["font"]][2]) for r in head)
    contents = "".join(r["text"] for r in cover["runs"])
    check("a cover without an image is typographic: the headline (%s pt) on a field of the "
          "accent colour, no placeholder box, the contents listed"
          % sorted({fonts[r["font"]][2] for r in head}),
          len(head) == 2 and inked and not placeholder
          and all(fonts[r["font"]][2] > 35 for r in head)
          and "メンバー紹介" in contents and "困ったときの、最初の一本の電話" in contents,
          cover["rects"], [r["text"] for r in cover["runs"]])

    # 7. stable packing
    again = run([canpress, "dump", "--stage=dl", issue])
    check("the same display list on a second run", again.stdout == p.stdout)


def check_faults(canpress, src, tmp):
    # a profile longer than a whole page
    d = os.path.join(tmp, "long")
    shutil.copytree(src, d)
    mori = os.path.join(d, "members", "mori-honya.yaml")
    s = open(mori, encoding="utf-8").read()
    para = re.search(r"^  (祖父の代から.*)$", s, re.M).group(1)
    sub(mori, para, para * 20)
    p = run([canpress, "check", "issue.yaml"], cwd=d)
    m = re.search(r"^members/mori-honya\.yaml:\d+:\d+: error: the card of 'まちの本屋 森文堂' "
                  r"does not fit even a whole page: its text is (\d+) character\(s\) too long",
                  p.stderr, re.M)
    check("a profile longer than a page: an overflow error saying how many characters",
          p.returncode == 1 and m and 0 < int(m.group(1)) < len(para) * 20, p.stderr[-1200:])

    # an e-mail address wider than the card: shortened with a warning
    d = os.path.join(tmp, "mail")
    shutil.copytree(src, d)
    longmail = "the.members.office.of.the.longest.company.name.in.osaka@example.jp"
    sub(os.path.join(d, "members", "hinata-juku.yaml"), "hinata-juku@example.jp", longmail)
    p = run([canpress, "dump", "--stage=dl", "issue.yaml"], cwd=d)
    m = re.search(r"^members/hinata-juku\.yaml:\d+:\d+: warning: '%s' is longer than the card's "
                  r"line .* printed as '(.*…)' \[shortened\]" % re.escape(longmail), p.stderr, re.M)
    check("a unit wider than the card ends with … and a warning",
          p.returncode == 0 and m and ('"%s"' % m.group(1)) in p.stdout, p.stderr[-1200:])

    # low-resolution photos: a warning at the photo's line; floor and strict
    d = os.path.join(tmp, "lowres")
    shutil.copytree(src, d)
    write_png(os.path.join(d, "images", "low.png"), 120, 160)  # 22 mm: 139 ppi
    write_png(os.path.join(d, "images", "tiny.png"), 40, 53)   # 22 mm: 46 ppi
    ikoi = os.path.join(d, "members", "ikoi-seikotsu.yaml")
    sub(ikoi, "photo: ../images/kasuga.jpg", "photo: ../images/low.png")
    line = open(ikoi, encoding="utf-8").read().split("\n").index("photo: ../images/low.png") + 1
    p = run([canpress, "build", "--press", "issue.yaml", "-o", "press.pdf"], cwd=d)
    check("a 120-pixel photo: low-resolution warning with its ppi at the photo's line; "
          "build --press writes the PDF",
          p.returncode == 0 and os.path.exists(os.path.join(d, "press.pdf")) and re.search(
              r"^members/ikoi-seikotsu\.yaml:%d:\d+: warning: image '.*low\.png' prints at 139 "
              r"ppi .*\[low-resolution\]" % line, p.stderr, re.M), p.stderr[-1200:])
    p = run([canpress, "check", "--werror", "issue.yaml"], cwd=d)
    check("--werror makes the low-resolution photo fail", p.returncode == 1, p.stderr[-600:])
    shutil.copy(os.path.join(os.environ.get("CP_SOURCE_DIR", "../.."), "layouts",
                             "a4-yoko.yaml"), os.path.join(d, "strict.yaml"))
    sub(os.path.join(d, "strict.yaml"), "strict: false", "strict: true")
    sub(os.path.join(d, "issue.yaml"), "layout: a4-yoko", "layout: strict.yaml")
    p = run([canpress, "check", "issue.yaml"], cwd=d)
    check("press: strict: true makes it an error",
          p.returncode == 1 and re.search(r"^members/ikoi-seikotsu\.yaml:%d:\d+: error: .*139 ppi"
                                          % line, p.stderr, re.M), p.stderr[-600:])
    sub(os.path.join(d, "issue.yaml"), "layout: strict.yaml", "layout: a4-yoko")
    sub(ikoi, "low.png", "tiny.png")
    p = run([canpress, "check", "issue.yaml"], cwd=d)
    check("a photo below the 100 ppi floor is an error",
          p.returncode == 1 and re.search(r"^members/ikoi-seikotsu\.yaml:%d:\d+: error: image "
                                          r"'.*tiny\.png' prints at 46 ppi, below the layout's "
                                          r"floor of 100 ppi" % line, p.stderr, re.M),
          p.stderr[-600:])


def check_distances(canpress, src, tmp):
    """Layout distances move what they name: the cover's masthead, the
    section bar, the running head's rule, a card's rule space (each by what
    the layout adds)."""
    d = os.path.join(tmp, "distances")
    shutil.copytree(src, d)
    with open(os.path.join(d, "moved.yaml"), "w", encoding="utf-8") as f:
        f.write("cover:\n  masthead_top: 26mm\n"
                "section_bar:\n  length: 20mm\n  weight: 3pt\n"
                "cards:\n  rule_space: 5mm\n"
                "running_head:\n  rule_length: 15mm\n")
    base = run([canpress, "dump", "--stage=dl", "issue.yaml"], cwd=d)
    sub(os.path.join(d, "issue.yaml"), "layout: a4-yoko", "layout: moved.yaml")
    moved = run([canpress, "dump", "--stage=dl", "issue.yaml"], cwd=d)
    if base.returncode != 0 or moved.returncode != 0:
        check("layout distances: both dumps", False, base.stderr[-600:], moved.stderr[-600:])
        return
    _, p0 = parse_dl(base.stdout)
    _, p1 = parse_dl(moved.stdout)
    y0 = [r["y"] for r in p0[0]["runs"] if r["text"] == "CAN"][:1]
    y1 = [r["y"] for r in p1[0]["runs"] if r["text"] == "CAN"][:1]
    check("cover.masthead_top 16mm -> 26mm moves the magazine's name down 10mm",
          y0 and y1 and abs(y1[0] - y0[0] - 10 * MM) < EPS, y0, y1)

    def rules(pages, w, color=None):
        return [r for pg in pages for r in pg["rules"]
                if r["w"] == w and (color is None or r["color"] == color)]
    accent = "cmyk(0,55,65,15)"
    b0 = [r["x1"] - r["x0"] for r in rules(p0, 2.0, accent)]
    b1 = [r["x1"] - r["x0"] for r in rules(p1, 3.0, accent)]
    check("section_bar 12mm/2pt -> 20mm/3pt: every bar (contents, article, directory)",
          len(b0) == 3 and len(b1) == 3 and not rules(p1, 2.0, accent)
          and all(abs(v - 12 * MM) < EPS for v in b0)
          and all(abs(v - 20 * MM) < EPS for v in b1), b0, b1)
    r0 = [r["x1"] - r["x0"] for r in rules(p0, 1.0, accent)]
    r1 = [r["x1"] - r["x0"] for r in rules(p1, 1.0, accent)]
    check("running_head.rule_length 8mm -> 15mm: the rule under every running head",
          r0 and len(r0) == len(r1) and all(abs(v - 8 * MM) < EPS for v in r0)
          and all(abs(v - 15 * MM) < EPS for v in r1), r0[:3], r1[:3])
    h0 = [r["y0"] for r in rules(p0, 0.35)]
    h1 = [r["y0"] for r in rules(p1, 0.35)]
    check("cards.rule_space 3mm -> 5mm lowers every card's hairline by 2mm",
          h0 and len(h0) == len(h1) and all(abs(b - a - 2 * MM) < EPS for a, b in zip(h0, h1)),
          h0[:4], h1[:4])


def main():
    if len(sys.argv) != 2:
        print("Bail out! usage: run.py CANPRESS")
        return 1
    canpress = os.path.abspath(sys.argv[1])
    root = os.environ.get("CP_SOURCE_DIR") or os.path.abspath(os.path.join("..", ".."))
    src = os.path.join(root, "tests", "cards", "issue")
    with tempfile.TemporaryDirectory(prefix="cp-cards-") as tmp:
        check_directory(canpress, os.path.join(src, "issue.yaml"), tmp)
        check_faults(canpress, src, tmp)
        check_distances(canpress, src, tmp)
    print("1..%d" % len(results))
    for k, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, name))
        if not ok:
            for d in diag:
                for ln in str(d).splitlines()[:30]:
                    print("# " + ln)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
