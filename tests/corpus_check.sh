#!/usr/bin/env bash
# Imports every real export of ../shared/corpus and ../shared/corpus-zips and fails unless:
# - each file gives ReturnValue 0 with no import error (TS1xxx, TS2xxx), and its record counts as many
#   groups and steps as the sequence it carries has <group> and <step>/<subtasksequence>
#   elements (counted here by xmllint, independently of tsimport; for object.xml, in the text of
#   its Sequence property);
# - each zip gives ReturnValue 0 for every task sequence it holds, and its TaskSequence equals
#   (in JSON) that of its object.xml twin in the corpus (MANIFEST.tsv, column object_xml_twin).
# - the lint errors (TS3xxx and up: cleartext secrets) are exactly those of
#   tests/corpus_lint_errors.tsv;
# - no file the project tracks is a copy of a shared file.
# Usage: tests/corpus_check.sh TSIMPORT_BINARY SHARED_DIR
set -uo pipefail
bin=${1:?tsimport binary}
shared=${2:?shared directory (holding corpus/ and corpus-zips/)}
checked=0
failed=0
fail() {
  failed=$((failed + 1))
  echo "FAIL $*"
}
err=$(mktemp)
lint=$(mktemp)
trap 'rm -f "$err" "$lint"' EXIT

while IFS= read -r -d '' f; do
  root=$(xmllint --xpath 'name(/*)' "$f" 2>/dev/null)
  case "$root" in
    sequence) sequence=$(cat "$f") ;;
    INSTANCE) sequence=$(xmllint --xpath 'string(/INSTANCE/PROPERTY[@NAME="Sequence"]/VALUE)' "$f") ;;
    *) fail "$f: unexpected root <$root>"; continue ;;
  esac
  checked=$((checked + 1))
  record=$("$bin" -f json --diagnostics gcc "$f" 2>"$err")
  rv=$(jq -r '.ReturnValue' <<<"$record")
  # Import errors (TS1xxx, TS2xxx); lint errors (TS3xxx and up) are compared with
  # tests/corpus_lint_errors.tsv below.
  errors=$(jq '[.Diagnostics[] | select(.Severity == "error" and .RuleId < "TS3")] | length' <<<"$record")
  jq -r --arg f "$(basename "$f")" '[.Diagnostics[] | select(.Severity == "error" and .RuleId >= "TS3")] | group_by(.RuleId)[] | [$f, .[0].RuleId, (length | tostring)] | @tsv' <<<"$record" >>"$lint"
  groups=$(jq '.Stats.Groups' <<<"$record")
  steps=$(jq '.Stats.Steps' <<<"$record")
  want_groups=$(xmllint --xpath 'count(//group)' - <<<"$sequence")
  want_steps=$(xmllint --xpath 'count(//step) + count(//subtasksequence)' - <<<"$sequence")
  if [ "$rv" != 0 ] || [ "$errors" != 0 ] || [ "$groups" != "$want_groups" ] || [ "$steps" != "$want_steps" ]; then
    fail "$f: ReturnValue $rv, $errors errors, groups $groups/$want_groups, steps $steps/$want_steps"
    head -n 5 "$err"
  fi
done < <(find "$shared/corpus" -maxdepth 1 -type f -iname '*.xml' -print0 | sort -z)
echo "corpus check: $checked files imported, $failed failed"

zips=0
if [ -f "$shared/corpus-zips/MANIFEST.tsv" ]; then
  while IFS=$'\t' read -r file _repo _path _commit twin _bytes; do
    [ "$file" = "file" ] && continue
    zips=$((zips + 1))
    z="$shared/corpus-zips/$file"
    records=$("$bin" -f json --diagnostics gcc "$z" 2>"$err")
    bad=$(jq -s '[.[] | select(.ReturnValue != 0 or ([.Diagnostics[] | select(.Severity == "error" and .RuleId < "TS3")] | length) > 0)] | length' <<<"$records")
    jq -r --arg f "$file" '[.Diagnostics[] | select(.Severity == "error" and .RuleId >= "TS3")] | group_by(.RuleId)[] | [$f, .[0].RuleId, (length | tostring)] | @tsv' <<<"$records" >>"$lint"
    count=$(jq -s 'length' <<<"$records")
    if [ "$bad" != 0 ] || [ "$count" -lt 1 ]; then
      fail "$z: $bad of $count task sequences did not import"
      head -n 5 "$err"
      continue
    fi
    # The twin is named ..._SMS_TaskSequencePackage_<PackageID>_object.xml.
    key=$(sed -E 's/.*_SMS_TaskSequencePackage_([^_]+)_object\.xml$/\1/' <<<"$twin")
    twin_ts=$("$bin" -f json "$shared/corpus/$twin" 2>/dev/null | jq -S .TaskSequence)
    zip_ts=$(jq -s -S --arg m "SMS_TaskSequencePackage/$key/object.xml" \
      '[.[] | select(.Member == $m)][0].TaskSequence' <<<"$records")
    if [ "$zip_ts" = "null" ]; then
      fail "$z: no task sequence $key in the zip"
      continue
    fi
    if [ "$twin_ts" != "$zip_ts" ]; then
      fail "$z: its TaskSequence differs from that of its object.xml twin $twin"
    fi
  done < "$shared/corpus-zips/MANIFEST.tsv"
  echo "corpus-zips check: $zips zips imported and compared with their object.xml twins"
fi
# Lint errors (cleartext secrets) must be exactly the expected ones: found where they are, and
# nowhere else.
expected_lint=$(dirname "$0")/corpus_lint_errors.tsv
if ! diff <(grep -v '^#' "$expected_lint" | sort) <(sort "$lint") >"$err"; then
  fail "lint errors differ from $expected_lint (< expected, > found):"
  cat "$err"
fi
# No file of the project may be a copy of a shared file: they are other people's files, read
# from $shared at test time, never committed (an output golden can end up byte for byte equal
# to a small export).
repo=$(cd "$(dirname "$0")/.." && pwd)
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  find "$shared/corpus" "$shared/corpus-zips" -maxdepth 1 -type f ! -name MANIFEST.tsv -exec sha256sum {} + |
    awk '{print $1}' | sort -u >"$err"
  while IFS= read -r -d '' tracked; do
    [ -f "$repo/$tracked" ] || continue
    if grep -qx "$(sha256sum "$repo/$tracked" | cut -d' ' -f1)" "$err"; then
      fail "$tracked is a byte-for-byte copy of a file of $shared: remove it from the project"
    fi
  done < <(git -C "$repo" ls-files -z)
fi
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
