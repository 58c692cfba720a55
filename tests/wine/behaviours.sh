#!/usr/bin/env bash
# What tsimport.exe does differently from the Linux binary because it is on Windows, checked
# under Wine (docs/design.md, "Windows"; .ci/run): non-ASCII file names (the wide command line
# and wide file calls), drive-letter and \\?\ paths, a path longer than MAX_PATH, backslashes,
# -o replacing a file whole with no temporary file left, NUL as an output, standard input from
# a pipe, plain output when redirected, and -r taking a tree in the Linux order.
#   tests/wine/behaviours.sh LINUX_TSIMPORT TSIMPORT_EXE
set -euo pipefail
cd "$(dirname "$0")/../.."
linux=$1
exe=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=samples/valid/RebootAction.xml
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    echo "ok    $1"
  else
    echo "FAIL  $1: expected [$2], got [$3]" >&2
    fail=1
  fi
}
run() { tests/wine/wine.sh "$exe" "$@"; }
# The record's Input, as JSON writes it.
input_of() { sed -n 's/^{"Input":"\(\([^"\\]\|\\.\)*\)",.*/\1/p'; }
windows_path() { printf 'Z:%s' "$1" | tr / '\\'; }

# A file name outside any ANSI code page, in a folder with accents.
mkdir -p "$work/Séquences été"
cp "$sample" "$work/Séquences été/tâche 日本語 ✓.xml"
out=$(run -f json --json-lines "$work/Séquences été/tâche 日本語 ✓.xml" 2>/dev/null) && status=0 || status=$?
check "non-ASCII file name: exit status" 0 "$status"
check "non-ASCII file name: Input" "$work/Séquences été/tâche 日本語 ✓.xml" "$(input_of <<<"$out")"

# A drive-letter path with backslashes, and the same with the \\?\ prefix.
win=$(windows_path "$PWD/$sample")
out=$(run -f json --json-lines "$win" 2>/dev/null) && status=0 || status=$?
check "drive letter and backslashes: exit status" 0 "$status"
check "drive letter and backslashes: record as on Linux" "$("$linux" -f json --json-lines "$sample" 2>/dev/null | sed 's/^{"Input":"[^"]*",//')" "$(sed 's/^{"Input":"\([^"\\]\|\\.\)*",//' <<<"$out")"
run -f none "\\\\?\\$win" >/dev/null 2>&1 && status=0 || status=$?
check "\\\\?\\ path: exit status" 0 "$status"

# A path longer than MAX_PATH (260): read, and written with -o.
deep=$work
for i in 1 2 3 4 5 6 7; do deep="$deep/folder-with-a-long-name-number-$i-of-seven"; done
mkdir -p "$deep"
cp "$sample" "$deep/ts.xml"
[ ${#deep} -gt 260 ] || { echo "FAIL  the deep path is only ${#deep} characters" >&2; fail=1; }
run -f xml -o "$deep/out.xml" "$deep/ts.xml" >/dev/null 2>&1 && status=0 || status=$?
check "path of ${#deep}+ characters: exit status" 0 "$status"
check "path of ${#deep}+ characters: output written" "$("$linux" -f xml "$sample" 2>/dev/null)" "$(cat "$deep/out.xml" 2>/dev/null)"

# -o over an existing file: replaced whole, no temporary file left.
echo "old content" >"$work/out.json"
run -f json -o "$work/out.json" "$sample" >/dev/null 2>&1 && status=0 || status=$?
check "-o over an existing file: exit status" 0 "$status"
check "-o over an existing file: content" "$("$linux" -f json "$sample" 2>/dev/null | sed 's/^  "Input": .*//')" "$(sed 's/^  "Input": .*//' "$work/out.json")"
check "-o: no temporary file left" "" "$(find "$work" -maxdepth 1 -name '*.tsimport-tmp.*')"
run -f json -o NUL "$sample" >/dev/null 2>&1 && status=0 || status=$?
check "-o NUL: exit status" 0 "$status"

# Standard input from a pipe; output redirected: no colour codes even with --color auto.
out=$(run -f json --json-lines - <"$sample" 2>/dev/null) && status=0 || status=$?
check "standard input: exit status" 0 "$status"
check "standard input: Input" "<stdin>" "$(input_of <<<"$out")"
err=$(run --color auto samples/win11-deploy.xml 2>&1 >/dev/null || true)
check "redirected: no escape sequences" 0 "$(printf '%s' "$err" | grep -c $'\033' || true)"
check "redirected: diagnostics written" 1 "$([ -n "$err" ] && echo 1 || echo 0)"
check "redirected: LF line ends, no CR" 0 "$(run -f json "$sample" 2>/dev/null | grep -c $'\r' || true)"

# -r over a tree whose order differs if '\' is compared as itself ('\' > '-' > '.', '/' < both).
for d in a a-b a.b ab; do mkdir -p "$work/tree/$d"; cp "$sample" "$work/tree/$d/x.xml"; done
cp "$sample" "$work/tree/a/b.xml"
linux_order=$(cd "$work" && "$OLDPWD/$linux" -r -f json --json-lines tree 2>/dev/null | input_of)
windows_order=$(cd "$work" && tests_dir=$OLDPWD && "$tests_dir/tests/wine/wine.sh" "$tests_dir/$exe" -r -f json --json-lines tree 2>/dev/null | input_of | sed 's/\\\\/\//g')
check "-r: the Linux order" "$linux_order" "$windows_order"

if [ "$fail" -ne 0 ]; then
  echo "behaviours.sh: FAILED" >&2
  exit 1
fi
echo "behaviours.sh: every Windows behaviour checked holds under Wine"
