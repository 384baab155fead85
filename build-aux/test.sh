#!/usr/bin/env bash
# Command 2 of README.md (and what .ci/run calls): installs the missing Debian
# packages, builds Kindred into _build-ci/ as CI does (warnings are errors) and runs
# the whole test suite inside build-aux/test-session.sh, which starts the D-Bus
# session, the unlocked Secret Service and Xvfb the tests need.  The last lines
# printed are meson test's summary; the exit status is non-zero when anything failed.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=_build-ci

bash build-aux/install-deps.sh

# meson's configuration report is long; show it only when setting up fails.
setup_log=$(mktemp)
trap 'rm -f "$setup_log"' EXIT
if [ -f "$build/build.ninja" ]; then
  setup=(meson setup --reconfigure "$build")
else
  setup=(meson setup "$build")
fi
if ! "${setup[@]}" -Dwerror=true -Dbuildtype=debugoptimized >"$setup_log" 2>&1; then
  cat "$setup_log" >&2
  exit 1
fi
echo "test.sh: configured $build (werror, debugoptimized)"

# --quiet: no progress lines, only what the compiler says (which, with werror,
# is an error).
ninja -C "$build" --quiet | sed '/^ninja: no work to do\.$/d'
echo "test.sh: built; running the tests (full log: $build/meson-logs/testlog.txt)"

# meson test ends with its summary block (Ok:, Fail:, …) and then names the log file,
# which was named above already: drop that one line so the summary ends the output.
# --no-rebuild: everything was just built above.
bash build-aux/test-session.sh \
  meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 |
  sed -u '/^Full log written to /d'
