#!/bin/sh
# Installs what tests/validate_sarif.sh needs: ajv-cli and ajv-formats (npm), and the official
# SARIF 2.1.0 JSON schema, taken from an npm package that ships it (@datadog/datadog-ci 2.48.0
# bundles the OASIS schema as dist/commands/sarif/json-schema/sarif-schema-2.1.0.json; its
# checksum is checked). Idempotent and quiet; .ci/run calls it.
set -eu
tools=${TSIMPORT_SARIF_TOOLS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tsimport/sarif-validator}
schema_sha256=10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454
if [ -x "$tools/node_modules/.bin/ajv" ] && [ -f "$tools/sarif-schema-2.1.0.json" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq nodejs npm >/dev/null
fi
mkdir -p "$tools"
cd "$tools"
npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error ajv-cli@5.0.0 ajv-formats@3.0.1 >/dev/null
tarball=$(npm pack --silent @datadog/datadog-ci@2.48.0)
tar -xzf "$tarball" -O package/dist/commands/sarif/json-schema/sarif-schema-2.1.0.json >sarif-schema-2.1.0.json.tmp
rm -f "$tarball"
echo "$schema_sha256  sarif-schema-2.1.0.json.tmp" | sha256sum -c --quiet -
mv sarif-schema-2.1.0.json.tmp sarif-schema-2.1.0.json
