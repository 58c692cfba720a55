#!/usr/bin/env bash
# Compares every output of two tsimport binaries, byte for byte: -f json, xml, text, mof and
# markdown, with their diagnostics (gcc and json formats) and exit statuses, over the samples,
# the test inputs and, when it is there, ../shared/corpus and ../shared/corpus-zips. The totals
# line's elapsed time is the one thing masked.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [INPUT...]
#
# Prints each input and format that differs (and a diff of the first lines), then a count;
# exits 0 when everything is identical, 1 otherwise. Run it before and after a change that
# must not change any output (a refactor), and list every difference it shows in the note.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY [INPUT...]" >&2; exit 2; }
old=$(readlink -f "$1") new=$(readlink -f "$2"); shift 2
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  inputs=("$@")
else
  mapfile -t inputs < <(
    { find samples tests/inputs -type f \( -name '*.xml' -o -name '*.zip' \) 2>/dev/null
      [ -d ../shared/corpus ] && find ../shared/corpus ../shared/corpus-zips -type f \( -name '*.xml' -o -name '*.zip' \)
    } | LC_ALL=C sort)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mask() { sed -E 's/; [0-9]+\.[0-9]+s$/; <time>/'; }
n=0 differ=0
for input in "${inputs[@]}"; do
  for run in "json gcc" "xml gcc" "text gcc" "mof gcc" "markdown gcc" "none json"; do
    set -- $run
    n=$((n + 1))
    for side in old new; do
      bin=$old; [ $side = new ] && bin=$new
      "$bin" -j 1 --color never -f "$1" --diagnostics "$2" "$input" >"$work/$side.out" 2>"$work/$side.err" </dev/null
      echo "exit $?" >>"$work/$side.err"
      mask <"$work/$side.out" >"$work/$side.o"; mask <"$work/$side.err" >"$work/$side.e"
    done
    if ! cmp -s "$work/old.o" "$work/new.o" || ! cmp -s "$work/old.e" "$work/new.e"; then
      differ=$((differ + 1))
      echo "== differs: $input  -f $1 --diagnostics $2"
      diff "$work/old.o" "$work/new.o" | head -n 6
      diff "$work/old.e" "$work/new.e" | head -n 6
    fi
  done
done
echo "$n outputs compared, $differ differ"
[ "$differ" -eq 0 ]
