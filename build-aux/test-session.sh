#!/usr/bin/env bash
# Runs "$@" the way a brand-new user would meet it, with nothing borrowed from the
# caller's desktop: a temporary HOME and XDG folders, a private D-Bus session, a
# Secret Service (gnome-keyring-daemon, unlocked with a test password), the AT-SPI
# accessibility bus (GTK warns without it, and tests run with fatal warnings) and an
# Xvfb display at 1280x800x24.  Everything is torn down afterwards; the command's exit
# status is this script's.
#
# Usage: build-aux/test-session.sh COMMAND [ARGS…]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS…]" >&2
  exit 2
fi

if [ "${KINDRED_TEST_SESSION_STAGE:-}" != inner ]; then
  session=$(mktemp -d "${TMPDIR:-/tmp}/kindred-session.XXXXXX")
  trap 'rm -rf "$session"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  export HOME="$session/home"
  export XDG_CONFIG_HOME="$HOME/.config"
  export XDG_DATA_HOME="$HOME/.local/share"
  export XDG_CACHE_HOME="$HOME/.cache"
  export XDG_STATE_HOME="$HOME/.local/state"
  export XDG_RUNTIME_DIR="$session/run"
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
  mkdir -m 700 "$XDG_RUNTIME_DIR"

  # Nothing of the caller's session may leak in: tests must meet our daemons only.
  unset DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
  unset WAYLAND_DISPLAY DISPLAY XAUTHORITY SESSION_MANAGER
  export LANG="${LANG:-C.UTF-8}"

  # A session bus that activates nothing: the daemons the tests meet are started
  # below by hand.  With the standard service folders, a machine that has
  # xdg-desktop-portal installed (flatpak recommends it) would start a portal with
  # no backend under Xvfb, and GtkApplication's warning about its Inhibit monitor
  # fails every test that runs with G_DEBUG=fatal-warnings.
  mkdir "$session/dbus-services"
  cat >"$session/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=$session</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$session/dbus-services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

  # The session bus logs every service activation on its stderr; keep that out of
  # the test output, and give the command the caller's stderr back (fd 3) inside.
  status=0
  KINDRED_TEST_SESSION_STAGE=inner KINDRED_TEST_SESSION_DIR="$session" \
    dbus-run-session --config-file="$session/session.conf" -- bash "$0" "$@" \
      3>&2 2>/dev/null || status=$?
  exit "$status"
fi

# Inside dbus-run-session from here on.
exec 2>&3 3>&-
unset KINDRED_TEST_SESSION_STAGE
session=$KINDRED_TEST_SESSION_DIR
unset KINDRED_TEST_SESSION_DIR

xvfb_pid=
atspi_pid=
cleanup ()
{
  if [ -n "$atspi_pid" ]; then kill "$atspi_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The Secret Service.  --unlock reads the password on stdin and creates the "login"
# keyring with it, which becomes the default collection, so libsecret never prompts.
keyring_env=$(printf 'kindred-test-password\n' |
              gnome-keyring-daemon --unlock --components=secrets 2>/dev/null) || {
  echo "test-session: gnome-keyring-daemon did not start" >&2
  exit 1
}
eval "$keyring_env"
export GNOME_KEYRING_CONTROL

if [ -x /usr/libexec/at-spi-bus-launcher ]; then
  /usr/libexec/at-spi-bus-launcher --launch-immediately </dev/null >/dev/null 2>&1 &
  atspi_pid=$!
fi

# Xvfb picks a free display number itself and writes it to -displayfd once it
# accepts connections, so there is neither a race on the number nor a sleep.
fifo="$session/xvfb-display"
mkfifo "$fifo"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
  3>"$fifo" </dev/null >/dev/null 2>&1 &
xvfb_pid=$!
display=
read -r -t 30 display <"$fifo" || true
rm -f "$fifo"
if [ -z "$display" ]; then
  echo "test-session: Xvfb did not start" >&2
  exit 1
fi
export DISPLAY=":$display"

status=0
"$@" || status=$?
exit "$status"
