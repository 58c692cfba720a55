#!/usr/bin/env bash
# tsimport.exe under Wine against the Linux binary on the real exports (docs/testing.md,
# "Windows"): both read ../shared/corpus and ../shared/corpus-zips with -r -f json --json-lines
# (one run each: Wine's start-up is paid once), and every record must be the Linux one byte for
# byte apart from the input path (the walk writes "..\x" where Linux writes "../x": in the
# record's Input and in its diagnostics' File, that path with '\' read as '/' must be the Linux
# one). The order of the records (-r's order) and the exit status must be the same too.
# Without ../shared: skipped, saying so; under CI=true that fails, as the other corpus checks do.
#   tests/wine/corpus_check.sh LINUX_TSIMPORT TSIMPORT_EXE
set -euo pipefail
cd "$(dirname "$0")/../.."
linux=$1
exe=$2
shared=../shared
if [ ! -d "$shared/corpus" ] || [ ! -d "$shared/corpus-zips" ]; then
  if [ "${CI:-}" = true ]; then
    echo "corpus_check.sh: $shared/corpus or $shared/corpus-zips is missing (CI=true: that fails)" >&2
    exit 1
  fi
  echo "corpus_check.sh: SKIPPED: $shared/corpus or $shared/corpus-zips is missing"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(-f json --json-lines -r "$shared/corpus" "$shared/corpus-zips")
set +e
"$linux" "${args[@]}" >"$work/linux.jsonl" 2>"$work/linux.err"
linux_status=$?
tests/wine/wine.sh "$exe" "${args[@]}" >"$work/windows.jsonl" 2>"$work/windows.err"
windows_status=$?
set -e
# The Windows records with their input path written as on Linux (perl: in Debian's perl-base).
perl -ne '
  if (/^\{"Input":"((?:[^"\\]|\\.)*)"/) {
    my $in = $1;
    (my $posix = $in) =~ s/\\\\/\//g;
    s/\Q$in\E/$posix/g;
  }
  print;' "$work/windows.jsonl" >"$work/windows-paths.jsonl"
records=$(wc -l <"$work/linux.jsonl")
inputs=$(find "$shared/corpus" "$shared/corpus-zips" -type f \( -iname '*.xml' -o -iname '*.zip' \) | wc -l)
fail=0
if [ "$records" -lt "$inputs" ]; then
  echo "corpus_check.sh: the Linux binary wrote $records records for $inputs inputs" >&2
  fail=1
fi
if [ "$linux_status" -ne "$windows_status" ]; then
  echo "corpus_check.sh: exit status $windows_status under Wine, $linux_status on Linux" >&2
  fail=1
fi
if ! cmp -s "$work/linux.jsonl" "$work/windows-paths.jsonl"; then
  echo "corpus_check.sh: records that differ (Linux <, Windows >; the first 5):" >&2
  diff "$work/linux.jsonl" "$work/windows-paths.jsonl" | grep '^[<>]' | cut -c1-400 | head -10 >&2 || true
  echo "Windows' standard error (the end):" >&2
  tail -5 "$work/windows.err" >&2
  fail=1
fi
if [ "$fail" -ne 0 ]; then
  echo "corpus_check.sh: FAILED" >&2
  exit 1
fi
echo "corpus_check.sh: $records records of $inputs inputs ($shared/corpus, $shared/corpus-zips): tsimport.exe under Wine = Linux, byte for byte apart from the input path; exit status $linux_status both"
