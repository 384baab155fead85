#!/usr/bin/env python3
# Kindred: generate a C file of translatable strings from the strategy library.
#
# xgettext cannot read kindred-strategies.json, so the build runs this
# script to turn every translatable string of the library (category names
# and descriptions; strategy names, descriptions, steps, "when" sentences and
# guided-exercise prompts) into N_()-marked C string literals that xgettext
# extracts like any other source file.  The generated file is never compiled
# into the program: the core translates the JSON's strings at run time with
# gettext(), using the English text as the message id.
#
# It also checks what the JSON Schema cannot express: every strategy's
# category exists, ids and slugs are unique, and minutes.min <= minutes.max.
#
# Usage: gen-strings.py INPUT.json OUTPUT.c
#
# Standard library only.

import json
import os
import re
import sys
import tempfile
import uuid

UUID_RE = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class LibraryError(Exception):
    pass


def c_string(text):
    """Return TEXT as a C string literal (UTF-8 kept as is)."""
    out = ['"']
    prev = ""
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "?" and prev == "?":
            out.append("\\?")  # never form a trigraph
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            # Octal, always three digits, so a following digit is not
            # swallowed into the escape.
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
        prev = ch
    out.append('"')
    return "".join(out)


def c_comment(text):
    """Make TEXT safe inside a /* */ comment, on one line."""
    text = " ".join(str(text).split())
    return text.replace("*/", "* /").replace("/*", "/ *")


def require_text(obj, key, where):
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise LibraryError("%s: \"%s\" must be a non-empty string" % (where, key))
    return value


def require_list(obj, key, where):
    value = obj.get(key)
    if not isinstance(value, list) or not value:
        raise LibraryError("%s: \"%s\" must be a non-empty array" % (where, key))
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise LibraryError("%s: %s[%d] must be a non-empty string"
                               % (where, key, i))
    return value


def collect(library):
    """Check LIBRARY and return a list of (comment or None, [(note, text)])."""
    if not isinstance(library, dict):
        raise LibraryError("the top level must be an object")
    if library.get("format") != 1:
        raise LibraryError("unsupported \"format\": %r (expected 1)"
                           % (library.get("format"),))
    categories = library.get("categories")
    strategies = library.get("strategies")
    if not isinstance(categories, list) or not categories:
        raise LibraryError("\"categories\" must be a non-empty array")
    if not isinstance(strategies, list) or not strategies:
        raise LibraryError("\"strategies\" must be a non-empty array")

    groups = []

    category_ids = set()
    for i, cat in enumerate(categories):
        where = "categories[%d]" % i
        if not isinstance(cat, dict):
            raise LibraryError("%s must be an object" % where)
        cid = require_text(cat, "id", where)
        where = "category \"%s\"" % cid
        if cid in category_ids:
            raise LibraryError("duplicate category id \"%s\"" % cid)
        category_ids.add(cid)
        name = require_text(cat, "name", where)
        desc = require_text(cat, "description", where)
        groups.append((
            "TRANSLATORS: category \"%s\" of coping strategies in the "
            "Strategies view. Keep it short." % cid,
            [(None, name),
             ("TRANSLATORS: description of the category \"%s\" of coping "
              "strategies" % name, desc)]))

    ids = {}
    slugs = {}
    for i, st in enumerate(strategies):
        where = "strategies[%d]" % i
        if not isinstance(st, dict):
            raise LibraryError("%s must be an object" % where)
        sid = require_text(st, "id", where)
        slug = require_text(st, "slug", where)
        where = "strategy \"%s\"" % slug
        if not UUID_RE.match(sid) or str(uuid.UUID(sid)) != sid:
            raise LibraryError("%s: id \"%s\" is not a lowercase version 4 "
                               "UUID" % (where, sid))
        if sid in ids:
            raise LibraryError("duplicate strategy id \"%s\" (strategies "
                               "\"%s\" and \"%s\")" % (sid, ids[sid], slug))
        ids[sid] = slug
        if slug in slugs:
            raise LibraryError("duplicate strategy slug \"%s\" "
                               "(strategies[%d] and strategies[%d])"
                               % (slug, slugs[slug], i))
        slugs[slug] = i
        category = require_text(st, "category", where)
        if category not in category_ids:
            raise LibraryError("%s: unknown category \"%s\" (known: %s)"
                               % (where, category,
                                  ", ".join(sorted(category_ids))))
        minutes = st.get("minutes")
        if (not isinstance(minutes, dict)
                or not all(isinstance(minutes.get(k), int)
                           and not isinstance(minutes.get(k), bool)
                           for k in ("min", "max"))
                or minutes["min"] > minutes["max"]):
            raise LibraryError("%s: \"minutes\" must be {\"min\": m, \"max\": "
                               "n} with integers m <= n" % where)

        name = require_text(st, "name", where)
        strings = [(None, name),
                   ("TRANSLATORS: description of the coping strategy \"%s\" "
                    "(one or two short sentences)" % name,
                    require_text(st, "description", where))]
        steps = require_list(st, "steps", where)
        for n, step in enumerate(steps, 1):
            strings.append(("TRANSLATORS: step %d of %d of the coping "
                            "strategy \"%s\"; keep it short, it is shown on "
                            "narrow phone screens" % (n, len(steps), name),
                            step))
        strings.append(("TRANSLATORS: when the coping strategy \"%s\" may "
                        "help, one sentence" % name,
                        require_text(st, "when", where)))
        guided = st.get("guided")
        if guided is not None:
            if not isinstance(guided, dict):
                raise LibraryError("%s: \"guided\" must be an object" % where)
            kind = guided.get("kind")
            if kind == "grounding":
                prompts = require_list(guided, "prompts", where + " guided")
                for n, prompt in enumerate(prompts, 1):
                    strings.append(("TRANSLATORS: prompt %d of %d of the "
                                    "guided grounding exercise \"%s\", shown "
                                    "large on its own screen; keep it short"
                                    % (n, len(prompts), name), prompt))
            elif kind != "breathing":
                raise LibraryError("%s: unknown guided kind %r"
                                   % (where, kind))
        groups.append((
            "TRANSLATORS: name of the built-in coping strategy \"%s\" "
            "(category \"%s\"). The strategy texts are gentle, plain, warm "
            "and non-clinical, addressed to the reader as \"you\"; they "
            "never promise results (\"may help\", \"some people find\")."
            % (slug, category),
            strings))
    return groups


def render(groups, source_name):
    lines = [
        "/* Generated from %s by gen-strings.py: do not edit */"
        % c_comment(source_name),
        "",
        "/* This file is only read by xgettext; it is not compiled. */",
        "",
        "static const char *strings[] = {",
    ]
    first = True
    for header, strings in groups:
        if not first:
            lines.append("")
        first = False
        for n, (note, text) in enumerate(strings):
            comment = header if n == 0 else note
            if comment:
                lines.append("  /* %s */" % c_comment(comment))
            if "%" in text:
                lines.append("  /* xgettext:no-c-format */")
            lines.append("  N_(%s)," % c_string(text))
    lines.append("};")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s INPUT.json OUTPUT.c\n"
                         % os.path.basename(argv[0]))
        return 2
    source, target = argv[1], argv[2]
    prog = os.path.basename(argv[0])
    try:
        with open(source, encoding="utf-8") as f:
            library = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("%s: %s: %s\n" % (prog, source, e))
        return 1
    try:
        groups = collect(library)
    except LibraryError as e:
        sys.stderr.write("%s: %s: %s\n" % (prog, source, e))
        return 1

    text = render(groups, os.path.basename(source))
    # Write atomically so an interrupted build never leaves half a file.
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".gen-strings-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        sys.stderr.write("%s: %s: %s\n" % (prog, target, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
