#!/bin/sh
# Qt needs a few shared libraries that a bare Debian/Ubuntu image lacks.
# Installs them when running as root with apt; otherwise says what is missing.
set -e
missing=""
for lib in libGL.so.1 libEGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
pkgs="libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Qt runtime libraries:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
else
  echo "Qt needs:$missing — install: sudo apt-get install $pkgs" >&2
fi
