#!/bin/sh
# Checks that no folder of src/core includes from a folder downstream of it in the pipeline
# (docs/design.md): model < input < build < check < write < compare. The public headers count
# where they belong: tsimport/write.h is write's, tsimport/compare.h compare's, the others
# (model, str, catalog, diagnostic, import: the types every stage shares) model's.
# import.cpp, at the top of src/core, runs the stages and may include anything.
#   scripts/check-layers.sh [SOURCE_DIR]
set -eu
cd "${1:-$(dirname "$0")/..}"
rank() {
  case "$1" in
    model | tsimport/model.h | tsimport/str.h | tsimport/catalog.h | tsimport/diagnostic.h | tsimport/import.h) echo 0 ;;
    input) echo 1 ;;
    build) echo 2 ;;
    check) echo 3 ;;
    write | tsimport/write.h) echo 4 ;;
    compare | tsimport/compare.h) echo 5 ;;
    *) echo 99 ;;
  esac
}
bad=0 checked=0
for dir in model input build check write compare; do
  own=$(rank "$dir")
  for file in src/core/"$dir"/*; do
    for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file"); do
      case "$inc" in
        tsimport/*) key=$inc ;;
        */*) key=${inc%%/*} ;;
        *) continue ;;
      esac
      r=$(rank "$key")
      checked=$((checked + 1))
      if [ "$r" -eq 99 ]; then
        echo "$file: includes $inc, which is in no stage of the pipeline" >&2
        bad=1
      elif [ "$r" -gt "$own" ]; then
        echo "$file: includes $inc, downstream of $dir" >&2
        bad=1
      fi
    done
  done
done
# The public headers themselves.
for file in include/tsimport/*.h; do
  own=$(rank "tsimport/$(basename "$file")")
  for inc in $(sed -n 's/^#include "\(tsimport\/[^"]*\)".*/\1/p' "$file"); do
    checked=$((checked + 1))
    if [ "$(rank "$inc")" -gt "$own" ]; then
      echo "$file: includes $inc, downstream of it" >&2
      bad=1
    fi
  done
done
[ "$checked" -gt 50 ] || { echo "only $checked includes found: wrong directory?" >&2; exit 1; }
[ "$bad" -eq 0 ] && echo "$checked includes, none downstream"
exit "$bad"
