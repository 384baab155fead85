#!/usr/bin/env python3
"""Checks the Flatpak manifest as far as a machine without the GNOME runtime can.

flatpak-builder cannot build here (the runtime cannot be downloaded), so this test
checks what it can: the manifest parses (with `flatpak-builder --show-manifest`
when it is installed, which must print no warning: it exits 0 even on unknown
keys), every module but Kindred itself builds from a pinned release tarball with a
sha256, and the sandbox asks for nothing beyond what the README explains: no
network, no home or host files, no D-Bus names (the keyring goes through the
Secret portal, files through the file chooser and document portals).

SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import re
import shutil
import subprocess
import sys

ALLOWED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}


def fail(message):
    print("check-manifest: " + message, file=sys.stderr)
    sys.exit(1)


def main(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    if manifest.get("id") != "io.github.kindredapp.Kindred":
        fail("the id is not io.github.kindredapp.Kindred")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        fail("the runtime must be the GNOME Platform with the GNOME SDK")
    if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
        fail("runtime-version must be a stable GNOME release number")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            fail("finish-arg %r is not one the README explains" % arg)
    if any("network" in arg for arg in finish_args):
        fail("the sandbox must have no network")
    for needed in ("--socket=wayland", "--socket=fallback-x11"):
        if needed not in finish_args:
            fail("%s is missing" % needed)

    modules = manifest.get("modules", [])
    names = [m.get("name") for m in modules]
    for needed in ("libsodium", "sqlcipher", "kindred"):
        if needed not in names:
            fail("module %s is missing" % needed)
    if names[-1] != "kindred":
        fail("Kindred must be built last, on top of its libraries")

    for module in modules:
        if module["name"] == "kindred":
            if module.get("buildsystem") != "meson":
                fail("Kindred builds with meson")
            continue
        sources = module.get("sources", [])
        if not sources:
            fail("module %s has no sources" % module["name"])
        for source in sources:
            if source.get("type") != "archive":
                fail("module %s must build from a release archive" % module["name"])
            if not source.get("url", "").startswith("https://"):
                fail("module %s: the archive must come over https" % module["name"])
            if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                fail("module %s: a sha256 checksum is missing" % module["name"])
        if module["name"] == "sqlcipher":
            opts = " ".join(module.get("config-opts", []))
            if "SQLITE_HAS_CODEC" not in opts or "--with-tempstore=yes" not in opts:
                fail("SQLCipher must be built with its codec and a memory temp store")

    builder = shutil.which("flatpak-builder")
    if builder:
        run = subprocess.run([builder, "--show-manifest", path],
                             capture_output=True, text=True)
        if run.returncode != 0:
            fail("flatpak-builder --show-manifest failed:\n" + run.stderr)
        noise = [line for line in run.stderr.splitlines() if line.strip()]
        if noise:
            fail("flatpak-builder printed warnings:\n" + "\n".join(noise))
        shown = json.loads(run.stdout)
        if shown.get("id") != manifest["id"]:
            fail("flatpak-builder read a different manifest")
        print("check-manifest: flatpak-builder --show-manifest: no warnings")
    else:
        print("check-manifest: flatpak-builder is not installed; checked the JSON only")

    print("check-manifest: %s is fine" % path)


if __name__ == "__main__":
    main(sys.argv[1])
