#!/usr/bin/env bash
# Cross-builds build-windows/tsimport.exe: native 64-bit Windows, statically linked (one file
# that runs on a clean Windows 10/11 or Server 2016+), with Debian 12's mingw-w64.
#
#   scripts/install-windows-deps.sh   # once, as root: mingw-w64, wine64, a deb-src line
#   scripts/build-windows.sh [--tests]
#
# Dependencies (docs/design.md, "Windows"): zlib from Debian's libz-mingw-w64-dev; CLI11,
# nlohmann-json, RapidJSON and Catch2 (header-only) as Debian installs them; tinyxml2, libzip,
# fmt and spdlog built from Debian's own source packages (apt-get source) with the mingw
# toolchain (cmake/mingw-w64-x86_64.cmake) into build-windows/deps/prefix. Nothing else is downloaded.
# The sources and the prefix are kept: a second run builds only tsimport.
#
# --tests also builds build-windows/tsimport_tests.exe, the Catch2 suite that runs under Wine
# (tests/wine/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build-windows
deps=$out/deps
prefix=$deps/prefix
toolchain=$root/cmake/mingw-w64-x86_64.cmake
jobs=${TSIMPORT_JOBS:-2}
tests=OFF
[ "${1:-}" = "--tests" ] && tests=ON

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "build-windows.sh: $1 not found; run scripts/install-windows-deps.sh (as root)" >&2
    exit 1
  }
}
need x86_64-w64-mingw32-g++-posix
need cmake
need dpkg-source
[ -f /usr/x86_64-w64-mingw32/lib/libz.a ] || {
  echo "build-windows.sh: zlib for mingw missing; run scripts/install-windows-deps.sh (as root)" >&2
  exit 1
}
mkdir -p "$deps/src" "$prefix/include"

# One Debian source package, built with CMake into the prefix (once: a stamp records it).
build_source() {
  local package=$1
  shift
  local stamp=$prefix/.built-$package
  [ -f "$stamp" ] && return 0
  echo "== $package (Debian source package)"
  (
    cd "$deps/src"
    rm -rf "$package"
    mkdir "$package"
    cd "$package"
    apt-get source --download-only "$package" >/dev/null 2>apt.err || {
      cat apt.err >&2
      echo "build-windows.sh: apt-get source $package failed: is there a deb-src line? (scripts/install-windows-deps.sh adds one)" >&2
      exit 1
    }
    dpkg-source --no-check -x ./*.dsc src >/dev/null
  )
  local src=$deps/src/$package/src
  cmake -S "$src" -B "$deps/build/$package" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" -DTSIMPORT_WINDOWS_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF "$@" >"$deps/build-$package.log" 2>&1 || {
    tail -30 "$deps/build-$package.log" >&2
    exit 1
  }
  { cmake --build "$deps/build/$package" -j"$jobs" && cmake --install "$deps/build/$package"; } \
    >>"$deps/build-$package.log" 2>&1 || {
    tail -30 "$deps/build-$package.log" >&2
    exit 1
  }
  touch "$stamp"
}

build_source fmtlib -DFMT_DOC=OFF -DFMT_TEST=OFF -DFMT_INSTALL=ON
build_source spdlog -DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF \
  -DSPDLOG_BUILD_BENCH=OFF -DSPDLOG_INSTALL=ON
build_source tinyxml2 -Dtinyxml2_BUILD_TESTING=OFF -DBUILD_TESTING=OFF
# libzip with zlib only (deflate and stored members, which console exports use); bzip2, xz,
# zstd and encryption are left out (docs/design.md).
build_source libzip -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_OPENSSL=OFF \
  -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF \
  -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF

# The header-only libraries as Debian installs them, seen through the prefix (a link to each
# header folder; /usr/include itself would bring glibc's headers) with a small CMake package
# each, so that find_package finds them as on Linux.
header_only() {
  local name=$1 target=$2 version=$3
  shift 3
  for dir in "$@"; do
    [ -e "/usr/include/$dir" ] || {
      echo "build-windows.sh: /usr/include/$dir missing; run scripts/install-deps.sh" >&2
      exit 1
    }
    ln -sfn "/usr/include/$dir" "$prefix/include/$dir"
  done
  mkdir -p "$prefix/lib/cmake/$name"
  cat >"$prefix/lib/cmake/$name/${name}Config.cmake" <<CONFIG
# Written by scripts/build-windows.sh: Debian's $name headers for the mingw build.
if(NOT TARGET $target)
  add_library($target INTERFACE IMPORTED)
  set_target_properties($target PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$prefix/include")
endif()
set(${name}_VERSION $version)
CONFIG
  cat >"$prefix/lib/cmake/$name/${name}ConfigVersion.cmake" <<CONFIG
set(PACKAGE_VERSION $version)
if(PACKAGE_FIND_VERSION_MAJOR AND NOT PACKAGE_FIND_VERSION_MAJOR EQUAL "${version%%.*}")
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
CONFIG
}
version_of() { dpkg-query -W -f='${Version}' "$1" | sed 's/^[0-9]*://; s/[-+~].*//'; }
header_only CLI11 CLI11::CLI11 "$(version_of libcli11-dev)" CLI
header_only nlohmann_json nlohmann_json::nlohmann_json "$(version_of nlohmann-json3-dev)" nlohmann
header_only RapidJSON RapidJSON::RapidJSON "$(version_of rapidjson-dev)" rapidjson
header_only Catch2 Catch2::Catch2 "$(version_of catch2)" catch2
# include(Catch) of tests/CMakeLists.txt
cp /usr/lib/cmake/Catch2/Catch.cmake /usr/lib/cmake/Catch2/CatchAddTests.cmake "$prefix/lib/cmake/Catch2/"
echo 'list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")' >>"$prefix/lib/cmake/Catch2/Catch2Config.cmake"

# The generators run on the build machine: the class catalog's, and the one that makes the
# tables of the single-byte encodings from its iconv (src/core/input/transcode.h).
echo "== generators (native)"
cmake -S "$root" -B "$out/host" -DTSIMPORT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >"$out/host.log" 2>&1 ||
  { tail -30 "$out/host.log" >&2; exit 1; }
cmake --build "$out/host" -j"$jobs" --target tsimport_catalog_gen tsimport_codepage_gen >>"$out/host.log" 2>&1 ||
  { tail -30 "$out/host.log" >&2; exit 1; }

echo "== tsimport.exe"
cmake -S "$root" -B "$out/build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DTSIMPORT_WINDOWS_PREFIX="$prefix" -DTSIMPORT_CATALOG_GEN="$out/host/tsimport_catalog_gen" \
  -DTSIMPORT_CODEPAGE_GEN="$out/host/tsimport_codepage_gen" \
  -DTSIMPORT_BUILD_TESTS=$tests
targets=(--target tsimport)
[ "$tests" = ON ] && targets+=(tsimport_tests)
cmake --build "$out/build" -j"$jobs" "${targets[@]}"
cp "$out/build/tsimport.exe" "$out/tsimport.exe"
[ "$tests" = ON ] && cp "$out/build/tests/tsimport_tests.exe" "$out/tsimport_tests.exe"
# What the file needs from Windows: system DLLs only (KERNEL32, msvcrt...), no mingw runtime.
if command -v x86_64-w64-mingw32-objdump >/dev/null; then
  dlls=$(x86_64-w64-mingw32-objdump -p "$out/tsimport.exe" | sed -n 's/^\s*DLL Name: //p' | sort -u | tr '\n' ' ')
  echo "tsimport.exe imports: $dlls"
  case "$dlls" in
    *libstdc++*|*libgcc*|*libwinpthread*|*zlib*|*libzip*)
      echo "build-windows.sh: tsimport.exe is not self-contained" >&2
      exit 1
      ;;
  esac
fi
echo "built $out/tsimport.exe"
