#!/usr/bin/env bash
# Runs the libFuzzer targets under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   scripts/fuzz.sh [-t SECONDS] [TARGET...]      TARGET: import, zip, xml (default: all three,
#                                                 one after the other; run two scripts to use
#                                                 two cores)
#   scripts/fuzz.sh -r [TARGET...]                replay: each target runs its seeds and
#                                                 tests/fuzz/crashers/<target> once, no fuzzing
#                                                 (deterministic; what .ci/run does: the targets
#                                                 as clang builds them must run their inputs clean)
#
# Builds build-fuzz (clang, -DTSIMPORT_FUZZ=ON -DTSIMPORT_SANITIZE=ON) unless FUZZ_NO_BUILD=1,
# writes each target's seed corpus (from samples/) and dictionary (tests/fuzz/<target>.dict plus
# the catalog's class names), then runs the target for SECONDS (default 600) with the corpus in
# build-fuzz/fuzz/<target>/corpus, which grows from run to run. Crashes, leaks and timeouts land
# in build-fuzz/fuzz/<target>/artifacts; copy each to tests/fuzz/crashers/<target>/ once fixed,
# so that CTest replays it forever. Each run appends a line to build-fuzz/fuzz/totals.tsv
# (target, seconds, runs, coverage, features, corpus size, findings); `scripts/fuzz.sh -s`
# prints the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=600
summary=0
replay=0
while getopts "t:srh" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    s) summary=1 ;;
    r) replay=1 ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import zip xml)
totals=$build/fuzz/totals.tsv

print_totals() {
  [ -f "$totals" ] || { echo "no fuzz runs yet ($totals)"; return; }
  awk -F'\t' 'NR > 1 { s[$1] += $2; r[$1] += $3; if ($4 > c[$1]) c[$1] = $4; if ($5 > f[$1]) f[$1] = $5;
                       n[$1] = $6; k[$1] += $7; runs[$1]++ }
              END { printf "%-8s %6s %10s %12s %6s %8s %7s %8s\n", "target", "runs", "seconds", "executions", "cov", "features", "corpus", "findings";
                    for (t in s) printf "%-8s %6d %10d %12d %6d %8d %7d %8d\n", t, runs[t], s[t], r[t], c[t], f[t], n[t], k[t] }' "$totals"
}
if [ "$summary" = 1 ]; then print_totals; exit 0; fi

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is needed (apt-get install clang libclang-rt-14-dev)"; exit 1; }
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DTSIMPORT_FUZZ=ON -DTSIMPORT_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target tsimport_fuzz_seeds $(printf 'tsimport_fuzz_%s ' "${targets[@]}")
fi

mkdir -p "$build/fuzz"
[ -f "$totals" ] || printf 'target\tseconds\truns\tcov\tfeatures\tcorpus\tfindings\tfinished\n' >"$totals"

# Sanitizer settings: stop at the first error, report leaks, keep going past allocation limits
# only as libFuzzer findings.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for target in "${targets[@]}"; do
  dir=$build/fuzz/$target
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/seeds"
  "$build/tests/fuzz/tsimport_fuzz_seeds" "$root" "$target" "$dir/seeds" "$dir/$target.dict" >/dev/null
  case $target in
    import) max_len=65536 ;;
    zip) max_len=131072 ;;
    xml) max_len=16384 ;;
    *) echo "fuzz.sh: no target $target"; exit 2 ;;
  esac
  if [ "$replay" = 1 ]; then
    inputs=("$dir/seeds")
    [ -d "$root/tests/fuzz/crashers/$target" ] && inputs+=("$root/tests/fuzz/crashers/$target")
    log=$dir/replay-$(date +%Y%m%d-%H%M%S).log
    set +e
    # -runs=0: the inputs given, each once, and no fuzzing.
    "$build/tests/fuzz/tsimport_fuzz_$target" "${inputs[@]}" -runs=0 -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=2048 -artifact_prefix="$dir/artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    ran=$(grep -o '^#[0-9]*.*DONE' "$log" | tail -1 | grep -o '^#[0-9]*' | tr -d '#' || true)
    if [ "$rc" -ne 0 ] || [ -z "$ran" ]; then
      status=1
      echo "== replay $target: FAILED (exit $rc; log $log)"
      grep -m3 -E 'ERROR|SUMMARY|runtime error|deadly signal|Timeout|out-of-memory' "$log" | sed 's/^/   /' || true
    else
      echo "== replay $target: $ran runs over ${inputs[*]#$root/}, clean"
    fi
    continue
  fi
  before=$(ls "$dir/artifacts" | wc -l)
  log=$dir/run-$(date +%Y%m%d-%H%M%S).log
  echo "== fuzz $target for ${seconds}s; log $log"
  started=$(date +%s)
  set +e
  # -timeout: an input that takes 10 s is a finding (a hang); -rss_limit_mb and -malloc_limit_mb:
  # an input that makes it allocate 2 GB is a finding (unbounded allocation).
  "$build/tests/fuzz/tsimport_fuzz_$target" "$dir/corpus" "$dir/seeds" \
    -dict="$dir/$target.dict" -max_total_time="$seconds" -max_len=$max_len -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - started))
  # Executions: the final statistics, or the last status line when the run stopped at a finding.
  runs=$(grep -h '^stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
  [ "$runs" != 0 ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  runs=${runs:-0}
  cov=$(grep -ho 'cov: [0-9]*' "$log" | awk '{if ($2 > m) m = $2} END {print m + 0}')
  ft=$(grep -ho 'ft: [0-9]*' "$log" | awk '{if ($2 > m) m = $2} END {print m + 0}')
  corpus=$(ls "$dir/corpus" | wc -l)
  after=$(ls "$dir/artifacts" | wc -l)
  findings=$((after - before))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$elapsed" "$runs" "$cov" "$ft" "$corpus" "$findings" \
    "$(date -Iseconds)" >>"$totals"
  echo "   ${elapsed}s, $runs executions, cov $cov, ft $ft, corpus $corpus, $findings new finding(s) (exit $rc)"
  if [ "$findings" -gt 0 ] || [ "$rc" -ne 0 ]; then
    status=1
    ls -t "$dir/artifacts" | head -n "$((findings > 0 ? findings : 1))" | sed "s|^|   finding: $dir/artifacts/|"
    grep -m3 -E 'ERROR|SUMMARY|runtime error|deadly signal|Timeout|out-of-memory' "$log" | sed 's/^/   /' || true
  fi
done
[ "$replay" = 1 ] || print_totals
exit $status
