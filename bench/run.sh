#!/bin/sh
# The benchmark (docs/performance.md): builds what it needs (Release, in build-bench/), writes
# the generated inputs (in build-bench/bench-data/, not committed), runs the in-process
# benchmark (Google Benchmark) and the whole-process comparisons, and prints a table of medians
# and ratios against the targets of PRODUCT.md section 9, then the scaling table (bench/scale.py:
# many inputs, large inputs, many siblings).
#
#   bench/run.sh [--quick]        --quick: fewer runs, no 100 MB input (a minute or so)
#
# Environment: BUILD (build directory, default build-bench), CORPUS (default ../shared/corpus),
# RUNS (whole-process runs per command, default 10), SCALE_RUNS (paired runs per row of the
# scaling table, default 3), JOBS (build parallelism, default 2).
# Needs cmake, g++, libbenchmark-dev, libxml2-utils (xmllint), python3, /usr/bin/time.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
RUNS=${RUNS:-10}
JOBS=${JOBS:-2}
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
[ "$QUICK" = 1 ] && RUNS=${RUNS_QUICK:-3}
DATA=$BUILD/bench-data

for tool in cmake xmllint python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/run.sh: $tool is missing (apt-get install cmake libxml2-utils python3 time)" >&2; exit 2; }
done

echo "== building (Release, $BUILD)" >&2
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTSIMPORT_BENCH=ON >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target tsimport tsimport-bench tsimport-gen tsimport-once >/dev/null
TS=$BUILD/tsimport
GEN=$BUILD/bench/tsimport-gen
SCALE=$DATA/scale

echo "== generating inputs ($DATA)" >&2
mkdir -p "$DATA"
# Regenerated when the generator changes; the same seed gives the same bytes.
stamp="$DATA/.generator"
if [ ! -f "$stamp" ] || [ "$GEN" -nt "$stamp" ]; then
  rm -rf "$DATA/small" "$DATA"/*.xml "$SCALE"
  "$GEN" --size 2K --seed 1 -o "$DATA/gen-2k.xml"
  "$GEN" --size 1M -o "$DATA/gen-1m.xml"
  "$GEN" --size 1M --shape object -o "$DATA/gen-1m-object.xml"
  "$GEN" --size 10M -o "$DATA/gen-10m.xml"
  "$GEN" --count 1000 --dir "$DATA/small"
  touch "$stamp"
fi
if [ "$QUICK" = 0 ] && [ ! -f "$DATA/gen-100m.xml" ]; then
  "$GEN" --size 100M -o "$DATA/gen-100m.xml"
fi
# The scaling table's inputs (bench/scale.py): 10,000 small files (1,000 with --quick) and the
# first 1,000 and 100 of them, the same files (links); the generated sequences; sibling steps
# and sibling elements.
mkdir -p "$SCALE"
if [ "$QUICK" = 0 ] && [ ! -d "$SCALE/many-10k" ]; then
  rm -rf "$SCALE/many-1k" "$SCALE/many-100"
  "$GEN" --count 10000 --dir "$SCALE/many-10k"
fi
if [ ! -d "$SCALE/many-1k" ]; then
  if [ -d "$SCALE/many-10k" ]; then
    mkdir -p "$SCALE/many-1k"
    for i in $(seq -w 0 999); do ln "$SCALE/many-10k/gen-0$i.xml" "$SCALE/many-1k/"; done
  else
    "$GEN" --count 1000 --dir "$SCALE/many-1k"
  fi
fi
if [ ! -d "$SCALE/many-100" ]; then
  mkdir -p "$SCALE/many-100"
  for i in $(seq -w 0 99); do ln "$SCALE/many-1k/gen-00$i.xml" "$SCALE/many-100/"; done
fi
for f in gen-2k.xml gen-1m.xml gen-10m.xml gen-100m.xml; do
  if [ -f "$DATA/$f" ] && [ ! -e "$SCALE/$f" ]; then ln "$DATA/$f" "$SCALE/$f"; fi
done
[ -f "$SCALE/steps-10k.xml" ] || "$GEN" --steps 10000 -o "$SCALE/steps-10k.xml"
[ -f "$SCALE/steps-40k.xml" ] || "$GEN" --steps 40000 -o "$SCALE/steps-40k.xml"
[ -f "$SCALE/elements-200k.xml" ] || "$GEN" --elements 200000 -o "$SCALE/elements-200k.xml"
[ -f "$SCALE/elements-2m.xml" ] || "$GEN" --elements 2000000 -o "$SCALE/elements-2m.xml"

corpus_files=""
if [ -d "$CORPUS" ]; then
  corpus_files=$(find "$CORPUS" -maxdepth 1 -type f \( -name '*.xml' -o -name '*.XML' \) | LC_ALL=C sort)
else
  echo "bench/run.sh: no corpus at $CORPUS; its rows are left out" >&2
fi
# The largest corpus files, for the in-process benchmark.
largest=""
if [ -n "$corpus_files" ]; then
  # shellcheck disable=SC2086
  largest=$(ls -S $corpus_files | head -n 3)
fi

echo "== in process (Google Benchmark)" >&2
inputs=""
gbench_files=""
for f in "$DATA/gen-1m.xml" "$DATA/gen-10m.xml" "$DATA/gen-1m-object.xml" $largest; do
  inputs="$inputs --input $f"
  gbench_files="$gbench_files $f"
done
reps=9
[ "$QUICK" = 1 ] && reps=3
# shellcheck disable=SC2086
"$BUILD/bench/tsimport-bench" $inputs --benchmark_repetitions=$reps --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.2 \
  --benchmark_out="$DATA/gbench.json" --benchmark_out_format=json >&2

echo "== whole process" >&2
big=""
[ "$QUICK" = 0 ] && big="--big $DATA/gen-100m.xml"
# shellcheck disable=SC2086
python3 "$ROOT/bench/compare.py" --tsimport "$TS" --runs "$RUNS" \
  ${corpus_files:+--corpus $corpus_files} \
  --generated "$DATA"/small/*.xml \
  --small "$DATA/gen-2k.xml" $big \
  --gbench "$DATA/gbench.json" --gbench-inputs $gbench_files --json "$DATA/results.json"

echo "== scaling" >&2
quick=""
[ "$QUICK" = 1 ] && quick="--quick"
# shellcheck disable=SC2086
python3 "$ROOT/bench/scale.py" --tsimport "$TS" --once "$BUILD/bench/tsimport-once" --data "$SCALE" \
  --runs "${SCALE_RUNS:-3}" $quick --json "$DATA/scale.json"

echo >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
