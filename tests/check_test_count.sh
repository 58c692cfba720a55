#!/usr/bin/env bash
# Checks that a CTest run ran every test case the test binary defines, each exactly once: a
# test whose name catch_discover_tests splits (a ';') or mangles gives CTest entries that match
# no test case, and Catch2 v2 exits 0 on "no test cases matched" (tests/CMakeLists.txt passes
# --warn NoTests, which makes them fail; this is the second line of defence). Also checks that
# every tests/*_test.cpp is compiled into the binary.
# Usage: tests/check_test_count.sh TEST_BINARY RUN_LOG
#   RUN_LOG: the file the run wrote with TSIMPORT_TEST_RUN_LOG=RUN_LOG (tests/main.cpp).
set -euo pipefail
binary=${1:?test binary (build/tests/tsimport_tests)}
log=${2:?run log (TSIMPORT_TEST_RUN_LOG)}
here=$(cd "$(dirname "$0")" && pwd)
status=0

defined=$(mktemp)
ran=$(mktemp)
trap 'rm -f "$defined" "$ran"' EXIT
# (Catch2 v2 exits with the number of test cases listed.)
"$binary" --list-test-names-only >"$defined.raw" || true
sed '/^$/d' "$defined.raw" | LC_ALL=C sort >"$defined"
rm -f "$defined.raw"
[ -f "$log" ] || { echo "check_test_count: no run log $log: the tests did not run"; exit 1; }
LC_ALL=C sort "$log" >"$ran"
n_defined=$(wc -l <"$defined")
n_ran=$(wc -l <"$ran")
echo "test cases: $n_defined defined, $n_ran run"
if [ "$n_defined" -eq 0 ]; then
  echo "check_test_count: $binary defines no test case"
  status=1
fi
if ! cmp -s "$defined" "$ran"; then
  echo "check_test_count: the test cases run differ from those defined (< defined, not run; > run, not once):"
  diff "$defined" "$ran" | grep '^[<>]' || true
  status=1
fi

# Every test source is compiled in (a file left out of tests/CMakeLists.txt runs nothing).
for f in "$here"/*_test.cpp; do
  name=$(basename "$f")
  if ! grep -qw "$name" "$here/CMakeLists.txt"; then
    echo "check_test_count: $name is not in tests/CMakeLists.txt: its tests never run"
    status=1
  fi
done
exit $status
