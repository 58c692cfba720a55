#!/usr/bin/env bash
# What a user installs (issue 19, docs/install.md): runs every command of docs/install.md's sh
# blocks in a copy of the repository's layout (build = the build tree, a HOME of its own, a
# stand-in build-windows/tsimport.exe; the static build is configured, not built), then checks
#   - `cmake --install`'s layout, file by file, and the installed binary (--version, --explain);
#   - the manual page: man and groff render it without a warning, its OPTIONS and COMMANDS list
#     exactly the options `tsimport --help` and `tsimport diff --help` list, RULES every rule;
#   - the completions: bash's and fish's run (every option, values, rules, diff's options), zsh's
#     parses;
#   - cpack's .deb: its file list, its version, a Depends entry for each library the binary
#     links (and libzip, which it opens), the packaged binary runs;
#   - the Windows zip's layout;
#   - -DTSIMPORT_STATIC=ON without tinyxml2's source stops and says what to do.
# Usage: tests/install_test.sh SOURCE_DIR BUILD_DIR. Exit 0 passed, 1 failed. A tool that is
# missing (zsh, fish, man, groff, dpkg-deb) skips its check, saying so, and fails under CI=true.
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
need() {  # need TOOL: 0 when it is there; otherwise skip (fail under CI)
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [ "${CI:-}" = true ]; then fail "$1 is not installed (scripts/install-deps.sh installs it)"; else echo "skipped: $1 is not installed"; fi
  return 1
}
# The lines of $1 that are not in $2 (both sorted sets), for messages.
only_in() { comm -23 <(printf '%s\n' "$1" | sort -u) <(printf '%s\n' "$2" | sort -u) | tr '\n' ' '; }
same_set() {  # same_set WHAT EXPECTED ACTUAL
  local missing extra
  missing=$(only_in "$2" "$3")
  extra=$(only_in "$3" "$2")
  if [ -z "$missing$extra" ]; then ok "$1 ($(printf '%s\n' "$2" | sort -u | grep -c .) items)"; else fail "$1: missing [$missing] unexpected [$extra]"; fi
}

version=$(sed -n 's/^project(tsimport VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || { echo "FAIL: no version in CMakeLists.txt"; exit 1; }
binary=$build/tsimport
rule_pages=$(cd "$src/docs/rules" && ls ./*.md | sed 's|^\./||')
has_ps1=no
[ -f "$src/completions/tsimport.ps1" ] && has_ps1=yes

# --help's options: the first word of each option line, split at commas.
help_options() { "$@" --help | sed -n 's/^ \{1,\}\(-[^ ]*\).*/\1/p' | tr ',' '\n' | grep -E '^-' | sort -u; }
main_options=$(help_options "$binary")
diff_options=$(help_options "$binary" diff)
rules=$("$binary" --list-rules | grep -oE '^TS[0-9]{4}' | sort -u)
[ "$(echo "$main_options" | wc -l)" -gt 25 ] || fail "tsimport --help lists too few options: $main_options"
[ "$(echo "$rules" | wc -l)" -gt 30 ] || fail "tsimport --list-rules lists too few rules"

# ---- docs/install.md's commands, in a copy of the layout ----
ws=$tmp/ws
mkdir -p "$ws/build-windows" "$tmp/home"
for f in README.md LICENSE CHANGELOG.md CMakeLists.txt cmake packaging docs samples completions; do
  [ -e "$src/$f" ] && ln -s "$src/$f" "$ws/$f"
done
ln -s "$build" "$ws/build"
printf 'MZ: a stand-in for scripts/build-windows.sh output\n' >"$ws/build-windows/tsimport.exe"
rm -rf "$build/packages"
commands=0
while IFS= read -r line; do
  case "$line" in
    *build-static* | "apt-get source"*) echo "not run (a static build takes minutes; configured below): $line"; continue ;;
  esac
  commands=$((commands + 1))
  if out=$(cd "$ws" && HOME=$tmp/home bash -euo pipefail -c "$line" 2>&1); then
    ok "docs/install.md: $line"
  else
    fail "docs/install.md: $line"$'\n'"$out"
  fi
done < <(awk '/^```sh$/{on=1; next} /^```/{on=0} on && NF && !/^#/' "$src/docs/install.md")
[ "$commands" -ge 6 ] || fail "docs/install.md: only $commands commands run"

# ---- cmake --install's layout ----
prefix=$tmp/home/.local
expected="bin/tsimport
share/man/man1/tsimport.1
share/bash-completion/completions/tsimport
share/zsh/site-functions/_tsimport
share/fish/vendor_completions.d/tsimport.fish
share/doc/tsimport/README.md
share/doc/tsimport/LICENSE
share/doc/tsimport/CHANGELOG.md
$(printf 'share/doc/tsimport/rules/%s\n' $rule_pages)"
[ $has_ps1 = yes ] && expected="$expected
share/tsimport/completions/tsimport.ps1"
same_set "cmake --install: the files under the prefix" "$expected" "$(cd "$prefix" && find . -type f | sed 's|^\./||')"
[ -x "$prefix/bin/tsimport" ] || fail "bin/tsimport is not executable"
cmp -s "$build/share/man/man1/tsimport.1" "$prefix/share/man/man1/tsimport.1" || fail "the installed man page is not the generated one"

# --version: the version and the commit (git describe of the source, as built).
installed_version=$("$prefix/bin/tsimport" --version)
commit=unknown
if command -v git >/dev/null 2>&1 && git -C "$src" rev-parse --show-toplevel >/dev/null 2>&1; then
  commit=$(git -C "$src" describe --always --long --dirty --abbrev=12 --match 'v[0-9]*' 2>/dev/null || echo unknown)
fi
if [ "$commit" = unknown ]; then
  want="tsimport $version (commit unknown: not built from a git checkout)"
else
  want="tsimport $version (commit $commit)"
fi
[ "$installed_version" = "$want" ] && ok "--version: $installed_version" || fail "--version printed '$installed_version', expected '$want'"
explained=$("$prefix/bin/tsimport" --explain TS2001)
grep -qF "$prefix/share/doc/tsimport/rules/TS2001.md" <<<"$explained" && ok "--explain points to the installed rule page" ||
  fail "--explain TS2001 does not point to $prefix/share/doc/tsimport/rules/TS2001.md: $explained"

# ---- the manual page ----
page=$prefix/share/man/man1/tsimport.1
if need man; then
  rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>"$tmp/man.err")
  [ ! -s "$tmp/man.err" ] && ok "man -l renders it without a warning ($(wc -l <<<"$rendered") lines)" || fail "man -l warns: $(cat "$tmp/man.err")"
  # The sections, and each option tag (a line indented 7 that starts with a dash) per section.
  section_options() {
    awk -v want="$1" '/^[A-Z]/{s=$0} s==want && /^       -/' <<<"$rendered" |
      sed 's/^ *//; s/ [A-Z=_,.[\]]\{2,\}.*//; s/ [A-Z]\+$//' | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -E '^-' | sort -u
  }
  same_set "man page OPTIONS = tsimport --help's options" "$main_options" "$(section_options OPTIONS)"
  same_set "man page COMMANDS = tsimport diff --help's options" "$diff_options" "$(section_options COMMANDS)"
  same_set "man page RULES = tsimport --list-rules" "$rules" "$(awk '/^[A-Z]/{s=$0} s=="RULES"' <<<"$rendered" | grep -oE '^ +TS[0-9]{4}' | tr -d ' ' | sort -u)"
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS" RULES FILES ENVIRONMENT EXAMPLES "SEE ALSO"; do
    grep -qx "$section" <<<"$rendered" || fail "man page: no section $section"
  done
  grep -q "^       tsimport - import a ConfigMgr or MDT task sequence offline" <<<"$rendered" || fail "man page: NAME"
  # Its EXAMPLES run, on files of those names (samples), with the exit status they mean: 0, and
  # 1 for a diff that finds changes.
  mkdir -p "$tmp/examples/tasksequences"
  cp "$src/samples/valid/RebootAction.xml" "$tmp/examples/ts.xml"
  cp "$src/samples/valid/RebootAction.xml" "$tmp/examples/tasksequences/"
  cp "$src/samples/diff/deploy-v1.xml" "$tmp/examples/old.xml"
  cp "$src/samples/diff/deploy-v2.xml" "$tmp/examples/new.xml"
  examples=0
  while IFS= read -r line; do
    examples=$((examples + 1))
    want=0
    case "$line" in "tsimport diff "*) want=1 ;; esac
    status=0
    (cd "$tmp/examples" && PATH="$prefix/bin:$PATH" bash -c "$line" >/dev/null 2>&1) || status=$?
    [ "$status" -eq "$want" ] && ok "man page example exits $want: $line" || fail "man page example exits $status: $line"
  done < <(awk '/^[A-Z]/{s=$0} s=="EXAMPLES" && /^ +tsimport /' <<<"$rendered" | sed 's/^ *//')
  [ "$examples" -ge 3 ] || fail "man page: $examples examples"
fi
if need groff; then
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  [ -z "$warnings" ] && ok "groff -ww: no warning" || fail "groff -ww warns: $warnings"
fi

# ---- the completions ----
long_options=$(grep '^--' <<<"$main_options")
diff_long=$(grep '^--' <<<"$diff_options")
bash_complete() {  # bash_complete WORD...: what the installed bash completion offers for the last word
  bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tsimport; printf "%s\n" "${COMPREPLY[@]}"' \
    bash "$prefix/share/bash-completion/completions/tsimport" "$@" | sort -u
}
same_set "bash: tsimport -<TAB> = --help's options" "$main_options" "$(bash_complete tsimport -)"
same_set "bash: tsimport diff -<TAB> = diff --help's options" "$diff_options" "$(bash_complete tsimport diff -)"
same_set "bash: --diagnostics <TAB>" "$(printf '%s\n' human gcc json sarif github azure junit checkstyle)" "$(bash_complete tsimport --diagnostics '')"
same_set "bash: diff -f <TAB>" "$(printf '%s\n' human markdown json)" "$(bash_complete tsimport diff -f '')"
same_set "bash: --ignore TS200<TAB>" "$(grep '^TS200' <<<"$rules")" "$(bash_complete tsimport --ignore TS200)"
same_set "bash: --ignore TS2001,TS700<TAB>" "$(grep '^TS700' <<<"$rules" | sed 's/^/TS2001,/')" "$(bash_complete tsimport --ignore TS2001,TS700)"
grep -qx diff <<<"$(cd "$tmp" && bash_complete tsimport di)" && ok "bash: tsimport di<TAB> offers diff" || fail "bash: tsimport di<TAB> does not offer diff"
if need fish; then
  fish_complete() { fish --no-config -c "source '$prefix/share/fish/vendor_completions.d/tsimport.fish'; complete -C '$1'" | cut -f1 | sort -u; }
  same_set "fish: tsimport --<TAB> = --help's long options" "$long_options" "$(fish_complete 'tsimport --')"
  same_set "fish: tsimport diff --<TAB> = diff --help's long options" "$diff_long" "$(fish_complete 'tsimport diff --')"
  same_set "fish: --fail-on <TAB>" "$(printf '%s\n' error warning info never)" "$(fish_complete 'tsimport --fail-on ')"
  grep -qx TS2001 <<<"$(fish_complete 'tsimport --explain ')" && ok "fish: --explain offers the rules" || fail "fish: --explain does not offer TS2001"
fi
if need zsh; then
  zsh -n "$prefix/share/zsh/site-functions/_tsimport" && ok "zsh: _tsimport parses" || fail "zsh -n _tsimport"
  # An interactive zsh on a pseudo-terminal (zpty) with the installed folder in fpath and
  # compinit, given a line and a TAB; compadd, wrapped, notes what it is given to offer.
  cat >"$tmp/complete.zsh" <<'ZSH'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='%% '; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd () { local -a __h; builtin compadd -O __h \"\$@\"; (( \$#__h )) && print -lr -- \"\${(@)__h}\" >> '$2'; builtin compadd \"\$@\"; }"
zpty -w -n z "$3"$'\t'
# Until something is offered (at most 20 s on a loaded machine), then a moment for the rest.
for i in {1..200}; do [[ -s $2 ]] && break; sleep 0.1; done
sleep 0.5
zpty -d z
ZSH
  mkdir "$tmp/zsh-cwd"
  zsh_complete() {
    rm -f "$tmp/zsh-hits"
    (cd "$tmp/zsh-cwd" && PATH="$prefix/bin:$PATH" zsh -f "$tmp/complete.zsh" "$prefix/share/zsh/site-functions" "$tmp/zsh-hits" "$1")
    [ -f "$tmp/zsh-hits" ] && sort -u "$tmp/zsh-hits"
  }
  same_set "zsh: tsimport --<TAB> = --help's long options" "$long_options" "$(zsh_complete 'tsimport --')"
  same_set "zsh: tsimport diff --<TAB> = diff --help's long options" "$diff_long" "$(zsh_complete 'tsimport diff --')"
  same_set "zsh: --diagnostics <TAB>" "$(printf '%s\n' human gcc json sarif github azure junit checkstyle)" "$(zsh_complete 'tsimport --diagnostics ')"
  same_set "zsh: --ignore TS2001,TS70<TAB>" "$(grep '^TS70' <<<"$rules")" "$(zsh_complete 'tsimport --ignore TS2001,TS70')"
  same_set "zsh: tsimport d<TAB> (in an empty folder)" diff "$(zsh_complete 'tsimport d')"
fi

# ---- the .deb ----
if need dpkg-deb; then
  deb=$build/packages/tsimport_${version}_$(dpkg --print-architecture).deb
  if [ -f "$deb" ]; then
    expected_deb=$(sed -e 's|^|./usr/|' -e 's|zsh/site-functions|zsh/vendor-completions|' <<<"$expected")
    same_set "the .deb's files (dpkg-deb -c)" "$expected_deb" "$(dpkg-deb -c "$deb" | grep -v '^d' | awk '{print $6}')"
    [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok ".deb Version $version" || fail ".deb Version is $(dpkg-deb -f "$deb" Version)"
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "Depends: $depends"
    # Each library the binary needs (and libzip, which it opens) comes from a package it depends on.
    for lib in $(readelf -d "$binary" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p') libzip.so; do
      path=$(ldconfig -p | awk -v l="$lib" '!found && ($1 == l || index($1, l ".") == 1) {print $NF; found = 1}')
      [ -n "$path" ] || { fail "no $lib on this machine"; continue; }
      # dpkg knows a file by the path its package ships (/lib/... or /usr/lib/... on a merged /usr).
      package=$( (dpkg-query -S "$path" "$(readlink -f "$path")" 2>/dev/null || true) | head -1 | sed 's/:.*//')
      [ -n "$package" ] || { fail "no package holds $path"; continue; }
      # The package, or a name it provides (libspdlog1.10 provides libspdlog1.10-fmt9).
      names=" $package $(dpkg-query -W -f='${Provides}' "$package" | sed 's/([^)]*)//g; s/,/ /g') "
      found=
      for entry in $(sed 's/([^)]*)//g; s/,/ /g; s/|/ /g' <<<"$depends"); do
        case "$names" in *" $entry "*) found=$entry ;; esac
      done
      [ -n "$found" ] && ok ".deb depends on $found ($lib, from $package)" || fail ".deb does not depend on $package, which holds $lib"
    done
    mkdir "$tmp/deb" && dpkg-deb -x "$deb" "$tmp/deb"
    "$tmp/deb/usr/bin/tsimport" "$src/samples/valid/RebootAction.xml" >/dev/null && ok "the packaged binary imports a sample" || fail "the packaged binary does not run"
    file "$tmp/deb/usr/bin/tsimport" | grep -q ', stripped' && ok "the packaged binary is stripped" || fail "the packaged binary is not stripped"
  else
    fail "cpack made no $deb"
  fi
fi

# ---- the Windows zip ----
zip=$ws/build-zip/tsimport-$version-windows-x64.zip
if [ -f "$zip" ]; then
  expected_zip=$(printf "tsimport-$version-windows-x64/%s\n" tsimport.exe README.md LICENSE CHANGELOG.md)
  [ $has_ps1 = yes ] && expected_zip="$expected_zip
tsimport-$version-windows-x64/completions/tsimport.ps1"
  same_set "the Windows zip's files" "$expected_zip" "$(cmake -E tar tf "$zip" | grep -v '/$')"
else
  fail "no $zip"
fi

# ---- a static build without tinyxml2's source says what to do ----
if ls /usr/lib/*/libtinyxml2.a /usr/lib/libtinyxml2.a >/dev/null 2>&1; then
  echo "skipped: this machine has a libtinyxml2.a"
else
  if out=$(cmake -S "$src" -B "$tmp/static" -DTSIMPORT_STATIC=ON -DTSIMPORT_BUILD_TESTS=OFF 2>&1); then
    fail "TSIMPORT_STATIC configured without tinyxml2's source"
  elif grep -q "apt-get source tinyxml2" <<<"$out"; then
    ok "TSIMPORT_STATIC without tinyxml2's source stops and says how to get it"
  else
    fail "TSIMPORT_STATIC's message: $out"
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failed"
  exit 1
fi
echo "all passed"
