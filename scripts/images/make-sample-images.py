#!/usr/bin/env python3
"""Generate the illustrative JPEGs for content-samples/images with ImageMagick 6.

Everything is deterministic (-seed), metadata is stripped, density set to 300 ppi.
"""
import math
import os
import subprocess
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "content-samples", "images")

CREAM = "#F4EADB"
CREAM2 = "#EADCC6"
TERRA = "#C4694C"
TERRA_D = "#9E4F38"
SAGE = "#9DAF8E"
SAGE_D = "#6F8764"
NAVY = "#2E3C58"
NAVY_L = "#4A5B7C"
MUSTARD = "#D8A444"
WOOD = "#A8714C"
WOOD_D = "#7E5236"
BROWN = "#5B3A28"
PINK = "#D9A39B"
WHITE = "#FBF7F0"


class Scene:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.shapes = []  # (draw string, shadow?)

    def add(self, prim, fill="none", stroke="none", sw=0, shadow=False):
        s = f"fill {fill} stroke {stroke} stroke-width {sw} {prim}"
        self.shapes.append((s, shadow, prim, sw))

    # helpers -----------------------------------------------------------
    def circle(self, cx, cy, r, fill, stroke="none", sw=0, shadow=False):
        self.add(f"circle {cx:.1f},{cy:.1f} {cx + r:.1f},{cy:.1f}", fill, stroke, sw, shadow)

    def ellipse(self, cx, cy, rx, ry, fill, stroke="none", sw=0, shadow=False):
        self.add(f"ellipse {cx:.1f},{cy:.1f} {rx:.1f},{ry:.1f} 0,360", fill, stroke, sw, shadow)

    def rrect(self, x0, y0, x1, y1, r, fill, stroke="none", sw=0, shadow=False):
        self.add(f"roundrectangle {x0:.1f},{y0:.1f} {x1:.1f},{y1:.1f} {r:.1f},{r:.1f}", fill, stroke, sw, shadow)

    def rect(self, x0, y0, x1, y1, fill, stroke="none", sw=0, shadow=False):
        self.add(f"rectangle {x0:.1f},{y0:.1f} {x1:.1f},{y1:.1f}", fill, stroke, sw, shadow)

    def poly(self, pts, fill, stroke="none", sw=0, shadow=False):
        p = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        self.add(f"polygon {p}", fill, stroke, sw, shadow)

    def line(self, x0, y0, x1, y1, color, sw, shadow=False):
        self.add(f"line {x0:.1f},{y0:.1f} {x1:.1f},{y1:.1f}", "none", color, sw, shadow)

    def path(self, d, fill="none", stroke="none", sw=0, shadow=False):
        self.add(f"path '{d}'", fill, stroke, sw, shadow)

    def rot_rect(self, cx, cy, w, h, deg, fill, stroke="none", sw=0, shadow=False):
        a = math.radians(deg)
        pts = []
        for dx, dy in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
            pts.append((cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)))
        self.poly(pts, fill, stroke, sw, shadow)

    # render ------------------------------------------------------------
    def render(self, name, bg, light=None, quality=85, shadow_blur=None, shadow_off=None,
               noise=0.22, seed=1):
        w, h = self.w, self.h
        sb = shadow_blur or max(w, h) / 110
        so = shadow_off or max(w, h) / 220
        cmd = ["convert", "-seed", str(seed), "-size", f"{w}x{h}"] + bg
        shadow_prims = [f"fill black stroke black stroke-width {sw} {prim}"
                        for (_, sh, prim, sw) in self.shapes if sh]
        if shadow_prims:
            cmd += ["(", "-size", f"{w}x{h}", "xc:none"]
            for p in shadow_prims:
                cmd += ["-draw", p]
            cmd += ["-blur", f"0x{sb:.1f}", "-channel", "A", "-evaluate", "multiply", "0.38",
                    "+channel", ")", "-geometry", f"+{so:.0f}+{so * 1.4:.0f}", "-compose", "over",
                    "-composite"]
        for s, _, _, _ in self.shapes:
            cmd += ["-draw", s]
        if light:
            cmd += ["(", "-size", f"{w}x{h}"] + light + [")", "+geometry", "-compose", "soft-light", "-composite",
                                                           "-compose", "over"]
        cmd += ["-attenuate", str(noise), "+noise", "Gaussian", "-blur", "0x0.6",
                "-colorspace", "sRGB", "-strip", "-sampling-factor", "2x2",
                "-quality", str(quality), "-units", "PixelsPerInch", "-density", "300",
                os.path.join(OUT, name)]
        subprocess.run(cmd, check=True)


def radial(inner, outer):
    return [f"radial-gradient:{inner}-{outer}"]


def lamp(w, h, cx, cy, r, inner="#FFE7C2", outer="#5A4030"):
    """A soft warm light spot, used with soft-light compose."""
    return ["xc:" + outer, "(", "-size", f"{2 * r}x{2 * r}", f"radial-gradient:{inner}-{outer}", ")",
            "-geometry", f"+{cx - r}+{cy - r}", "-compose", "over", "-composite"]


# ---------------------------------------------------------------------------
def food(sc, cx, cy, r, k):
    """Some simple 'food' on a plate of radius r."""
    if k % 5 == 0:  # salad
        for i, (dx, dy, rr, c) in enumerate([(-.25, -.1, .22, SAGE), (.15, -.2, .2, SAGE_D), (0, .2, .2, SAGE),
                                            (.25, .12, .12, TERRA), (-.18, .22, .1, MUSTARD)]):
            sc.circle(cx + dx * r, cy + dy * r, rr * r, c)
    elif k % 5 == 1:  # grilled fish
        sc.ellipse(cx, cy, r * .55, r * .2, "#B98552")
        sc.ellipse(cx + r * .05, cy, r * .4, r * .1, "#D7A46E")
        sc.circle(cx + r * .45, cy + r * .35, r * .12, MUSTARD)
    elif k % 5 == 2:  # stew
        sc.circle(cx, cy, r * .52, TERRA_D)
        sc.circle(cx - r * .15, cy - r * .1, r * .13, MUSTARD)
        sc.circle(cx + r * .18, cy + r * .1, r * .12, SAGE)
        sc.circle(cx + r * .05, cy - r * .25, r * .09, CREAM2)
    elif k % 5 == 3:  # sashimi
        for j in range(4):
            sc.rot_rect(cx - r * .3 + j * r * .2, cy, r * .17, r * .5, 20, PINK if j % 2 else TERRA)
        sc.circle(cx + r * .45, cy - r * .3, r * .1, SAGE_D)
    else:  # rice
        sc.circle(cx, cy, r * .5, WHITE)
        sc.circle(cx, cy, r * .12, TERRA)


def cover():
    W, H = 2480, 2000
    sc = Scene(W, H)
    cx, cy = W / 2, H / 2 + 40
    # table
    sc.circle(cx, cy, 860, WOOD_D, shadow=True)
    sc.circle(cx, cy, 835, WOOD)
    for i in range(1, 7):
        sc.circle(cx, cy, 835 - i * 110, "none", "#9A6744", 3)
    # runner cloth
    sc.circle(cx, cy, 300, CREAM2)
    sc.circle(cx, cy, 285, "none", "#D9C7AB", 6)
    # centre: candle + small vase of flowers
    sc.circle(cx, cy, 95, "#E9E0D0", shadow=True)
    for a, c in [(0, TERRA), (72, PINK), (144, MUSTARD), (216, TERRA), (288, PINK)]:
        t = math.radians(a)
        sc.circle(cx + 70 * math.cos(t), cy + 70 * math.sin(t), 48, c)
        sc.circle(cx + 70 * math.cos(t), cy + 70 * math.sin(t), 16, MUSTARD)
    sc.circle(cx, cy, 40, SAGE_D)
    for a in (36, 108, 180, 252, 324):
        t = math.radians(a)
        sc.ellipse(cx + 150 * math.cos(t), cy + 150 * math.sin(t), 42, 42, SAGE)
    # five places
    for k in range(5):
        t = math.radians(-90 + k * 72)
        px, py = cx + 570 * math.cos(t), cy + 570 * math.sin(t)
        sc.circle(px, py, 185, WHITE, shadow=True)
        sc.circle(px, py, 135, CREAM)
        sc.circle(px, py, 185, "none", CREAM2, 5)
        food(sc, px, py, 135, k)
        # glass
        t2 = t + math.radians(24)
        gx, gy = cx + 640 * math.cos(t2), cy + 640 * math.sin(t2)
        sc.circle(gx, gy, 62, "#F6EBD4", shadow=True)
        sc.circle(gx, gy, 48, MUSTARD if k % 2 else "#B4463A")
        sc.circle(gx - 16, gy - 18, 14, "#FFFFFFAA")
        # chopsticks / cutlery
        t3 = t - math.radians(22)
        ox, oy = cx + 610 * math.cos(t3), cy + 610 * math.sin(t3)
        dx, dy = -math.sin(t3), math.cos(t3)
        sc.line(ox - dx * 10 - math.cos(t3) * 140, oy - dy * 10 - math.sin(t3) * 140,
                ox - dx * 10 + math.cos(t3) * 140, oy - dy * 10 + math.sin(t3) * 140, BROWN, 12, True)
        sc.line(ox + dx * 14 - math.cos(t3) * 140, oy + dy * 14 - math.sin(t3) * 140,
                ox + dx * 14 + math.cos(t3) * 140, oy + dy * 14 + math.sin(t3) * 140, BROWN, 12, True)
    bg = ["radial-gradient:#7A5440-#2B211E"]
    light = lamp(W, H, int(cx) - 200, int(cy) - 300, 1500, "#FFE3B8", "#6A5040")
    sc.render("cover.jpg", bg, light, quality=88, seed=7, noise=0.2)


def dinner_table():
    W, H = 1800, 1200
    sc = Scene(W, H)
    # long wooden table, seen from above
    sc.rect(0, 140, W, 1060, WOOD, shadow=True)
    for y in range(180, 1060, 95):
        sc.line(0, y, W, y, "#96623F", 4)
    # tray cloth
    sc.rrect(120, 460, 1680, 740, 20, CREAM2)
    # sharing plates in the middle
    for x, k in ((420, 0), (900, 3), (1380, 1)):
        sc.ellipse(x, 600, 200, 120, WHITE, shadow=True)
        sc.ellipse(x, 600, 160, 90, CREAM)
        food(sc, x, 600, 150, k)
    # five seats: 3 on top row, 2 on bottom
    seats = [(330, 300), (900, 300), (1470, 300), (600, 900), (1200, 900)]
    for i, (x, y) in enumerate(seats):
        sc.circle(x, y, 100, WHITE, shadow=True)
        sc.circle(x, y, 72, CREAM)
        food(sc, x, y, 72, i + 2)
        gx = x + 170
        sc.circle(gx, y - 10, 48, "#F6EBD4", shadow=True)
        sc.circle(gx, y - 10, 36, MUSTARD)
        sc.circle(gx - 12, y - 24, 10, "#FFFFFFAA")
        sc.line(x - 190, y - 70, x - 170, y + 80, BROWN, 9, True)
        sc.line(x - 168, y - 72, x - 148, y + 78, BROWN, 9, True)
    # sake bottle and small cups
    sc.circle(1640, 880, 70, NAVY, shadow=True)
    sc.circle(1640, 880, 30, NAVY_L)
    for x in (1540, 1700):
        sc.circle(x, 1000, 32, WHITE, shadow=True)
        sc.circle(x, 1000, 20, "#EADFC8")
    bg = ["gradient:#3A2C25-#2A201C"]
    light = lamp(W, H, 700, 500, 1100, "#FFE6BF", "#6A5040")
    sc.render("dinner-table.jpg", bg, light, seed=11)


def roastery():
    W, H = 1800, 1200
    sc = Scene(W, H)
    # counter
    for i, y in enumerate(range(0, H, 150)):
        sc.rect(0, y, W, y + 150, WOOD if i % 2 else "#B07A54")
        sc.line(0, y, W, y, WOOD_D, 4)
    # kraft bag
    sc.rot_rect(1350, 520, 420, 600, -6, "#C9A27A", shadow=True)
    sc.rot_rect(1346, 290, 420, 120, -6, "#B68D64")
    sc.rot_rect(1355, 580, 220, 220, -6, CREAM)
    sc.circle(1355, 580, 70, TERRA)
    # saucer + cup, from above
    sc.circle(640, 600, 300, WHITE, shadow=True)
    sc.circle(640, 600, 250, CREAM, "none")
    sc.circle(640, 600, 190, "#F8F2E8", shadow=True)
    sc.circle(640, 600, 155, "#4A2E20")
    sc.circle(640, 600, 120, "#6B4330")
    sc.ellipse(600, 560, 50, 22, "#A57650")
    sc.rrect(830, 570, 930, 630, 28, "#F8F2E8", shadow=True)
    # spoon
    sc.line(380, 820, 250, 960, "#C9C1B4", 16, True)
    sc.ellipse(400, 795, 34, 24, "#D6CEC1")
    # beans
    import random
    rnd = random.Random(3)
    for _ in range(46):
        x = rnd.uniform(120, 1700)
        y = rnd.uniform(900, 1150)
        if 1100 < x < 1600 and y < 900:
            continue
        sc.ellipse(x, y, 26, 18, "#4B2C1E", shadow=True)
        sc.line(x - 18, y, x + 18, y, "#2E1A12", 4)
    for _ in range(18):
        x = rnd.uniform(1000, 1700)
        y = rnd.uniform(60, 200)
        sc.ellipse(x, y, 26, 18, "#4B2C1E", shadow=True)
        sc.line(x - 18, y, x + 18, y, "#2E1A12", 4)
    bg = ["xc:" + WOOD]
    light = lamp(W, H, 500, 350, 1100, "#FFEBCB", "#6F5646")
    sc.render("roastery.jpg", bg, light, seed=13)


def paper():
    W, H = 1800, 1200
    sc = Scene(W, H)
    # desk
    sc.rect(0, 0, W, H, "#B98D68")
    for x in range(0, W, 160):
        sc.line(x, 0, x + 60, H, "#A97D59", 5)
    # stack of booklets (slightly rotated)
    cols = [SAGE, CREAM2, TERRA, CREAM, NAVY_L]
    for i, c in enumerate(cols):
        sc.rot_rect(760 + i * 14, 600 - i * 16, 840, 600, -8 + i * 3.5, c, shadow=True)
    # open booklet on top
    sc.rot_rect(820, 540, 820, 580, 4, WHITE, shadow=True)
    sc.line(820 - 20, 250, 820 + 20, 830, "#D8CDBB", 6)
    for j in range(9):
        y = 330 + j * 48
        sc.line(470 + j * 3.5, y + 20, 760 + j * 3.5, y + 40, "#CFC3AF", 10)
        if j < 6:
            sc.line(880 + j * 3.5, y + 30, 1150 + j * 3.5, y + 48, "#CFC3AF", 10)
    sc.rot_rect(1020, 700, 240, 150, 4, TERRA)
    # pen
    sc.line(1320, 980, 1620, 760, NAVY, 22, True)
    sc.line(1320, 980, 1290, 1002, MUSTARD, 14)
    # mug
    sc.circle(260, 960, 130, TERRA, shadow=True)
    sc.circle(260, 960, 100, "#5B3A28")
    sc.rrect(380, 935, 450, 985, 20, TERRA)
    # sprig
    sc.line(1450, 230, 1700, 120, SAGE_D, 8)
    for k in range(5):
        sc.ellipse(1480 + k * 48, 218 - k * 21, 26, 14, SAGE)
    bg = ["xc:#B98D68"]
    light = lamp(W, H, 800, 450, 1200, "#FFEFD6", "#6F5848")
    sc.render("paper.jpg", bg, light, seed=17)


# --- member portraits 600x800 ------------------------------------------------
def portrait(name, draw, bg, seed, light_at=(300, 250)):
    sc = Scene(600, 800)
    draw(sc)
    light = lamp(600, 800, light_at[0], light_at[1], 650, "#FFEACB", "#6B5445")
    sc.render(name, bg, light, seed=seed)


def m_sakura(sc):
    sc.rect(0, 560, 600, 800, WOOD)
    for i, c in enumerate([CREAM, SAGE, PINK, CREAM2, TERRA]):
        sc.rot_rect(300 + (i - 2) * 30, 470 - i * 8, 360, 480, -14 + i * 7, c, shadow=True)
    sc.circle(300, 430, 70, "none", TERRA_D, 10)
    sc.circle(300, 430, 40, TERRA_D)
    sc.rrect(80, 640, 520, 700, 14, NAVY, shadow=True)


def m_hidamari(sc):
    sc.rect(0, 560, 600, 800, WOOD)
    sc.ellipse(300, 600, 220, 50, WHITE, shadow=True)
    sc.path("M 170,330 L 430,330 L 405,560 Q 300,610 195,560 Z", WHITE, shadow=True)
    sc.circle(455, 420, 58, "none", WHITE, 24)
    sc.ellipse(300, 332, 130, 22, "#5B3A28")
    for x in (250, 300, 350):
        sc.path(f"M {x},290 C {x - 30},240 {x + 30},200 {x},150", "none", "#FFFFFF88", 10)
    sc.rect(0, 0, 600, 40, "none")


def m_komugi(sc):
    sc.rect(0, 0, 600, 800, "#E6CDA8")
    sc.rrect(40, 360, 560, 760, 40, WOOD, shadow=True)
    sc.ellipse(230, 500, 170, 80, "#C98B4F", shadow=True)
    for x in (150, 210, 270):
        sc.line(x, 470, x + 45, 530, "#E8C08A", 10)
    sc.circle(410, 640, 110, "#B8773F", shadow=True)
    sc.line(350, 640, 470, 640, "#E3B47A", 10)
    sc.line(410, 580, 410, 700, "#E3B47A", 10)
    sc.ellipse(200, 670, 90, 45, "#D9A062", shadow=True)
    sc.circle(470, 200, 60, "none", SAGE_D, 10)


def m_nakano(sc):
    sc.rect(0, 0, 600, 800, "#3A2A22")
    sc.rect(0, 0, 600, 110, WOOD_D)
    for x in range(20, 600, 44):
        sc.rect(x, 110, x + 14, 800, "#5A3E2E")
    for i in range(4):
        sc.rect(90 + i * 110, 150, 190 + i * 110, 420, NAVY, shadow=True)
    sc.rect(90, 150, 520, 200, NAVY_L)
    sc.line(300, 440, 300, 470, "#222222", 6)
    sc.ellipse(300, 560, 90, 110, "#C8473A", shadow=True)
    for y in (490, 530, 570, 610):
        sc.line(225, y, 375, y, "#A53A30", 5)
    sc.rect(270, 450, 330, 470, "#222222")
    sc.rect(270, 660, 330, 680, "#222222")


def m_komorebi(sc):
    sc.rect(0, 560, 600, 800, CREAM2)
    for x0, y0 in ((220, 300), (300, 260), (380, 320), (260, 380), (350, 400)):
        sc.line(300, 600, x0, y0, SAGE_D, 8)
    sc.path("M 210,560 L 390,560 L 360,760 L 240,760 Z", NAVY_L, shadow=True)
    flowers = [(220, 300, TERRA), (300, 250, PINK), (380, 320, MUSTARD), (250, 390, PINK),
               (355, 405, TERRA), (170, 390, WHITE), (430, 240, WHITE)]
    for x, y, c in flowers:
        for a in range(0, 360, 60):
            t = math.radians(a)
            sc.circle(x + 32 * math.cos(t), y + 32 * math.sin(t), 28, c, shadow=(a == 0))
        sc.circle(x, y, 22, MUSTARD if c != MUSTARD else TERRA)
    for x, y in ((150, 470), (450, 470), (470, 360)):
        sc.ellipse(x, y, 48, 22, SAGE)


def m_kasuga(sc):
    sc.rect(0, 560, 600, 800, "#8C6A52")
    sc.rrect(90, 290, 510, 560, 40, "#3B3B3E", shadow=True)
    sc.rrect(150, 240, 270, 300, 14, "#3B3B3E")
    sc.rect(90, 340, 510, 400, "#7A6658")
    sc.circle(300, 430, 115, "#202022", shadow=True)
    sc.circle(300, 430, 85, "#3C4A62")
    sc.circle(300, 430, 45, "#1A2233")
    sc.circle(275, 405, 16, "#FFFFFF99")
    sc.rrect(420, 305, 480, 335, 8, MUSTARD)


def m_ueda(sc):
    sc.rect(0, 580, 600, 800, WOOD)
    bottles = [(150, "#3F6150", 520), (300, "#2E3C58", 560), (450, "#6A4B2A", 500)]
    for x, c, hgt in bottles:
        top = 600 - hgt
        sc.path(f"M {x - 55},600 L {x - 55},{top + 190} Q {x - 55},{top + 120} {x - 20},{top + 90} "
                f"L {x - 20},{top} L {x + 20},{top} L {x + 20},{top + 90} Q {x + 55},{top + 120} "
                f"{x + 55},{top + 190} L {x + 55},600 Z", c, shadow=True)
        sc.rect(x - 45, top + 250, x + 45, top + 380, CREAM)
        sc.circle(x, top + 315, 22, TERRA)
        sc.rect(x - 21, top, x + 21, top + 24, CREAM2)
    sc.rrect(230, 640, 370, 740, 6, "#E3C79A", shadow=True)
    sc.rect(248, 655, 352, 725, "#D2B283")


def m_yui(sc):
    sc.rect(0, 0, 600, 800, "#E9DCCB")
    sc.circle(300, 260, 130, "#F2C58A")
    sc.circle(300, 260, 95, "#F6D6A6")
    sc.rect(0, 520, 600, 800, "#C8B49A")
    sc.rot_rect(300, 640, 460, 150, -4, SAGE, shadow=True)
    sc.circle(520, 620, 40, SAGE_D)
    sc.path("M 90,520 L 70,400 Q 60,360 100,330 Q 110,420 95,520 Z", SAGE_D)
    sc.path("M 90,520 Q 140,420 170,400 Q 160,470 100,520 Z", SAGE)
    sc.path("M 80,520 Q 30,440 20,420 Q 70,440 90,520 Z", SAGE)
    sc.rrect(60, 500, 130, 560, 10, TERRA, shadow=True)


def m_bicycle(sc):
    sc.rect(0, 600, 600, 800, "#B9A48C")
    for cx in (150, 450):
        sc.circle(cx, 540, 115, "none", "#2B2B2B", 16, True)
        sc.circle(cx, 540, 12, "#555555")
        for a in range(0, 180, 30):
            t = math.radians(a)
            sc.line(cx - 105 * math.cos(t), 540 - 105 * math.sin(t), cx + 105 * math.cos(t),
                    540 + 105 * math.sin(t), "#8D8D8D", 3)
    fr = TERRA
    for (a, b, c, d) in ((150, 540, 270, 400), (270, 400, 450, 540), (150, 540, 300, 540),
                         (300, 540, 270, 400), (300, 540, 430, 400), (270, 400, 430, 400),
                         (430, 400, 450, 540), (430, 400, 420, 350)):
        sc.line(a, b, c, d, fr, 16, True)
    sc.line(265, 400, 255, 365, "#333333", 10)
    sc.ellipse(250, 358, 42, 13, "#3A2A22")
    sc.line(395, 345, 455, 340, "#333333", 12)
    sc.circle(300, 540, 26, "none", "#444444", 8)
    sc.circle(480, 200, 70, "none", CREAM, 10)


def main():
    os.makedirs(OUT, exist_ok=True)
    cover()
    dinner_table()
    roastery()
    paper()
    portrait("sakura.jpg", m_sakura, ["gradient:#EADBC4-#CDB393"], 21)
    portrait("hidamari.jpg", m_hidamari, ["gradient:#C9A585-#8A6248"], 22, (200, 200))
    portrait("komugi.jpg", m_komugi, ["xc:#E6CDA8"], 23)
    portrait("nakano.jpg", m_nakano, ["xc:#3A2A22"], 24, (300, 560))
    portrait("komorebi.jpg", m_komorebi, ["gradient:#DCE3D0-#B9C6AB"], 25)
    portrait("kasuga.jpg", m_kasuga, ["gradient:#D9C6B0-#A98D74"], 26)
    portrait("ueda.jpg", m_ueda, ["gradient:#E8D6BC-#B99C7C"], 27)
    portrait("yui.jpg", m_yui, ["xc:#E9DCCB"], 28)
    portrait("wa-cycle.jpg", m_bicycle, ["gradient:#DCE0D6-#B7BFB0"], 29)


if __name__ == "__main__":
    main()
