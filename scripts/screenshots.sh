#!/bin/sh
# Writes the screenshots of docs/formats.md: the -f html page and the -f markdown document of
# samples/export/win11-deploy.zip, each as Chromium renders it (headless, 1200x1400 pixels).
# The Markdown is rendered to HTML by marked (npm, fetched into a temporary folder), with a
# plain style sheet, as a Markdown viewer would show it. Needs chromium, node and npm, and a
# build in build/. Run from the repository's root after changing the writers.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sample=samples/export/win11-deploy.zip
./build/tsimport -f html --fail-on never -o "$tmp/page.html" "$sample" 2>/dev/null
./build/tsimport -f markdown --fail-on never -o "$tmp/page.md" "$sample" 2>/dev/null
npm install --silent --prefix "$tmp/npm" marked@18 >/dev/null
{
  printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
  printf 'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1.5rem;color:#1f2328}'
  printf 'table{border-collapse:collapse;width:100%%}th,td{border:1px solid #d1d9e0;padding:4px 10px;overflow-wrap:anywhere}th{background:#f6f8fa}'
  printf 'code{background:#eff1f3;padding:.1em .3em;border-radius:4px;font-size:85%%}'
  printf 'pre{background:#f6f8fa;padding:12px;overflow:auto}h1,h2{border-bottom:1px solid #d1d9e0}'
  printf 'blockquote{border-left:4px solid #d1d9e0;margin:0;padding:0 1em;color:#59636e}'
  printf '</style></head><body>'
  node -e 'const {marked}=require(process.argv[1]);process.stdout.write(marked.parse(require("fs").readFileSync(process.argv[2],"utf8")))' \
    "$tmp/npm/node_modules/marked" "$tmp/page.md"
  printf '</body></html>'
} > "$tmp/markdown.html"
shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
    --window-size=1200,1400 --screenshot="$2" "file://$1" 2>/dev/null
}
shot "$tmp/page.html" docs/img/html.png
shot "$tmp/markdown.html" docs/img/markdown.png
ls -l docs/img/html.png docs/img/markdown.png
