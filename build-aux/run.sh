#!/usr/bin/env bash
# Command 1 of README.md: installs the missing Debian packages, builds Kindred into
# _build/, installs it into _build/prefix/ (so that its GSettings schema, icons and
# translations are found like in a real installation) and starts it.  Arguments are
# passed to kindred, e.g. build-aux/run.sh --version
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build="$root/_build"
prefix="$build/prefix"

bash build-aux/install-deps.sh

# meson's configuration report is long; show it only when setting up fails.
setup_log=$(mktemp)
if [ -f "$build/build.ninja" ]; then
  setup=(meson setup --reconfigure "$build")
else
  setup=(meson setup "$build")
fi
if ! "${setup[@]}" --prefix="$prefix" >"$setup_log" 2>&1; then
  cat "$setup_log" >&2
  rm -f "$setup_log"
  exit 1
fi
rm -f "$setup_log"
ninja -C "$build" --quiet | sed '/^ninja: no work to do\.$/d'
meson install -C "$build" --no-rebuild --quiet

schemas="$prefix/share/glib-2.0/schemas"
if [ -d "$schemas" ]; then
  glib-compile-schemas "$schemas"
  export GSETTINGS_SCHEMA_DIR="$schemas"
fi
export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"

needs_display=1
for arg in "$@"; do
  case "$arg" in
    --version|-v|--help|-h|--help-*) needs_display=0 ;;
  esac
done

if [ "$needs_display" = 1 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<MSG
run.sh: Kindred is built and installed in $prefix,
run.sh: but there is no display to show its window on (neither DISPLAY nor
run.sh: WAYLAND_DISPLAY is set).  Run this from a desktop session, or try it
run.sh: on a virtual display:  build-aux/test-session.sh build-aux/run.sh
MSG
  exit 1
fi

exec "$prefix/bin/kindred" "$@"
