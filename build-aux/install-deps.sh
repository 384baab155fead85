#!/usr/bin/env bash
# Installs the Debian 12 (bookworm) packages Kindred needs to build, run and test,
# but only those that are missing: on a machine that has them all this prints
# nothing and touches nothing, so run.sh and test.sh can call it every time.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc libc6-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsecret-1-dev libjson-glib-dev libsodium-dev
  # the journal's cipher; plain libsqlite3 only for the benchmark's comparison
  libsqlcipher-dev sqlcipher libsqlite3-dev
  # validators that run as tests
  desktop-file-utils appstream python3 python3-jsonschema
  # pdfinfo and pdftotext read back the safety plan's PDF in tests/test-resources.c
  poppler-utils
  # reads the Flatpak manifest back in tests (the runtime itself cannot be fetched)
  flatpak-builder
  # the test session: D-Bus, a Secret Service, an X server, the accessibility bus
  gnome-keyring libsecret-tools dbus dbus-x11 xvfb xauth at-spi2-core
  # the look the app is designed for (icons and GNOME's font, also for screenshots)
  adwaita-icon-theme fonts-cantarell
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: these packages are missing and sudo is not available:" >&2
  echo "  ${missing[*]}" >&2
  echo "install-deps: as root, run: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
