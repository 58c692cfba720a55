#!/bin/sh
# Installs what tsimport needs to build and test, from Debian's packages (Debian 12).
# Does nothing when everything is already installed. Run as root (or through sudo). valgrind
# and strace: the scale checks of the hostile suite count instructions and system calls.
# chromium: the browser test loads the -f html pages headless (tests/document_test.cpp).
set -eu
packages="cmake make g++ pkg-config libtinyxml2-dev libxml2-dev libcli11-dev libspdlog-dev libfmt-dev catch2 nlohmann-json3-dev libzip-dev libmimalloc-dev zipcmp zipmerge ziptool zip libxml2-utils jq git valgrind strace chromium"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends $missing
