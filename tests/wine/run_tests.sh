#!/usr/bin/env bash
# The Catch2 suite built for Windows (scripts/build-windows.sh --tests), run under Wine from
# the project's root as CTest runs it on Linux. tests/CMakeLists.txt leaves out the files that
# drive tsimport through a POSIX shell, git, valgrind, strace or /proc (cli, ci_gate,
# diagnostics_format, diff, docs, git, hostile; the corpus goldens: tests/wine/corpus_check.sh
# instead). The test cases below are built but not run, each for the reason given: they hold
# paths that tsimport joins, which have '\' on Windows where the expected text has '/'.
#   tests/wine/run_tests.sh build-windows/tsimport_tests.exe
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=$1
not_on_windows=(
  # tsimport -r names the files it finds with Windows' separator (dir\a\b.xml); the test expects '/'.
  "batch: every input is processed, in a stable order, with a final summary"
  "out-dir -O mirrors the inputs' relative paths, one file per task sequence, none for failures"
  # The input as TempDir::Write names it (C:\...\seq.xml) and as the expected message joins it (/seq.xml).
  "out-dir -O never writes over an input, and a second run removes stale temporary files"
  # tsimport joins -O's folder and the output's name with '\'; the expected message has '/'.
  "out-dir -O refuses two inputs that would write the same file"
)
# One test spec whose parts all hold (Catch2: "~\"a\" ~\"b\""; a comma in a name is escaped).
spec=""
for name in "${not_on_windows[@]}"; do spec+="~\"${name//,/\\,}\" "; done
echo "run_tests.sh: ${#not_on_windows[@]} test cases not run under Wine (listed in tests/wine/run_tests.sh with the reason)"
# --warn NoTests: a name above that matches no test case fails the run (a renamed test must be
# renamed here too).
tests/wine/wine.sh "$exe" --warn NoTests "${spec% }"
