#!/usr/bin/env python3
# Kindred: generate a C file of translatable strings from the directory.
#
# xgettext cannot read kindred-directory.json, so the build runs this script to
# turn the strings of the directory that people read (service names,
# descriptions, phone labels, text details, hours, cost notes and emergency
# number labels) into N_()-marked C string literals for xgettext.  The file is
# never compiled: the core translates the JSON's strings at run time with
# gettext, using the English text as the message id.  Organisation names,
# numbers and URLs are not translated.
#
# Usage: gen-strings.py INPUT.json OUTPUT.c
#
# Standard library only.

import json
import os
import sys
import tempfile


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
        elif ch == "?" and prev == "?":
            out.append("\\?")  # never form a trigraph
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
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


def collect(directory):
    """Return a list of (translator comment, text), each text once."""
    if not isinstance(directory, dict) or directory.get("format") != 1:
        raise ValueError("not a Kindred directory of format 1")
    seen = set()
    strings = []

    def add(note, text):
        if isinstance(text, str) and text.strip() and text not in seen:
            seen.add(text)
            strings.append((note, text))

    for entry in directory.get("entries", []):
        org = entry.get("organisation", "?")
        country = entry.get("country", "?")
        add("TRANSLATORS: name of a service of \"%s\" (%s) in the crisis and "
            "support directory; keep the organisation's own name as it is"
            % (org, country), entry.get("service"))
        add("TRANSLATORS: one-sentence description of \"%s\" (%s) in the "
            "crisis and support directory; gentle and plain" % (org, country),
            entry.get("description"))
        for phone in entry.get("phones", []):
            add("TRANSLATORS: what the phone number %s of \"%s\" is for"
                % (phone.get("number", "?"), org), phone.get("label"))
        text = entry.get("text") or {}
        add("TRANSLATORS: how to reach \"%s\" by text message; keep numbers "
            "and keywords exactly as they are" % org, text.get("details"))
        add("TRANSLATORS: opening hours of \"%s\" (%s)" % (org, country),
            entry.get("hours"))
        add("TRANSLATORS: what calling \"%s\" costs" % org,
            entry.get("cost_note"))
    for number in directory.get("emergency_numbers", []):
        add("TRANSLATORS: what the emergency number %s (%s) is for"
            % (number.get("number", "?"), number.get("country", "?")),
            number.get("label"))
    return strings


def render(strings, source_name):
    lines = [
        "/* Generated from %s by gen-strings.py: do not edit */"
        % c_comment(source_name),
        "",
        "/* This file is only read by xgettext; it is not compiled. */",
        "",
        "static const char *strings[] = {",
    ]
    for note, text in strings:
        lines.append("  /* %s */" % c_comment(note))
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
            strings = collect(json.load(f))
    except (OSError, ValueError) as e:
        sys.stderr.write("%s: %s: %s\n" % (prog, source, e))
        return 1

    text = render(strings, os.path.basename(source))
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
