#!/usr/bin/env bash
# check-mime.sh MIME_XML DESKTOP_FILE: installs the shared-mime-info definitions into
# a temporary prefix the way `meson install` does, asks GIO for the content type of
# a sample of each of Kindred's files (by name, and by content for a renamed one),
# and checks that the desktop file lists every type.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

mime_xml=$1
desktop=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

mkdir -p "$prefix/share/mime/packages" "$prefix/files"
cp "$mime_xml" "$prefix/share/mime/packages/"
# (it notes on stderr that the prefix is not in XDG_DATA_DIRS yet: it will be)
update-mime-database "$prefix/share/mime" 2>/dev/null
export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"

status=0
check() {
  local file=$1 expected=$2 got
  got=$(gio info -a standard::content-type "$file" | sed -n 's/^ *standard::content-type: //p')
  if [ "$got" != "$expected" ]; then
    echo "check-mime: $(basename "$file"): expected $expected, GIO says ${got:-nothing}" >&2
    status=1
  else
    echo "check-mime: $(basename "$file"): $got"
  fi
}

for kind in invite join share retraction reply key-update sync; do
  printf '{"kindred":"%s","version":1,"seal":"none"}\n' "$kind" >"$prefix/files/sample.kindred-$kind"
  check "$prefix/files/sample.kindred-$kind" "application/x-kindred-$kind"
  # Renamed by a mail client or a chat app: the header still tells.
  cp "$prefix/files/sample.kindred-$kind" "$prefix/files/attachment-$kind"
  check "$prefix/files/attachment-$kind" "application/x-kindred-$kind"
done

printf '{\n  "format": "kindred-journal",\n  "version": 1\n}\n' >"$prefix/files/journal.kindred.json"
check "$prefix/files/journal.kindred.json" "application/x-kindred-journal+json"
cp "$prefix/files/journal.kindred.json" "$prefix/files/export.json"
check "$prefix/files/export.json" "application/x-kindred-journal+json"

# A plain JSON file stays plain JSON.
printf '{"hello": "world"}\n' >"$prefix/files/other.json"
check "$prefix/files/other.json" "application/json"

for type in $(sed -n 's/.*<mime-type type="\([^"]*\)".*/\1/p' "$mime_xml"); do
  if ! grep -q "^MimeType=.*$type;" "$desktop"; then
    echo "check-mime: the desktop file does not list $type" >&2
    status=1
  fi
done

exit $status
