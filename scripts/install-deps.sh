#!/bin/sh
# Installs what tsimport needs to build and test, from Debian's packages (Debian 12).
# Does nothing when everything is already installed. Run as root (or through sudo).
#   sh scripts/install-deps.sh           what the build and the tests need
#   sh scripts/install-deps.sh --build   what building the binary needs, no more (action.yml)
# The build: CMake, g++, the libraries (RapidJSON writes the JSON record), and libzip's tools,
# which its CMake package names. The tests: Catch2, libxml2 (the XML reader is judged against
# it), valgrind and strace (the scale checks count instructions and system calls), man-db and
# groff (the manual page is rendered), zsh and fish (the completions are run), dpkg-dev and file
# (cpack's .deb, dpkg-shlibdeps), python3-yaml (action.yml and the YAML examples of docs/ are
# parsed), chromium (the browser test loads the -f html pages headless, tests/document_test.cpp),
# clang and its sanitizer and libFuzzer runtime (scripts/fuzz.sh; .ci/run replays the fuzz
# targets' inputs as clang builds them).
set -eu
packages="cmake make g++ pkg-config libtinyxml2-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev rapidjson-dev libzip-dev libmimalloc-dev zipcmp zipmerge ziptool"
case "${1:-}" in
  --build) ;;
  "") packages="$packages catch2 libxml2-dev zip libxml2-utils jq git valgrind strace man-db groff-base zsh fish dpkg-dev file python3-yaml chromium clang libclang-rt-14-dev" ;;
  *) echo "usage: sh scripts/install-deps.sh [--build]" >&2; exit 2 ;;
esac
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
