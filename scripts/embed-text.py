#!/usr/bin/env python3
"""embed-text.py NAME INPUT OUTPUT: writes OUTPUT, a C header that defines
`static const char NAME[]` holding INPUT's bytes (UTF-8 text) as a string
literal, one source line per input line. The build uses it to compile
layouts/a4-yoko.yaml into the loader as the built-in defaults, so the
default layout has one source: the YAML file (docs/architecture.md, "Where
each fact lives")."""
import sys


def c_line(line):
    out = []
    for ch in line:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    return '\t"%s"' % "".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    name, src, dst = sys.argv[1:]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines(keepends=True) or [""]
    body = "\n".join(c_line(l) for l in lines)
    guard = "CP_GENERATED_" + name.upper() + "_H"
    with open(dst, "w", encoding="utf-8") as f:
        f.write("/* Generated from %s by scripts/embed-text.py: do not edit. */\n" % src.split("/")[-1])
        f.write("#ifndef %s\n#define %s\n\nstatic const char %s[] =\n%s;\n\n#endif\n"
                % (guard, guard, name, body))


if __name__ == "__main__":
    main()
