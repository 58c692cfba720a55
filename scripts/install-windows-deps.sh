#!/bin/sh
# Installs what scripts/build-windows.sh and the Wine tests need, from Debian 12's packages:
# mingw-w64 (POSIX threads), zlib for mingw, wine64, dpkg-dev (apt-get source); adds a deb-src
# line for Debian's source packages (tinyxml2, libzip, fmt, spdlog are built from them). Does
# nothing when everything is there. Run as root (or through sudo), after scripts/install-deps.sh.
set -eu
packages="g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-x86-64-dev binutils-mingw-w64-x86-64 libz-mingw-w64-dev wine64 dpkg-dev"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
update=no
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO sh -c 'cat > /etc/apt/sources.list.d/tsimport-deb-src.sources' <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  update=yes
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -n "$missing" ] && update=yes
[ "$update" = yes ] || exit 0
$SUDO apt-get update
[ -z "$missing" ] || $SUDO apt-get install -y --no-install-recommends $missing
