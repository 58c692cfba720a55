#!/usr/bin/env bash
# Runs a Windows program under Wine (Debian's wine64), headless and quiet: WINEDEBUG=-all, a
# Wine prefix of its own in a temporary folder unless WINEPREFIX names one (made on first use,
# a few seconds), no display. Exits with the program's status.
#   tests/wine/wine.sh PROGRAM.exe ARGS...
set -euo pipefail
wine=""
for candidate in wine64 /usr/lib/wine/wine64 wine; do
  if command -v "$candidate" >/dev/null 2>&1; then
    wine=$candidate
    break
  fi
done
[ -n "$wine" ] || {
  echo "wine.sh: wine64 not found; run scripts/install-windows-deps.sh (as root)" >&2
  exit 127
}
wineserver=""
for candidate in wineserver64 /usr/lib/wine/wineserver64 wineserver /usr/lib/wine/wineserver; do
  if command -v "$candidate" >/dev/null 2>&1; then
    wineserver=$candidate
    break
  fi
done
export WINEDEBUG=-all
export DISPLAY=
unset WAYLAND_DISPLAY
if [ -z "${WINEPREFIX:-}" ]; then
  WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/tsimport-wine.XXXXXX")
  export WINEPREFIX
  # Wine's server outlives the program by a few seconds: end it before removing its prefix.
  trap '[ -z "$wineserver" ] || "$wineserver" -k >/dev/null 2>&1 || true; rm -rf "$WINEPREFIX"' EXIT
fi
# The first start makes the prefix and says so on standard error: keep that out of the output.
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$wine" cmd /c exit >/dev/null 2>&1 || true
fi
set +e
"$wine" "$@"
status=$?
set -e
exit $status
