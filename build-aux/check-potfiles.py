#!/usr/bin/env python3
# Fails when a source file with translatable strings is missing from po/POTFILES.in
# (or when POTFILES.in names a file that does not exist): xgettext silently skips
# files it is not told about, so a new widget would never reach translators.
#   usage: check-potfiles.py SOURCE_ROOT [--write]
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
write = "--write" in sys.argv[2:]
marks = re.compile(r'\b(?:N?_|C_|NC_|ngettext|g_dngettext|g_dgettext)\s*\(\s*"')
# Files made at build time (listed in POTFILES.in, found through --directory)
generated = ["app/core/kindred-strategies-strings.c", "app/core/kindred-directory-strings.c"]

needed = set()
for path in sorted(root.glob("app/**/*.c")):
    if marks.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
for path in sorted(list(root.glob("app/**/*.ui")) + list(root.glob("data/**/*.ui"))):
    if 'translatable="yes"' in path.read_text(encoding="utf-8"):
        needed.add(str(path.relative_to(root)))
for name in ("data/io.github.kindredapp.Kindred.desktop.in",
             "data/io.github.kindredapp.Kindred.metainfo.xml.in",
             "data/io.github.kindredapp.Kindred.gschema.xml"):
    needed.add(name)

potfiles = root / "po" / "POTFILES.in"
listed = [l.strip() for l in potfiles.read_text(encoding="utf-8").splitlines()
          if l.strip() and not l.startswith("#")]

if write:
    body = "# Files with translatable strings, one per line (build-aux/check-potfiles.py --write)\n"
    body += "\n".join(sorted(needed) + generated) + "\n"
    potfiles.write_text(body, encoding="utf-8")
    sys.exit(0)

missing = sorted(needed - set(listed))
stale = sorted(l for l in listed if l not in generated and not (root / l).exists())
for m in missing:
    print("po/POTFILES.in lacks %s" % m)
for s in stale:
    print("po/POTFILES.in names %s, which does not exist" % s)
sys.exit(1 if missing or stale else 0)
