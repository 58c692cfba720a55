#!/usr/bin/python3
"""The GitHub Action (action.yml) and the YAML examples of docs/ci.md and examples/ (issue 19).

GitHub's runners are not here, so the action is checked as far as this machine can run it:
  - action.yml parses, is a composite action, and each bash step parses (bash -n);
  - the step that chooses how to get tsimport gives build, fetch or path for each runner;
  - the build step's commands exist with those options: install-deps.sh --build installs what
    the build needs (its packages are installed here and it exits 0), CMake configures with
    them and has a target tsimport;
  - the step that runs tsimport is run, as the action runs it, with the inputs of every example
    that uses the action: it writes a SARIF 2.1.0 file (validated with tests/validate_sarif.sh
    when the validator is installed) and reports the exit status tsimport gives for the same
    command;
  - every YAML block of docs/ci.md and every examples/*.yml parses; each use of the action names
    this version's tag and only inputs the action has; the examples run it on ubuntu-latest and
    windows-latest; docs/ci.md's table of inputs is the action's, with their defaults;
  - the pre-commit examples pin this version's tag, and CHANGELOG.md has its entry.
Usage: tests/action_test.py SOURCE_DIR TSIMPORT_BINARY. Exit 0 passed, 1 failed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

src = os.path.abspath(sys.argv[1])
binary = os.path.abspath(sys.argv[2])
failures = []


def check(condition, what):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)
    return condition


version = re.search(r"^project\(tsimport VERSION ([0-9.]+)", open(os.path.join(src, "CMakeLists.txt")).read(), re.M).group(1)
tag = "v" + version
action = yaml.safe_load(open(os.path.join(src, "action.yml")))
inputs = action["inputs"]
steps = action["runs"]["steps"]
check(action["runs"]["using"] == "composite", "action.yml is a composite action")
check(set(inputs) == {"paths", "args", "install", "version", "sarif-file", "upload", "category"}, "action.yml's inputs: " + ", ".join(inputs))
step = {s.get("id") or s["name"]: s for s in steps}

# Each bash step parses; no step interpolates an input into its script (they come as env).
for s in steps:
    if s.get("shell") == "bash":
        r = subprocess.run(["bash", "-n"], input=s["run"], text=True, capture_output=True)
        check(r.returncode == 0, "bash -n: step '%s' %s" % (s["name"], r.stderr.strip()))
    if "run" in s:
        check("${{" not in s["run"], "step '%s' takes its inputs from env, not ${{ }} in the script" % s["name"])
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
check(len(upload) == 1 and upload[0]["if"].startswith("always()"), "the SARIF is uploaded with github/codeql-action/upload-sarif, whatever tsimport's outcome")


def run_step(s, env, cwd):
    """Runs a bash step as the runner does (bash -e -o pipefail), with GITHUB_OUTPUT and
    GITHUB_PATH files; returns (status, outputs, output)."""
    with tempfile.TemporaryDirectory() as io:
        out_file = os.path.join(io, "output")
        path_file = os.path.join(io, "path")
        open(out_file, "w").close()
        open(path_file, "w").close()
        full = dict(os.environ, GITHUB_OUTPUT=out_file, GITHUB_PATH=path_file, RUNNER_TEMP=io,
                    GITHUB_ACTION_PATH=src, PATH=os.path.dirname(binary) + os.pathsep + os.environ["PATH"])
        full.update(env)
        r = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", s["run"]],
                           env=full, cwd=cwd, capture_output=True, text=True)
        outputs = dict(line.split("=", 1) for line in open(out_file).read().splitlines() if "=" in line)
        return r.returncode, outputs, r.stdout + r.stderr


# How tsimport is got.
for install, runner, expected in [("auto", "Linux", "build"), ("auto", "Windows", "fetch"),
                                  ("fetch", "Linux", "fetch"), ("path", "Windows", "path"),
                                  ("build", "Windows", None), ("sideload", "Linux", None)]:
    status, outputs, output = run_step(step["how"], {"INSTALL": install, "RUNNER_OS_NAME": runner}, src)
    if expected:
        check(status == 0 and outputs.get("how") == expected, "install %s on %s: %s" % (install, runner, expected))
    else:
        check(status == 2 and "::error" in output, "install %s on %s: refused with an error annotation" % (install, runner))

# The build step's commands: install-deps.sh --build (its packages are all here: it exits 0
# without installing), the configure line, and the target it builds.
build_lines = step["Build tsimport"]["run"].splitlines()
check(build_lines[0] == 'sh "$GITHUB_ACTION_PATH/scripts/install-deps.sh" --build', "the build installs the build's packages: " + build_lines[0])
r = subprocess.run(["sh", os.path.join(src, "scripts/install-deps.sh"), "--build"], capture_output=True, text=True)
check(r.returncode == 0 and "apt-get" not in r.stdout, "scripts/install-deps.sh --build: nothing to install here " + r.stdout[-300:])
with tempfile.TemporaryDirectory() as tmp:
    configure = build_lines[1].replace('"$GITHUB_ACTION_PATH"', src).replace('"$RUNNER_TEMP/tsimport-build"', tmp)
    r = subprocess.run(["bash", "-c", configure], capture_output=True, text=True,
                       env=dict(os.environ, ACTION_REPOSITORY="tsimport/tsimport", ACTION_REF=tag))
    check(r.returncode == 0, "the build step's configure runs: " + configure + r.stderr[-500:])
    cache = open(os.path.join(tmp, "CMakeCache.txt")).read()
    check("TSIMPORT_COMMIT:STRING=tsimport/tsimport@" + tag in cache, "it names the action's ref as the commit --version prints")
    targets = subprocess.run(["cmake", "--build", tmp, "--target", "help"], capture_output=True, text=True).stdout
    check("--target tsimport" in build_lines[2] and re.search(r"^\.\.\. tsimport$", targets, re.M) is not None, "it has the target the build step builds")
    check("tsimport_tests" not in targets, "-DTSIMPORT_BUILD_TESTS=OFF leaves the tests out")

# Every YAML example, and each use of the action in them.
def code_blocks(path):
    text = open(path).read()
    return re.findall(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)


uses = []  # (where, job or None, step)
def collect(where, doc):
    if isinstance(doc, dict) and "jobs" in doc:
        for name, job in doc["jobs"].items():
            for s in job.get("steps", []):
                uses.append((where, job, s))
    elif isinstance(doc, dict) and "steps" in doc:
        for s in doc["steps"]:
            uses.append((where, None, s))
    elif isinstance(doc, list):
        for s in doc:
            if isinstance(s, dict):
                uses.append((where, None, s))


yaml_blocks = 0
for lang, body in code_blocks(os.path.join(src, "docs/ci.md")):
    if lang != "yaml":
        continue
    yaml_blocks += 1
    try:
        collect("docs/ci.md", yaml.safe_load(body))
        check(True, "docs/ci.md: a YAML block parses")
    except yaml.YAMLError as e:
        check(False, "docs/ci.md: a YAML block parses: %s\n%s" % (e, body))
for name in sorted(os.listdir(os.path.join(src, "examples"))):
    if name.endswith(".yml"):
        try:
            collect("examples/" + name, yaml.safe_load(open(os.path.join(src, "examples", name))))
            check(True, "examples/%s parses" % name)
        except yaml.YAMLError as e:
            check(False, "examples/%s parses: %s" % (name, e))
check(yaml_blocks >= 5, "docs/ci.md has %d YAML blocks" % yaml_blocks)

runners = set()
action_uses = [(w, j, s) for w, j, s in uses if s.get("uses", "").startswith("tsimport/tsimport")]
check(len(action_uses) >= 4, "%d uses of the action in docs/ci.md and examples/" % len(action_uses))
workspace = tempfile.mkdtemp()
try:
    os.makedirs(os.path.join(workspace, "tasksequences"))
    for sample in ["samples/valid/RebootAction.xml", "samples/valid/RunCommandLineAction.xml", "samples/win11-deploy.xml"]:
        shutil.copy(os.path.join(src, sample), os.path.join(workspace, "tasksequences"))
    for where, job, s in action_uses:
        given = s.get("with", {})
        check(s["uses"] == "tsimport/tsimport@" + tag, "%s: uses %s (this version's tag %s)" % (where, s["uses"], tag))
        check(set(given) <= set(inputs), "%s: inputs %s are the action's" % (where, sorted(given)))
        if job is not None:
            runners.add(job["runs-on"])
            permissions = job.get("permissions") or {}
            if not permissions:
                doc = yaml.safe_load(open(os.path.join(src, where))) if where.startswith("examples/") else None
                permissions = (doc or {}).get("permissions", {})
            if given.get("upload", "true") == "true" and where.startswith("examples/"):
                check(permissions.get("security-events") == "write", "%s: security-events: write for the upload" % where)
        # The check step, run as the action runs it with these inputs.
        env = {"PATHS": str(given.get("paths", inputs["paths"]["default"])),
               "ARGS": str(given.get("args", inputs["args"]["default"])),
               "SARIF": str(given.get("sarif-file", inputs["sarif-file"]["default"]))}
        sarif = os.path.join(workspace, env["SARIF"])
        if os.path.exists(sarif):
            os.remove(sarif)
        status, outputs, output = run_step(step["check"], env, workspace)
        direct = subprocess.run([binary, "-r", "--diagnostics", "sarif", "--diagnostics-output", os.path.join(workspace, "direct.sarif")]
                                + env["ARGS"].split() + [p for p in env["PATHS"].splitlines() if p], cwd=workspace, capture_output=True).returncode
        check(status == 0 and outputs.get("exit-code") == str(direct),
              "%s: the check step with paths=%r args=%r reports exit-code %s, as tsimport exits (%d)" % (where, env["PATHS"], env["ARGS"], outputs.get("exit-code"), direct))
        try:
            report = json.load(open(sarif))
            check(report["version"] == "2.1.0" and report["runs"][0]["tool"]["driver"]["name"] == "tsimport"
                  and len(report["runs"][0]["results"]) > 0, "%s: it wrote a SARIF 2.1.0 report with results" % where)
        except (OSError, ValueError, KeyError, IndexError) as e:
            check(False, "%s: no SARIF report: %s %s" % (where, e, output))
            continue
        v = subprocess.run(["sh", os.path.join(src, "tests/validate_sarif.sh"), sarif], capture_output=True, text=True)
        if v.returncode == 77 and os.environ.get("CI") != "true":
            print("skipped: the SARIF validator is not installed")
        else:
            check(v.returncode == 0, "%s: the SARIF is valid against the 2.1.0 schema %s" % (where, v.stdout[-300:]))
finally:
    shutil.rmtree(workspace)
check({"ubuntu-latest", "windows-latest"} <= runners, "the examples run the action on ubuntu-latest and windows-latest: %s" % sorted(runners))

# What the action fetches is what the packaging makes: the Windows zip's name and folder, the .deb.
fetch = step["Fetch tsimport (Windows)"]["run"]
windows_zip = open(os.path.join(src, "packaging/windows/CMakeLists.txt")).read()
check('$name = "tsimport-$number-windows-x64"' in fetch and "Join-Path $env:RUNNER_TEMP $name" in fetch
      and "set(CPACK_PACKAGE_FILE_NAME tsimport-${PROJECT_VERSION}-windows-x64)" in windows_zip
      and "set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)" in windows_zip,
      "the Windows fetch downloads and puts on PATH the zip and folder packaging/windows makes")
check("tsimport_${VERSION#v}_amd64.deb" in step["Fetch tsimport (Debian)"]["run"]
      and "set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)" in open(os.path.join(src, "cmake/packaging.cmake")).read(),
      "the Debian fetch downloads the .deb cpack names (tsimport_VERSION_amd64.deb)")

# docs/ci.md's table of inputs is action.yml's.
ci = open(os.path.join(src, "docs/ci.md")).read()
table = ci[ci.index("<!-- action-inputs:"):]
rows = re.findall(r"^\| `([a-z-]+)` \|\s*`?([^`|]*?)`?\s*\|", table.split("\n\n")[0], re.M)
check({name: default.strip() for name, default in rows} == {name: str(i.get("default", "")) for name, i in inputs.items()},
      "docs/ci.md's table of inputs and defaults is action.yml's: %s" % rows)

# The version pinned by the pre-commit examples, and the changelog.
pins = re.findall(r"rev: (v[0-9.]+)", ci) + re.findall(r"rev: (v[0-9.]+)", open(os.path.join(src, ".pre-commit-hooks.yaml")).read())
check(len(pins) == 2 and set(pins) == {tag}, "the pre-commit examples pin %s: %s" % (tag, pins))
check(re.search(r"^## \[%s\] - \d{4}-\d\d-\d\d$" % re.escape(version), open(os.path.join(src, "CHANGELOG.md")).read(), re.M) is not None,
      "CHANGELOG.md has an entry for %s" % version)

if failures:
    print("%d failed" % len(failures))
    sys.exit(1)
print("all passed")
