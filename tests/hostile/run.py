#!/usr/bin/env python3
"""The hostile suite: broken and hostile input against `canpress build` and
`canpress check` (issue 6). Every case builds a small issue in a scratch
folder (from content-samples/), breaks one thing, runs canpress and asserts:

  - the exit status (1 = input errors, 3 = system failure);
  - one diagnostic naming the file (and line:col where there is one), matched
    by a regular expression on standard error;
  - CPU time and peak memory of the canpress process (os.wait4's rusage of that
    child): at most 5 s and 500 MB, the bounds the issue sets (wall time
    only as a hang guard, 12 times that: no wall-clock assertion, which a
    loaded 2-core machine makes flaky; bench/hostile prints the wall times);
  - the scenarios (two runs on one output, SIGKILL mid-run) assert what the
    output folder holds afterwards, never how long anything took;
  - for build: a previous output file is byte-identical afterwards and no
    temporary file is left beside it; for check: the folder is unchanged.

Under AddressSanitizer the time bound is multiplied by 5 and the memory
bound is not checked (ASan's shadow memory and quarantine are not
canpress's); under valgrind (CP_VALGRIND=1, `meson test --setup valgrind`)
both are relaxed the same way, by 50 for time.

Running as root: chmod 000 does not stop root from reading, so the
"unreadable file" case uses a symlink to /proc/self/mem, which answers EIO
to every reader, root included; the plain chmod 000 case is a TAP SKIP when
running as root. The "output folder not writable" cases use /proc (no
regular files can be made there, even by root) and a path whose parent is
a regular file; a read-only bind mount needs privileges tests do not have.

Three cases are the other side of the same rules and must succeed: a BOM,
CRLF line ends and an image outside the issue's folder are accepted (the
last with a warning naming it), and the new PDF replaces the old one.

Usage: run.py CANPRESS [CASE...]   (cwd: tests/hostile). Prints TAP."""
import os
import re
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("CP_SOURCE_DIR", os.path.abspath(os.path.join(HERE, "..", "..")))
SAMPLES = os.path.join(SRC, "content-samples")
TIME_LIMIT = 5.0              # CPU seconds a case may take (the issue's bound)
HANG_GUARD = 12               # wall clock, times TIME_LIMIT: only a hang guard
MEM_LIMIT_KB = 500 * 1024
OLD_PDF = b"%PDF-1.5\n% the last good output: must survive a failed run\n"

ISSUE = """magazine: CAN
number: 7
date: 2026-12-01
publisher: 絆餐会
cover:
  headline: 小さな食卓から
  image: images/cover.jpg
contents:
  - cover
  - article: articles/a.yaml
  - members: members
  - colophon
"""


# --- building cases -----------------------------------------------------------

def base_issue(root):
    """A small valid issue: one article, one member, one photo."""
    os.makedirs(os.path.join(root, "articles"))
    os.makedirs(os.path.join(root, "members"))
    os.makedirs(os.path.join(root, "images"))
    shutil.copy(os.path.join(SAMPLES, "articles", "03-column-kami.yaml"),
                os.path.join(root, "articles", "a.yaml"))
    shutil.copy(os.path.join(SAMPLES, "members", "akari.yaml"),
                os.path.join(root, "members", "akari.yaml"))
    for img in ("paper.jpg", "yui.jpg"):
        shutil.copy(os.path.join(SAMPLES, "images", img), os.path.join(root, "images", img))
    # 1800 pixels over the cover's width: above the layout's 100 ppi floor
    shutil.copy(os.path.join(SAMPLES, "images", "paper.jpg"),
                os.path.join(root, "images", "cover.jpg"))
    write(root, "issue.yaml", ISSUE)


def write(root, name, data):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read(root, name):
    with open(os.path.join(root, name), "rb") as f:
        return f.read()


def edit(root, name, old, new):
    text = read(root, name).decode("utf-8")
    assert old in text, (name, old)
    write(root, name, text.replace(old, new, 1))


def png(width, height, idat=None):
    """A PNG with the given IHDR; by default a valid 1x1-looking stream."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = idat if idat is not None else zlib.compress(b"\0\0" * 4)
    return (b"\x89PNG\r\n\x1a\n" + tap.png_chunk(b"IHDR", ihdr) + tap.png_chunk(b"IDAT", raw)
            + tap.png_chunk(b"IEND", b""))


def jpeg_with_size(data, width, height):
    """The JPEG with its frame header (SOFn) claiming width x height."""
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        seg = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return (data[:pos + 5] + struct.pack(">HH", height, width)
                    + data[pos + 9:])
        pos += 2 + seg
    raise ValueError("no frame header")


def deep_flow(size):
    return "x: " + "{a: " * ((size - 10) // 4) + "\n"


def laughs():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append("a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)))
    return "\n".join(lines) + "\n"


def block(body):
    """body as an indented literal block scalar."""
    return "".join("  " + line + "\n" for line in body.split("\n"))


def article(title, body):
    return "title: %s\nauthor: 編集部\nbody: |\n%s" % (title, block(body))


# Each case: (name, setup(root) -> None, argv after the command, command,
# allowed exit statuses, stderr pattern). In argv, OUT is replaced by the
# output path (a previous good file sits there).

def c_file_size(r):
    write(r, "issue.yaml", ISSUE + "note: |\n" + ("  " + "あ" * 60 + "\n") * 24000)


def c_scalar_size(r):
    write(r, "members/akari.yaml",
          read(r, "members/akari.yaml").decode() + 'tags: ["' + "x" * (300 * 1024) + '"]\n')


def c_depth(r):
    write(r, "articles/a.yaml", deep_flow(4 * 1024 * 1024 - 64))


def c_laughs(r):
    write(r, "issue.yaml", ISSUE + laughs().replace("a0:", "lol0:", 1))


def c_nodes(r):
    write(r, "members/akari.yaml", "tags:\n" + "  - a\n" * 600000)


def c_members(r):
    m = read(r, "members/akari.yaml")
    for i in range(2001):
        write(r, "members/m%04d.yaml" % i, m)


def c_articles(r):
    write(r, "articles/s.yaml", article("短い", "本文。"))
    for i in range(501):
        shutil.copy(os.path.join(r, "articles/s.yaml"), os.path.join(r, "articles/s%03d.yaml" % i))
    edit(r, "issue.yaml", "  - colophon\n",
         "".join("  - article: articles/s%03d.yaml\n" % i for i in range(501)))


def c_issue_bytes(r):
    # three files of 3 MiB each (a long list of tags: no other limit is
    # reached): the third takes the issue past its 8 MiB of YAML. (The
    # same file named 900 times is read once now, see dup-member-listed.)
    tags = "tags:\n" + ("  - " + "あ" * 100 + "\n") * 10300
    names = []
    for i in range(3):
        write(r, "members/big%d.yaml" % i, tags)
        names.append("members/big%d.yaml" % i)
    edit(r, "issue.yaml", "members: members", "members: [" + ", ".join(names) + "]")


def c_pages(r):
    # one-character paragraphs: 50 000 lines an article (a 250 KB body),
    # 1 000 pages in two articles; the third is never reached
    body = "あ\n\n" * 50000
    names = []
    for i in range(3):
        write(r, "articles/p%d.yaml" % i, article("段落", body.rstrip("\n")))
        names.append("  - article: articles/p%d.yaml\n" % i)
    edit(r, "issue.yaml", "  - colophon\n", "".join(names))


def c_png_huge(r):
    write(r, "images/cover.jpg", png(100000, 100000))


def c_jpeg_pixels(r):
    write(r, "images/cover.jpg", jpeg_with_size(read(r, "images/paper.jpg"), 8000, 8000))


def c_jpeg_bomb(r):
    # within the limits (5000 x 5000 = 25 Mpx) but its data is for a small
    # picture: decoding must fail cleanly and not take long
    write(r, "images/cover.jpg", jpeg_with_size(read(r, "images/yui.jpg"), 5000, 5000))


def real_png(width, height, seed):
    """A real RGB PNG of width x height with a pattern that does not
    compress to nothing (rows shifted diagonal bands), written fast."""
    band = bytes((i * 7 + seed) & 0xFF for i in range(3 * (width + 256)))
    rows = []
    for y in range(height):
        off = 3 * ((y * 5) % 256)
        rows.append(b"\0" + band[off:off + 3 * width])
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + tap.png_chunk(b"IHDR", ihdr)
            + tap.png_chunk(b"IDAT", zlib.compress(b"".join(rows), 1))
            + tap.png_chunk(b"IEND", b""))


def c_issue_pixels(r):
    # each image within the per-image limit (25 Mpx), the third past the
    # issue's 64 Mpx; refused by load before anything is decoded
    for n in "abc":
        write(r, "images/big-%s.png" % n, png(5000, 5000))
    edit(r, "issue.yaml", "image: images/cover.jpg", "image: images/big-a.png")
    edit(r, "articles/a.yaml", "../images/paper.jpg", "../images/big-b.png")
    edit(r, "members/akari.yaml", "tags:", "photo: ../images/big-c.png\ntags:")


def c_big_images_small(r):
    # two 25 Mpx PNGs (50 Mpx: inside the issue's budget), one as the cover
    # and one as a figure: built, with the PDF's images at 600 ppi at most
    write(r, "images/big-a.png", real_png(5000, 5000, 1))
    write(r, "images/big-b.png", real_png(5000, 5000, 2))
    edit(r, "issue.yaml", "image: images/cover.jpg", "image: images/big-a.png")
    edit(r, "articles/a.yaml", "../images/paper.jpg", "../images/big-b.png")


def layout_edit(old, new):
    """A case: the issue uses a copy of the default layout with one edit."""
    def setup(r):
        shutil.copy(os.path.join(SRC, "layouts", "a4-yoko.yaml"), os.path.join(r, "my.yaml"))
        edit(r, "issue.yaml", "contents:", "layout: my.yaml\ncontents:")
        edit(r, "my.yaml", old, new)
    return setup


def c_nul_value(r):
    edit(r, "issue.yaml", "  - article: articles/a.yaml", '  - article: "articles/a.yaml\\0x"')


def c_yaml_tag(r):
    edit(r, "members/akari.yaml", "industry: ヘアサロン", "industry: !!binary 44OY44Ki")


def c_image_url(r):
    edit(r, "articles/a.yaml", "../images/paper.jpg", "https://example.com/paper.jpg")


def c_png_cover(r):
    write(r, "images/cover.png", real_png(1600, 1200, 3))  # above the 100 ppi floor
    edit(r, "issue.yaml", "image: images/cover.jpg", "image: images/cover.png")


def c_image_bytes(r):
    with open(os.path.join(r, "images/cover.jpg"), "r+b") as f:
        f.truncate(70 * 1024 * 1024)  # sparse: costs no disk


def c_utf8(r):
    write(r, "members/akari.yaml",
          read(r, "members/akari.yaml").replace("紹介".encode(), b"\xe7\xb4\xff", 1)
          if "紹介".encode() in read(r, "members/akari.yaml")
          else read(r, "members/akari.yaml") + b"note: \xff\xfe\n")


def c_nul(r):
    write(r, "articles/a.yaml", read(r, "articles/a.yaml")[:40] + b"\0" +
          read(r, "articles/a.yaml")[40:])


def c_bom(r):
    # a BOM is legal UTF-8 and YAML: accepted; the error after it must be
    # reported at the right column (the BOM is not a column)
    write(r, "issue.yaml", b"\xef\xbb\xbf" + ISSUE.replace("number: 7", "numbr: 7").encode())


def c_crlf(r):
    # CRLF line ends are accepted; the error on line 3 must say line 3
    write(r, "issue.yaml", ISSUE.replace("date: 2026-12-01", "date: 2026-13-01")
          .replace("\n", "\r\n"))


def c_tabs(r):
    edit(r, "issue.yaml", "  headline:", "\theadline:")


def c_jpeg_truncated(r):
    write(r, "images/cover.jpg", read(r, "images/yui.jpg")[:9000])


def c_png_truncated(r):
    write(r, "images/cover.jpg", png(64, 64, zlib.compress(b"\0" * 65 * 64))[:-30])


def c_jpeg_corrupt(r):
    data = bytearray(read(r, "images/paper.jpg"))  # above the 100 ppi floor
    # wipe the middle of the entropy-coded data with markers libjpeg rejects
    mid = len(data) // 2
    data[mid:mid + 400] = b"\xff\xd0\x00" * 133 + b"\x00"
    write(r, "images/cover.jpg", bytes(data))


def c_png_corrupt(r):
    good = png(700, 700, zlib.compress(b"\0" * 701 * 700))  # above the 100 ppi floor
    # IDAT's data damaged (its CRC no longer matches)
    i = good.index(b"IDAT") + 8
    write(r, "images/cover.jpg", good[:i] + b"\x13\x37" + good[i + 2:])


def c_dir_as_file(r):
    os.makedirs(os.path.join(r, "articles", "b.yaml"))
    edit(r, "issue.yaml", "  - colophon\n", "  - article: articles/b.yaml\n  - colophon\n")


def c_unreadable_proc(r):
    os.symlink("/proc/self/mem", os.path.join(r, "members", "zz.yaml"))


def c_unreadable_chmod(r):
    os.chmod(os.path.join(r, "members", "akari.yaml"), 0)


def c_fifo(r):
    os.mkfifo(os.path.join(r, "members", "fifo.yaml"))
    edit(r, "issue.yaml", "members: members", "members: [members/fifo.yaml]")


def c_device(r):
    edit(r, "issue.yaml", "  - colophon\n", "  - article: /dev/zero\n  - colophon\n")


def c_image_outside(r):
    edit(r, "issue.yaml", "images/cover.jpg", "../outside.jpg")
    shutil.copy(os.path.join(r, "images", "paper.jpg"), os.path.join(os.path.dirname(r),
                                                                 "outside.jpg"))


def c_empty(r):
    write(r, "members/akari.yaml", "")


def c_nothing(r):
    pass


def c_issue_dir(r):
    os.remove(os.path.join(r, "issue.yaml"))
    os.makedirs(os.path.join(r, "issue.yaml"))


def c_missing_issue(r):
    os.remove(os.path.join(r, "issue.yaml"))



# --- issue 10: round two ---------------------------------------------------------

def links_article(n_links=40):
    """A body with a paragraph of many links (each followed by a mark like a
    footnote's), figures between paragraphs, and another linked paragraph:
    compose adds a link item after each linked run, so a page holds dozens."""
    links = "".join("[第%d回の記録](https://can.example/r/%d)※%d、" % (i, i, i)
                    for i in range(1, n_links + 1))
    marks = "".join("[注%d](https://can.example/n/%d)¹²†‡" % (i, i) for i in range(30))
    body = ("前置きの段落です。\n\n参考にした記録は次のとおりです。" + links + "以上です。\n\n"
            "![工房の机](../images/paper.jpg)\n\n注のような印をつけた段落。" + marks +
            "\n\n![もう一枚](../images/paper.jpg)\n\n[メール](mailto:can@example.jp)と"
            "[電話](tel:+81-6-0000-0000)。")
    return article("リンクの多い記事", body)


def c_many_links(r):
    write(r, "articles/a.yaml", links_article())


def model_count(kind):
    """A check: the model dump holds exactly one `kind` (member, article)."""
    def check(root, canpress, env, stderr):
        p = subprocess.run([canpress, "dump", "--stage=model", "issue.yaml"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=TIME_LIMIT * HANG_GUARD * 5)
        n = len(re.findall(r"^%s\[\d+\]\.file = " % kind, p.stdout, re.M))
        return [] if n == 1 else ["%d %ss in the model, expected 1 (printed once)" % (n, kind)]
    return check


def pdf_urls(allowed):
    """A check: the PDF's link annotations are exactly the allowed ones."""
    def check(root, canpress, env, stderr):
        out = subprocess.run(["pdfinfo", "-url", os.path.join(root, "out.pdf")],
                             capture_output=True, text=True).stdout
        urls = sorted(set(line.split()[-1] for line in out.splitlines()[1:] if line.strip()))
        return [] if urls == sorted(allowed) else ["links in the PDF: %s" % urls]
    return check


def c_link_schemes(r):
    edit(r, "articles/a.yaml", "body: |\n",
         "body: |\n  [a](javascript:alert(1)) [b](file:///etc/passwd) [c](../x.html) "
         "[d](data:text/html,hi) [e](launch:calc) [f](JavaScript:x) [g]() "
         "<vbscript:msgbox> [ok](https://a.example/) [m](mailto:a@b.jp) [t](tel:0612345678)\n\n")


def c_dup_listed(r):
    edit(r, "issue.yaml", "members: members", "members: [members/akari.yaml, members/akari.yaml]")


def c_dup_symlink(r):
    os.symlink("akari.yaml", os.path.join(r, "members", "zz.yaml"))


def c_dup_folder_twice(r):
    edit(r, "issue.yaml", "  - members: members\n",
         "  - members: members\n  - members: {path: ./members, title: もう一度}\n")


def c_dup_article_link(r):
    os.symlink("a.yaml", os.path.join(r, "articles", "b.yaml"))
    edit(r, "issue.yaml", "  - colophon\n", "  - article: articles/b.yaml\n  - colophon\n")


def c_loop_member(r):
    os.symlink("l2.yaml", os.path.join(r, "members", "l1.yaml"))
    os.symlink("l1.yaml", os.path.join(r, "members", "l2.yaml"))


def c_loop_article(r):
    os.symlink("l2.yaml", os.path.join(r, "articles", "l1.yaml"))
    os.symlink("l1.yaml", os.path.join(r, "articles", "l2.yaml"))
    edit(r, "issue.yaml", "  - colophon\n", "  - article: articles/l1.yaml\n  - colophon\n")


def c_loop_output(r):
    os.symlink("loop2.pdf", os.path.join(r, "loop1.pdf"))
    os.symlink("loop1.pdf", os.path.join(r, "loop2.pdf"))


def c_fifo_output(r):
    os.mkfifo(os.path.join(r, "pipe.pdf"))


def c_glob(r):
    edit(r, "issue.yaml", "members: members", "members: [members/*.yaml]")



def jpeg_patched(data, marker=None, precision=None, components=None):
    """The JPEG with its frame header's marker, sample precision or component
    count changed: what a 12-bit, lossless or arithmetic-coded file says in
    its header, which is where load looks."""
    pos = 2
    while pos + 4 <= len(data):
        m = data[pos + 1]
        seg = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            out = bytearray(data)
            if marker is not None:
                out[pos + 1] = marker
            if precision is not None:
                out[pos + 4] = precision
            if components is not None:
                out[pos + 9] = components
            return bytes(out)
        pos += 2 + seg
    raise ValueError("no frame header")


def image_case(data_fn):
    """A case: the cover image (issue.yaml line 7) replaced by data_fn(r)."""
    def setup(r):
        write(r, "images/cover.jpg", data_fn(r))
    return setup


def c_jpeg_metadata(r):
    d = read(r, "images/yui.jpg")
    app = b"".join(b"\xff\xe1" + struct.pack(">H", 65535) + b"\0" * 65533 for _ in range(80))
    write(r, "images/cover.jpg", d[:2] + app + d[2:])


def said_once(text):
    """A check: text is in exactly one diagnostic (the layout's line, not
    again at the first text that uses it)."""
    def check(root, canpress, env, stderr):
        n = stderr.count(text)
        return [] if n == 1 else ["'%s' said %d times" % (text, n)]
    return check


def layout_file(edits):
    """A case: the issue uses my.yaml, a copy of the default layout with
    edits [(old, new), ...]."""
    def setup(r):
        shutil.copy(os.path.join(SRC, "layouts", "a4-yoko.yaml"), os.path.join(r, "my.yaml"))
        edit(r, "issue.yaml", "contents:", "layout: my.yaml\ncontents:")
        for old, new in edits:
            edit(r, "my.yaml", old, new)
    return setup


SRGB = "/usr/share/color/icc/sRGB.icc"

ERR = r"(fatal )?error: "
FAST_UNWIND = {"limit-pages"}
CASES = [
    # item 2: limits, each with its own diagnostic
    ("limit-file-size", c_file_size, "build", {1},
     r"^issue\.yaml: error: .*\(limit: file size\)"),
    ("limit-scalar-size", c_scalar_size, "build", {1},
     r"^members/akari\.yaml:\d+:\d+: error: .*\(limit: scalar size\)"),
    ("limit-nesting-depth", c_depth, "build", {1},
     r"^articles/a\.yaml:1:\d+: error: .*\(limit: nesting depth\)"),
    ("limit-alias-laughs", c_laughs, "build", {1},
     r"^issue\.yaml:\d+:\d+: error: .*\(limit: alias expansion\)"),
    ("limit-nodes", c_nodes, "check", {1},
     r"^members/akari\.yaml:\d+:\d+: error: .*\(limit: nodes per file\)"),
    ("limit-members", c_members, "check", {1},
     r"^issue\.yaml:11:\d+: error: more than 1000 members .*\(limit: members\)"),
    ("limit-articles", c_articles, "check", {1},
     r"^issue\.yaml:\d+:\d+: error: more than 500 articles .*\(limit: articles\)"),
    ("limit-issue-size", c_issue_bytes, "build", {1},
     r"^members/big2\.yaml: error: .*\(limit: issue size\)"),
    ("limit-pages", c_pages, "build", {1},
     r"^issue\.yaml:1:1: error: the issue needs more than \d+ pages \(limit: pages\)"),
    ("limit-png-100000px", c_png_huge, "build", {1},
     r"^issue\.yaml:7:10: error: image '.*cover\.jpg' is 100000x100000 .*\(limit: image size\)"),
    ("limit-jpeg-pixels", c_jpeg_pixels, "build", {1},
     r"^issue\.yaml:7:10: error: image .* 8000x8000 .*\(limit: image pixels\)"),
    ("limit-image-file-size", c_image_bytes, "build", {1},
     r"^issue\.yaml:7:10: error: image .*\(limit: image file size\)"),
    ("limit-issue-pixels", c_issue_pixels, "build", {1},
     r"^\w+/\w+\.yaml:\d+:\d+: error: image '.*big-[bc]\.png' takes the issue's PNG "
     r"and CMYK JPEG images past 64 million pixels .*\(limit: image pixels per issue\)"),
    ("long-word-broken", lambda r: edit(r, "members/akari.yaml", "鏡の前の一時間を",
                                        "x" * 60000), "build", {1},
     r"^members/akari\.yaml:\d+:\d+: warning: a word longer than the line is broken"),
    ("big-pngs-accepted", c_big_images_small, "build", {0}, r"canpress: wrote out\.pdf"),
    ("jpeg-bomb", c_jpeg_bomb, "build", {1},
     r"^issue\.yaml:7:10: error: cannot read image '.*cover\.jpg'"),
    # sizes no booklet has (typos of units): refused with the layout's line
    ("layout-type-size-tiny", layout_edit("size: 13Q", "size: 0.001Q"), "build", {1},
     r"^my\.yaml:\d+:\d+: error: the body type size must be from .*\[layout\]"),
    ("layout-style-size-huge", layout_edit("size: 160Q,", "size: 1600000Q,"), "build", {1},
     r"^my\.yaml:\d+:\d+: error: the size of style 'cover_magazine' must be from "),
    ("layout-page-100m", layout_edit("size: A4  ", 'size: "100000mm x 100000mm"'), "check",
     {1}, r"^my\.yaml:\d+:\d+: error: the page width must be from 50mm to 1000mm"),
    ("layout-bleed-1m", layout_edit("bleed: 3mm", "bleed: 1000mm"), "build", {1},
     r"^my\.yaml:\d+:\d+: error: the bleed must be from 0mm to 20mm"),
    ("layout-style-pitch", layout_edit("size: 30Q, pitch: 40H", "size: 30Q, pitch: 4000000H"),
     "build", {1}, r"^my\.yaml:\d+:\d+: error: the pitch of style 'title' must be from "),
    ("layout-head-offset", layout_edit("offset: 8mm", "offset: 100000mm"), "build", {1},
     r"^my\.yaml:\d+:\d+: error: the running head's offset must be from 0mm to "),
    ("layout-marks-margin", layout_edit("marks_margin: 15mm", "marks_margin: 10000mm"),
     "build --press", {1}, r"^my\.yaml:\d+:\d+: error: the crop marks' margin must be "),
    ("layout-card-padding", layout_edit("padding: 4.5mm", "padding: 200mm"), "build", {1},
     r"^my\.yaml:\d+:\d+: error: member cards of .* leave no room for their text"),
    # values YAML can hold and canpress cannot use
    ("nul-in-value", c_nul_value, "build", {1},
     r"^issue\.yaml:\d+:\d+: error: the value holds a NUL character"),
    ("yaml-tag", c_yaml_tag, "check", {1},
     r"^members/akari\.yaml:\d+:\d+: error: the YAML tag '!!binary' is not used"),
    ("terminal-escapes", lambda r: edit(r, "members/akari.yaml", "industry:",
                                        '"x\\e]0;pwned\\ax\\u009b31m": 1\nindustry:'),
     "check", {1}, r"unknown key 'x\\x1b\]0;pwned\\x07x\\u009b31m' in member"),
    ("image-url", c_image_url, "build", {1},
     r"^articles/a\.yaml:\d+:\d+: error: image 'https://example\.com/paper\.jpg' is a web "),
    # item 3: broken files
    ("invalid-utf8", c_utf8, "build", {1},
     r"^members/akari\.yaml:\d+:\d+: error: the file is not valid UTF-8"),
    ("nul-byte", c_nul, "build", {1},
     r"^articles/a\.yaml:\d+:\d+: error: the file holds a NUL byte"),
    ("bom", c_bom, "build", {1},
     r"^issue\.yaml:2:1: error: unknown key 'numbr'"),
    ("crlf", c_crlf, "build", {1},
     r"^issue\.yaml:3:7: error: .*"),
    ("tab-indent", c_tabs, "build", {1},
     r"^issue\.yaml:6:1: error: a tab character in the indentation"),
    ("jpeg-truncated", c_jpeg_truncated, "build", {1},
     r"^issue\.yaml:7:10: error: image '.*cover\.jpg' is truncated"),
    ("png-truncated", c_png_truncated, "build", {1},
     r"^issue\.yaml:7:10: error: image '.*cover\.jpg' is truncated"),
    ("jpeg-corrupt", c_jpeg_corrupt, "build", {1},
     r"^issue\.yaml:7:10: error: cannot read image '.*cover\.jpg'"),
    ("png-corrupt", c_png_corrupt, "build", {1},
     r"^issue\.yaml:7:10: error: cannot read image '.*cover\.jpg'"),
    ("directory-as-file", c_dir_as_file, "build", {1},
     r"^issue\.yaml:12:\d+: error: article file 'articles/b\.yaml' is a folder"),
    ("issue-is-directory", c_issue_dir, "build", {1},
     r"^issue\.yaml: error: 'issue\.yaml' is a folder"),
    ("missing-issue", c_missing_issue, "check", {1},
     r"^issue\.yaml: error: cannot read 'issue\.yaml'"),
    ("empty-member", c_empty, "build", {1},
     r"^members/akari\.yaml:1:1: error: the member file is empty"),
    ("unreadable-proc-mem", c_unreadable_proc, "build", {1, 3},
     r"^members/zz\.yaml: " + ERR + r"cannot read 'members/zz\.yaml'.*Input/output error"),
    ("unreadable-chmod", c_unreadable_chmod, "build", {1, 3},
     r"^members/akari\.yaml: " + ERR + r"cannot read 'members/akari\.yaml'.*Permission denied"),
    ("fifo-member", c_fifo, "build", {1},
     r"^issue\.yaml:11:\d+: error: member file 'members/fifo\.yaml' is not a regular file"),
    ("device-article", c_device, "check", {1},
     r"^issue\.yaml:12:\d+: error: article file '/dev/zero' is not a regular file"),
    ("image-outside-werror", c_image_outside, "build --werror", {1},
     r"^issue\.yaml:7:10: error: image '\.\./outside\.jpg' is outside the issue's folder"),
    # accepted as they are: a BOM, CRLF line ends, an image outside the
    # folder (a warning naming it); exit 0 and the new PDF replaces the old
    ("bom-accepted", lambda r: write(r, "issue.yaml", b"\xef\xbb\xbf" + ISSUE.encode()),
     "build", {0}, r"canpress: wrote out\.pdf"),
    ("crlf-accepted", lambda r: write(r, "issue.yaml", ISSUE.replace("\n", "\r\n")),
     "build", {0}, r"canpress: wrote out\.pdf"),
    ("image-outside-warning", c_image_outside, "build", {0},
     r"^issue\.yaml:7:10: warning: image '\.\./outside\.jpg' is outside the issue's folder"),
    # output that cannot be written
    ("output-proc", c_nothing, "build -o /proc/canpress-test.pdf", {3},
     r"^canpress: fatal error: cannot write '/proc/canpress-test\.pdf'"),
    ("output-parent-is-file", c_nothing, "build -o issue.yaml/out.pdf", {3},
     r"^canpress: fatal error: cannot write 'issue\.yaml/out\.pdf': Not a directory"),
    ("output-is-the-issue", c_nothing, "build -o issue.yaml", {3},
     r"^canpress: fatal error: cannot write 'issue\.yaml': it is the issue's input file"),
    ("output-is-a-photo", c_nothing, "build -o images/./cover.jpg", {3},
     r"^canpress: fatal error: cannot write 'images/\./cover\.jpg': it is the issue's input "),
    ("preview-over-a-photo", c_png_cover, "preview --pages 1 -o images/cover.png", {3},
     r"cannot write 'images/cover\.png': it is the issue's input file"),
    ("icc-dev-zero", c_nothing, "build --press --icc /dev/zero", {1},
     r"error: the output profile '/dev/zero' is not a regular file"),
    ("icc-not-a-profile", lambda r: write(r, "x.icc", b"acsp" * 1000),
     "build --press --icc x.icc", {1}, r"error: 'x\.icc' is not a CMYK output \(prtr\) ICC"),
    ("output-dev-full", c_nothing, "build -o /dev/full", {3},
     r"^canpress: fatal error: cannot write '/dev/full': No space left on device"),
    # issue 10, round two: many links (a use-after-free in compose under ASan)
    ("many-links", c_many_links, "build", {0}, r"canpress: wrote out\.pdf",
     pdf_urls(["https://can.example/r/%d" % i for i in range(1, 41)] +
              ["https://can.example/n/%d" % i for i in range(30)] +
              ["mailto:can@example.jp", "tel:+81-6-0000-0000"])),
    # links: only http, https, mailto, tel reach the PDF; the rest warned at their line
    ("link-schemes", c_link_schemes, "build", {0},
     r"^articles/a\.yaml:7:3: warning: the link to 'javascript:alert\(1\)' is not put in "
     r"the PDF(.|\n)*^articles/a\.yaml:7:\d+: warning: the link to 'file:///etc/passwd'"
     r"(.|\n)*'JavaScript:x'(.|\n)*a link without an address(.|\n)*'vbscript:msgbox'",
     pdf_urls(["https://a.example/", "mailto:a@b.jp", "tel:0612345678"])),
    ("link-schemes-werror", c_link_schemes, "build --werror", {1},
     r"^articles/a\.yaml:7:\d+: error: the link to 'launch:calc' is not put in the PDF"),
    # the same file reached twice is printed once, both mentions named
    ("dup-member-listed", c_dup_listed, "build", {0},
     r"^issue\.yaml:11:35: warning: member file 'members/akari\.yaml' is named twice"
     r"(.|\n)*^issue\.yaml:11:15: note: 'members/akari\.yaml' is first named here",
     model_count("member")),
    ("dup-member-symlink", c_dup_symlink, "build", {0},
     r"^issue\.yaml:11:14: warning: member file 'members/zz\.yaml' is the same file as "
     r"'members/akari\.yaml'", model_count("member")),
    ("dup-members-folder-twice", c_dup_folder_twice, "build", {0},
     r"^issue\.yaml:12:\d+: warning: member file 'members/akari\.yaml' is named twice"
     r"(.|\n)*^issue\.yaml:11:\d+: note: ", model_count("member")),
    ("dup-article-symlink", c_dup_article_link, "check", {0},
     r"^issue\.yaml:12:14: warning: article file 'articles/b\.yaml' is the same file as "
     r"'articles/a\.yaml'(.|\n)*^issue\.yaml:10:14: note: ", model_count("article")),
    # symbolic-link loops called loops; a glob said to be one
    ("symlink-loop-member", c_loop_member, "build", {1},
     r"^issue\.yaml:11:14: error: member file 'members/l1\.yaml' is a loop of symbolic links"),
    ("symlink-loop-article", c_loop_article, "check", {1},
     r"^issue\.yaml:12:14: error: article file 'articles/l1\.yaml' is a loop of symbolic "),
    ("member-glob", c_glob, "check", {1},
     r"^issue\.yaml:11:\d+: error: cannot find member file 'members/\*\.yaml'.*\n.*hint: "
     r"canpress does not expand wildcards"),
    # output that is a loop or a FIFO nobody reads: an error at once, no wait
    ("output-symlink-loop", c_loop_output, "build -o loop1.pdf", {3},
     r"^canpress: fatal error: cannot write 'loop1\.pdf': it is a loop of symbolic links"),
    ("output-fifo-no-reader", c_fifo_output, "build -o pipe.pdf", {3},
     r"^canpress: fatal error: cannot write '.*pipe\.pdf': it is a named pipe \(FIFO\) that "
     r"no program is reading"),
    # errors that come from the layout are at the layout's line, in check
    # and in build alike
    ("layout-font-missing", layout_file([("mincho: Noto Serif CJK JP",
                                          "mincho: Noto Serif CJK JX")]), "check", {1},
     r"^my\.yaml:32:11: error: font family 'Noto Serif CJK JX' is not in canpress's font "),
    ("layout-font-missing-build", layout_file([("gothic: Noto Sans CJK JP",
                                                "gothic: No Such Family")]), "build", {1},
     r"^my\.yaml:33:11: error: font family 'No Such Family' is not in",
     said_once("font family 'No Such Family'")),
    ("layout-margins-no-room", layout_file([("inner: 22mm", "inner: 150mm"),
                                            ("outer: 20mm", "outer: 70mm")]), "check", {1},
     r"^my\.yaml:15:10: error: the inner and outer margins \(150\.0mm and 70\.0mm\) leave no "
     r"room for the type area"),
    ("layout-margins-top-bottom", layout_file([("top: 30mm", "top: 280mm")]), "build", {1},
     r"^my\.yaml:13:8: error: the top and bottom margins \(280\.0mm and 20\.0mm\) leave no "),
    ("layout-small-page", layout_file([("size: A4  ", 'size: "80mm x 100mm"  ')]), "check",
     {1}, r"^my\.yaml:19:3: error: the type area is [\d.]+mm wide \(2 columns of 24 "
     r"characters\) but the margins leave"),
    ("layout-profile-rgb", layout_file([("  # icc: profiles/JapanColor2001Coated.icc",
                                         "  icc: " + SRGB)]), "check", {1},
     r"^my\.yaml:\d+:8: error: the output profile '.*sRGB\.icc' is a display profile for "
     r"RGB, not a CMYK output \(prtr\) profile"),
    ("layout-profile-not-icc", layout_file([("  # icc: profiles/JapanColor2001Coated.icc",
                                             "  icc: images/paper.jpg")]), "build", {1},
     r"^my\.yaml:\d+:8: error: '.*paper\.jpg' is not an ICC profile"),
    ("layout-profile-missing", layout_file([("  # icc: profiles/JapanColor2001Coated.icc",
                                             "  icc: nope.icc")]), "check", {1},
     r"^my\.yaml:\d+:8: error: cannot find output profile '.*nope\.icc'"),
    # images whose trouble only decoding found: now at load, at the line
    ("image-12bit-jpeg", image_case(lambda r: jpeg_patched(read(r, "images/yui.jpg"),
                                                            marker=0xC1, precision=12)),
     "check", {1}, r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' is a 12-bit JPEG"),
    ("image-lossless-jpeg", image_case(lambda r: jpeg_patched(read(r, "images/yui.jpg"),
                                                               marker=0xC3)),
     "build", {1}, r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' is a lossless JPEG"),
    ("image-arithmetic-jpeg", image_case(lambda r: jpeg_patched(read(r, "images/yui.jpg"),
                                                                 marker=0xC9)),
     "check", {1}, r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' is an "
     r"arithmetic-coded JPEG"),
    ("image-two-component-jpeg", image_case(lambda r: jpeg_patched(read(r, "images/yui.jpg"),
                                                                    components=2)),
     "check", {1}, r"^issue\.yaml:7:10: error: image .* odd number of colour components"),
    ("image-gif-as-jpg", image_case(lambda r: b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\0" * 40),
     "check", {1}, r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' is a GIF file, "
     r"whatever its name says"),
    ("image-webp-as-png", lambda r: (write(r, "images/c.png", b"RIFF\x24\0\0\0WEBPVP8 " +
                                           b"\0" * 40),
                                     edit(r, "issue.yaml", "images/cover.jpg", "images/c.png")),
     "build", {1}, r"^issue\.yaml:7:10: error: image 'images/c\.png' is a WebP file"),
    ("image-svg-as-jpg", image_case(lambda r: b'<?xml version="1.0"?>\n<svg xmlns='
                                    b'"http://www.w3.org/2000/svg" width="10" height="10"/>\n'),
     "build", {1}, r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' is an SVG or other "
     r"XML file"),
    ("image-metadata-megabytes", c_jpeg_metadata, "check", {1},
     r"^issue\.yaml:7:10: error: image 'images/cover\.jpg' has more than 4 MiB of metadata "
     r"before its frame header \(limit: image metadata\)"),
    ("image-figure-12bit", lambda r: write(r, "images/paper.jpg", jpeg_patched(
        read(r, "images/paper.jpg"), marker=0xC1, precision=12)), "check", {1},
     r"^articles/a\.yaml:\d+:\d+: error: image '.*paper\.jpg' is a 12-bit JPEG"),
    # a preview is held to a pixel budget, not only a side (1700 dpi: 279 Mpx)
    ("preview-pixel-budget", c_nothing, "preview --pages 1 --dpi 1700 -o p.png", {3},
     r"^canpress: fatal error: page 1 at 1700 dpi would be \d+x\d+ pixels \(\d+ million\), "
     r"more than the 40 million an image may have \(limit: preview pixels\).*\n"
     r"\s*hint: choose --dpi \d+ or less"),
    ("preview-spread-budget", c_nothing, "preview --pages 2-3 --spread --dpi 500 -o s.png",
     {3}, r"^canpress: fatal error: a spread at 500 dpi would be .*\(limit: preview pixels\)"),
    # messages that say what is wrong
    ("noncharacter-literal", lambda r: edit(r, "members/akari.yaml", "industry: ヘアサロン",
                                            "industry: ヘア\ufffeサロン"), "build", {1},
     r"^members/akari\.yaml:\d+:\d+: error: the file holds U\+FFFE, a Unicode noncharacter"),
    ("noncharacter-escaped", lambda r: edit(r, "members/akari.yaml", "industry: ヘアサロン",
                                            'industry: "ヘア\\uFDD0サロン"'), "check", {1},
     r"^members/akari\.yaml:\d+:\d+: error: the value holds U\+FDD0, a Unicode noncharacter"),
    ("noncharacter-plane16", lambda r: edit(r, "articles/a.yaml", "body: |\n",
                                            "body: |\n  本文\U0010FFFF。\n\n"), "check", {1},
     r"^articles/a\.yaml:7:5: error: the file holds U\+10FFFF, a Unicode noncharacter"),
    ("control-character", lambda r: edit(r, "articles/a.yaml", "body: |\n",
                                         "body: |\n  色\x1b[31m赤\n\n"), "build", {1},
     r"^articles/a\.yaml:7:4: error: the file holds U\+001B, a control character"),
    ("integer-too-large", lambda r: edit(r, "issue.yaml", "number: 7",
                                         "number: 99999999999999999999999"), "build", {1},
     r"^issue\.yaml:2:9: error: 'number' is too large: 99999999999999999999999 \(the largest "
     r"allowed is 2147483647\)"),
    ("layout-integer-too-large", layout_edit("columns: 2", "columns: 100000000000"), "check",
     {1}, r"^my\.yaml:23:12: error: 'columns' in 'body' is too large: 100000000000 \(the largest "
     r"allowed is \d+\)"),
]


# --- scenarios: several runs against one output (issue 10, item 4) ---------------

def press_issues(root):
    """Two small issues from content-samples that pass the press step: a.yaml
    (4 pages) and b.yaml (12 pages), in one folder."""
    shutil.copytree(SAMPLES, root)
    with open(os.path.join(root, "issue.yaml"), encoding="utf-8") as f:
        text = f.read()
    head = text[:text.index("contents:")]
    write(root, "a.yaml", head + "contents:\n  - cover\n  - article: articles/03-column-kami.yaml\n"
          "  - colophon\n")
    write(root, "b.yaml", head + "contents:\n  - cover\n  - toc\n"
          "  - article: articles/01-shinbokukai-report.yaml\n"
          "  - article: articles/03-column-kami.yaml\n"
          "  - article: articles/05-calendar.yaml\n  - colophon\n")


def start(canpress, args, cwd, env):
    err = tempfile.TemporaryFile()
    p = subprocess.Popen([canpress] + args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=err)
    p.err = err
    return p


def finish(p, guard):
    try:
        p.wait(timeout=guard)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return p.returncode, "still running after %.0f s: killed (a hang)" % guard
    p.err.seek(0)
    return p.returncode, p.err.read().decode("utf-8", "replace")


def strays(out_dir, keep):
    """Files in out_dir other than keep: a stray temporary file, or a file
    named like a PDF that no run was asked to write."""
    return sorted(n for n in os.listdir(out_dir) if n not in keep)


def sanitizer_report(text):
    return re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|==\d+== ", text)


def s_concurrent_press(top, canpress, env, limits):
    """Two `build --press` runs of different issues on one output at once:
    both succeed, each reports its own page count, and the output is
    byte for byte one of the two PDFs (the last rename wins whole), with no
    temporary file left. References are built one at a time first (the
    builds are reproducible: the same issue and output name give the same
    bytes)."""
    root = os.path.join(top, "issue")
    press_issues(root)
    out_dir = os.path.join(top, "out")
    os.makedirs(out_dir)
    out = os.path.join(out_dir, "out.pdf")
    refs = {}
    for name in ("a", "b"):
        status, err = finish(start(canpress, ["build", "--press", name + ".yaml", "-o", out],
                                   root, env), limits["time"] * HANG_GUARD)
        if status != 0:
            return ["reference build of %s.yaml exited %d: %s" % (name, status, err[-300:])]
        refs[name] = read(out_dir, "out.pdf")
    problems = []
    for attempt in range(2):
        runs = {n: start(canpress, ["build", "--press", n + ".yaml", "-o", out], root, env)
                for n in ("a", "b")}
        results = {n: finish(p, limits["time"] * HANG_GUARD) for n, p in runs.items()}
        for n, (status, err) in results.items():
            if status != 0:
                problems.append("run of %s.yaml exited %d: %s" % (n, status, err[-300:]))
            want = "canpress: wrote %s (%d pages)" % (out, 4 if n == "a" else 12)
            if want not in err:
                problems.append("run of %s.yaml did not say '%s'" % (n, want))
            if sanitizer_report(err):
                problems.append("sanitizer report")
        now = read(out_dir, "out.pdf")
        if now not in (refs["a"], refs["b"]):
            problems.append("attempt %d: the output is neither issue's PDF whole (%d bytes)"
                            % (attempt + 1, len(now)))
        left = strays(out_dir, {"out.pdf"})
        if left:
            problems.append("left behind: %s" % left)
        if problems:
            break
    return problems


def s_kill_press(top, canpress, env, limits):
    """`build --press` killed by SIGKILL at several moments (no handler
    runs): the previous output stays whole, and nothing but hidden .tmp
    files is left (never a file named like a PDF); the next run removes
    them and writes a whole PDF. A temporary file of a live process (this
    script's pid) and one of another pattern are not touched."""
    root = os.path.join(top, "issue")
    press_issues(root)
    out_dir = os.path.join(top, "out")
    os.makedirs(out_dir)
    out = os.path.join(out_dir, "out.pdf")
    write(out_dir, "out.pdf", OLD_PDF)
    problems = []
    seen_tmp = False
    for delay in (0.2, 0.6, 1.0, 1.5, 2.5, 4.0):
        p = start(canpress, ["build", "--press", "b.yaml", "-o", out], root, env)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and p.poll() is None:
            if any(n.endswith(".tmp") for n in os.listdir(out_dir)):
                seen_tmp = True
            time.sleep(0.02)
        finished = p.poll() is not None
        if not finished:
            p.send_signal(signal.SIGKILL)
        p.wait()
        now = read(out_dir, "out.pdf")
        if now != OLD_PDF and not (finished and now.startswith(b"%PDF-")):
            problems.append("killed after %.1f s: the output is neither the old file nor a "
                            "whole new one" % delay)
        for n in strays(out_dir, {"out.pdf"}):
            if not (n.startswith(".out.pdf.") and n.endswith(".tmp")):
                problems.append("killed after %.1f s: left '%s', not a hidden .tmp file"
                                % (delay, n))
        if finished:
            break
    # a dead run's temporary file (a pid that has just exited), one of this
    # live process, and another pattern: only the first is swept
    gone = subprocess.Popen(["true"])
    gone.wait()
    host = [n for n in os.listdir(out_dir) if n.endswith(".tmp")]
    tag = None
    if host:
        tag = host[0][len(".out.pdf."):].split("-")[0]
    if tag is None:
        # no kill caught one: make the names as canpress does
        tag = "%08x" % glib_str_hash(socket.gethostname())
    dead = ".out.pdf.%s-%d-AAAAAA.tmp" % (tag, gone.pid)
    live = ".out.pdf.%s-%d-BBBBBB.tmp" % (tag, os.getpid())
    other = ".notes.txt.%s-%d-CCCCCC.tmp" % (tag, gone.pid)
    for n in (dead, live, other):
        write(out_dir, n, b"x" * 1000)
    status, err = finish(start(canpress, ["build", "--press", "a.yaml", "-o", out], root, env),
                         limits["time"] * HANG_GUARD)
    if status != 0:
        problems.append("the run after the kills exited %d: %s" % (status, err[-300:]))
    if not read(out_dir, "out.pdf").startswith(b"%PDF-") or read(out_dir, "out.pdf") == OLD_PDF:
        problems.append("the run after the kills did not write a new PDF")
    left = set(strays(out_dir, {"out.pdf"}))
    if left != {live, other}:
        problems.append("after the next run: %s left (expected only %s)"
                        % (sorted(left), sorted({live, other})))
    if sanitizer_report(err):
        problems.append("sanitizer report")
    if not seen_tmp and not problems:
        print("# kill-press: no kill landed while a temporary file existed (a fast machine); "
              "the sweep was checked with made-up names")
    return problems


def glib_str_hash(s):
    """GLib's g_str_hash (djb2 over the UTF-8 bytes, 32 bits)."""
    h = 5381
    for b in s.encode():
        h = (h * 33 + b) & 0xFFFFFFFF
    return h


def s_many_links_press(top, canpress, env, limits):
    """The whole sample with an extra article of many links, built for
    the screen and for the press (under ASan: no use-after-free)."""
    root = os.path.join(top, "issue")
    shutil.copytree(SAMPLES, root)
    write(root, "articles/09-links.yaml", links_article())
    edit(root, "issue.yaml", "  - colophon\n", "  - article: articles/09-links.yaml\n  - colophon\n")
    problems = []
    for extra in ([], ["--press"]):
        out = os.path.join(top, "out%s.pdf" % ("-press" if extra else ""))
        status, err = finish(start(canpress, ["build"] + extra + ["issue.yaml", "-o", out], root,
                                   env), limits["time"] * HANG_GUARD)
        if status != 0:
            problems.append("build %s exited %d: %s" % (extra, status, err[-400:]))
        if sanitizer_report(err):
            problems.append("sanitizer report: " + err[err.find("ERROR"):][:300])
    if not problems:
        urls = subprocess.run(["pdfinfo", "-url", os.path.join(top, "out.pdf")],
                              capture_output=True, text=True).stdout
        found = set(re.findall(r"https://can\.example/r/\d+", urls))
        if len(found) != 40:
            problems.append("the screen PDF does not hold the 40 links")
    return problems


SCENARIOS = [
    ("concurrent-press", s_concurrent_press),
    ("kill-press", s_kill_press),
    ("many-links-press", s_many_links_press),
]


# --- running -------------------------------------------------------------------

def sanitized(canpress):
    with open(canpress, "rb") as f:
        return b"__asan_init" in f.read()


def snapshot(root):
    """Every path under root with its size and bytes' hash."""
    out = {}
    for d, dirs, files in os.walk(root):
        for name in files + dirs:
            p = os.path.join(d, name)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


def run_timed(argv, cwd, env, hard_timeout):
    """Runs argv; returns (status, stderr, CPU seconds, peak KB of that child).
    The wall clock only kills a hung child (hard_timeout): the bound on time
    is CPU time (tests/tap.py, run_limited)."""
    return tap.run_limited(argv, cwd=cwd, env=env, hang_guard=hard_timeout)


def run_case(i, case, canpress, env, limits, tmp):
    name, setup, cmd, allowed, pattern = case[:5]
    post = case[5] if len(case) > 5 else None
    if name == "unreadable-chmod" and os.geteuid() == 0:
        print("ok %d - %s # SKIP root reads any file; see unreadable-proc-mem" % (i, name))
        return True
    top = os.path.join(tmp, name)
    root = os.path.join(top, "issue")
    os.makedirs(root)
    base_issue(root)
    setup(root)

    words = cmd.split()
    command, extra = words[0], words[1:]
    argv = [canpress, command] + extra
    out = None
    if command == "build" and "-o" not in extra:
        out = os.path.join(root, "out.pdf")
        with open(out, "wb") as f:
            f.write(OLD_PDF)
        argv += ["-o", "out.pdf"]
    argv.append("issue.yaml")
    before = snapshot(root)

    if name in FAST_UNWIND:
        # the suite's fast_unwind_on_malloc=0 (exact stacks, which the
        # cairo entry of lsan.supp needs) makes every malloc walk the stack:
        # 50 times slower here. This case stops before render, so no cairo
        # suppression is needed, and leaks are still detected.
        env = dict(env)
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":fast_unwind_on_malloc=1"
    status, stderr, secs, kb = run_timed(argv, root, env, limits["time"] * HANG_GUARD)

    problems = []
    if status not in allowed:
        problems.append("exit status %d, expected %s" % (status, sorted(allowed)))
    if not re.search(pattern, stderr, re.M):
        problems.append("no diagnostic matching /%s/" % pattern)
    if tap.sanitizer_report(stderr):
        problems.append("sanitizer or valgrind report")
    if secs > limits["time"]:
        problems.append("took %.2f s of CPU (limit %.0f s)" % (secs, limits["time"]))
    if limits["mem"] and kb > limits["mem"]:
        problems.append("peak memory %d MB (limit %d MB)" % (kb // 1024, limits["mem"] // 1024))
    if out is not None:
        with open(out, "rb") as f:
            now = f.read()
        if 0 in allowed and not now.startswith(b"%PDF-") or now == OLD_PDF and status == 0:
            problems.append("a successful run did not replace the output with a PDF")
        if 0 not in allowed and now != OLD_PDF:
            problems.append("the previous output file changed")
    if post is not None and not problems:
        problems += post(root, canpress, env, stderr)
    after = snapshot(root)
    if out is not None:
        before.pop("out.pdf", None)
        after.pop("out.pdf", None)
    if after != before:
        added = sorted(set(after) - set(before))
        problems.append("files changed or left behind: %s" % (added or "modified"))
    if name == "output-dev-full" and not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        problems.append("/dev/full is no longer a device")

    figures = "%.2f s, %d MB" % (secs, kb // 1024)
    if problems:
        print("not ok %d - %s (%s) # %s" % (i, name, figures, "; ".join(problems)))
        for line in stderr.splitlines()[:12]:
            print("#   " + line)
        return False
    print("ok %d - %s (%s)" % (i, name, figures))
    return True


def main():
    if len(sys.argv) < 2:
        print("usage: run.py CANPRESS [CASE...]", file=sys.stderr)
        return 2
    canpress = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    env = dict(os.environ)
    lsan = env.get("LSAN_OPTIONS", "")
    env["LSAN_OPTIONS"] = (lsan + ":" if lsan else "") + "print_suppressions=0"
    limits = {"time": TIME_LIMIT, "mem": MEM_LIMIT_KB}
    if sanitized(canpress):
        limits = {"time": TIME_LIMIT * 5, "mem": 0}
    if env.get("CP_VALGRIND") == "1":
        limits = {"time": TIME_LIMIT * 50, "mem": 0}
    cases = [c for c in CASES if not only or c[0] in only]
    scenarios = [c for c in SCENARIOS if not only or c[0] in only]
    print("1..%d" % (len(cases) + len(scenarios)))
    failed = 0
    tmp = tempfile.mkdtemp(prefix="cp-hostile-")
    try:
        for i, case in enumerate(cases, 1):
            if not run_case(i, case, canpress, env, limits, tmp):
                failed += 1
        for i, (name, fn) in enumerate(scenarios, len(cases) + 1):
            top = os.path.join(tmp, name)
            os.makedirs(top)
            problems = fn(top, canpress, env, limits)
            if problems:
                failed += 1
                print("not ok %d - %s # %s" % (i, name, "; ".join(problems)))
            else:
                print("ok %d - %s" % (i, name))
    finally:
        # a chmod 000 file or a FIFO does not stop rmtree; make sure of it
        for d, dirs, files in os.walk(tmp):
            for n in dirs + files:
                p = os.path.join(d, n)
                if not os.path.islink(p):
                    try:
                        os.chmod(p, 0o700)
                    except OSError:
                        pass
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
