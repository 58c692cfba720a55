#!/bin/sh
# Validates SARIF files against the official SARIF 2.1.0 JSON schema with ajv (ajv-cli and
# ajv-formats from npm; the schema from an npm package, see tests/install_sarif_validator.sh).
# Usage: tests/validate_sarif.sh FILE...
# Exit: 0 all valid, 1 one is not, 77 the validator is not installed (the test suite skips,
# except in CI).
tools=${TSIMPORT_SARIF_TOOLS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tsimport/sarif-validator}
ajv=$tools/node_modules/.bin/ajv
schema=$tools/sarif-schema-2.1.0.json
if [ ! -x "$ajv" ] || [ ! -f "$schema" ] || ! command -v node >/dev/null 2>&1; then
  echo "the SARIF validator is not installed in $tools (run: sh tests/install_sarif_validator.sh)"
  exit 77
fi
[ $# -gt 0 ] || { echo "usage: $0 FILE..."; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for f in "$@"; do
  # ajv-cli picks its parser by extension: give it .json.
  cp "$f" "$tmp/report.json"
  if ! (cd "$tools" && "$ajv" validate --spec=draft7 --strict=false -c ajv-formats -s "$schema" -d "$tmp/report.json" --errors=text) >"$tmp/out" 2>&1; then
    echo "$f: not valid SARIF 2.1.0:"
    cat "$tmp/out"
    status=1
  fi
done
exit $status
