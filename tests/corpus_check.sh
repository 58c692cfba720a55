#!/usr/bin/env bash
# Imports every task sequence of ../shared/corpus whose root is <sequence> and fails unless each
# gives ReturnValue 0 with no error diagnostics, and its record counts as many groups and steps
# as the file has <group> and <step>/<subtasksequence> elements (counted here by xmllint,
# independently of tsimport).
# Usage: tests/corpus_check.sh TSIMPORT_BINARY CORPUS_DIR
set -uo pipefail
bin=${1:?tsimport binary}
corpus=${2:?corpus directory}
checked=0
failed=0
while IFS= read -r -d '' f; do
  root=$(xmllint --xpath 'name(/*)' "$f" 2>/dev/null)
  [ "$root" = "sequence" ] || continue
  checked=$((checked + 1))
  record=$("$bin" -f json --diagnostics gcc "$f" 2>/tmp/corpus_check.err)
  rv=$(jq -r '.ReturnValue' <<<"$record")
  errors=$(jq '[.Diagnostics[] | select(.Severity == "error")] | length' <<<"$record")
  groups=$(jq '.Stats.Groups' <<<"$record")
  steps=$(jq '.Stats.Steps' <<<"$record")
  want_groups=$(xmllint --xpath 'count(//group)' "$f")
  want_steps=$(xmllint --xpath 'count(//step) + count(//subtasksequence)' "$f")
  if [ "$rv" != 0 ] || [ "$errors" != 0 ] || [ "$groups" != "$want_groups" ] || [ "$steps" != "$want_steps" ]; then
    failed=$((failed + 1))
    echo "FAIL $f: ReturnValue $rv, $errors errors, groups $groups/$want_groups, steps $steps/$want_steps"
    head -n 5 /tmp/corpus_check.err
  fi
done < <(find "$corpus" -maxdepth 1 -type f \( -iname '*.xml' \) -print0 | sort -z)
echo "corpus check: $checked bare sequences imported, $failed failed"
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
