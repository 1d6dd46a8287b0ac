#!/usr/bin/env python3
"""`appflow-profile import --format terraform` read back by an independent HCL parser.

python-hcl2 (PyPI, pip-installed under the target directory like the other CI tools) parses the
configuration written for each DescribeConnectorProfiles fixture; this script decodes its quoted
strings by the HCL specification (escapes, `$${` and `%%{`) and checks, per profile of the
response:

- an `import` block whose `to` is the resource's address and whose `id` is the profile's ARN;
- an `aws_appflow_connector_profile` resource with the profile's name, type, mode and label;
- every value of the response's connector properties among the resource's
  `connector_profile_properties` values (same type, same count), except the members the command's
  standard error names as inexpressible;
- every `var.` reference declared by a `variable` block of type string, and every variable used.

Run by .ci/run after the tests. Exit status 0 when every check holds, 1 otherwise.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HCL2_VERSION = "8.1.4"
FIXTURES = [
    "describe-connector-profiles.json",
    "describe-cli-v2.json",
    "describe-partial.json",
    "describe-terraform.json",
]
RESOURCE = "aws_appflow_connector_profile"


def target_dir():
    out = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return Path(json.loads(out)["target_directory"])


def install_hcl2(tools):
    home = tools / f"python-hcl2-{HCL2_VERSION}"
    if not (home / "hcl2").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--target", str(home), f"python-hcl2=={HCL2_VERSION}"],
            check=True,
        )
    return home


ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def decode(value):
    """A python-hcl2 value as the JSON value it writes: quoted strings unquoted and unescaped."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        text, out, i = value[1:-1], [], 0
        while i < len(text):
            c = text[i]
            if c == "\\":
                n = text[i + 1]
                if n == "u":
                    out.append(chr(int(text[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                out.append(ESCAPES[n])
                i += 2
                continue
            if c in "$%" and text[i + 1 : i + 3] == c + "{":
                out.append(c + "{")
                i += 3
                continue
            if c in "$%" and text[i + 1 : i + 2] == "{":
                raise ValueError(f"a template sequence in a literal: {value}")
            out.append(c)
            i += 1
        return "".join(out)
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {decode(k): decode(v) for k, v in value.items() if not k.startswith("__")}
    return value


def leaves(value, out):
    """Every scalar under a value: list items and map values included."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not k.startswith("__"):
                leaves(v, out)
    elif isinstance(value, list):
        for v in value:
            leaves(v, out)
    else:
        out.append((type(value).__name__, value))
    return out


def drop(value, path):
    """The value without the member at `path` (member names)."""
    if not path or not isinstance(value, dict):
        return value
    head, rest = path[0], path[1:]
    out = dict(value)
    if head in out:
        if rest:
            out[head] = drop(out[head], rest)
        else:
            del out[head]
    return out


def check(binary, fixture, hcl2, edit=lambda text: text):
    problems = []
    path = ROOT / "cli" / "tests" / "fixtures" / fixture
    run = subprocess.run([binary, "import", "--format", "terraform", str(path)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        return [f"{fixture}: exit {run.returncode}: {run.stderr}"]
    try:
        parsed = hcl2.loads(edit(run.stdout))
    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
        return [f"{fixture}: python-hcl2 cannot parse the output: {e}"]
    response = json.loads(path.read_text())
    # Members the command says the provider cannot express (left out of the output).
    left_out = re.findall(r"connectorProfileConfig\.connectorProfileProperties\.(\S+) is in the response", run.stderr)
    imports = {}
    for block in parsed.get("import", []):
        imports[block["to"]] = decode(block["id"])
    resources = {}
    for block in parsed.get("resource", []):
        for type_name, named in block.items():
            for name, body in named.items():
                resources[(decode(type_name), decode(name))] = body
    variables = {}
    for block in parsed.get("variable", []):
        for name, body in block.items():
            variables[decode(name)] = body
    used = set(re.findall(r"\$\{var\.([A-Za-z0-9_-]+)\}", json.dumps(parsed)))
    by_name = {decode(body["name"]): (key, body) for key, body in resources.items() if key[0] == RESOURCE}
    for profile in response["connectorProfileDetails"]:
        name = profile["connectorProfileName"]
        if name not in by_name:
            problems.append(f"{fixture}: no {RESOURCE} named {name!r}")
            continue
        (_, label), body = by_name[name]
        address = f"${{{RESOURCE}.{label}}}"
        if imports.get(address) != profile["connectorProfileArn"]:
            problems.append(f"{fixture}: {name}: import block {imports.get(address)!r}, expected the ARN")
        for attribute, member in [("connector_type", "connectorType"), ("connection_mode", "connectionMode"), ("connector_label", "connectorLabel")]:
            if decode(body.get(attribute)) != profile.get(member):
                problems.append(f"{fixture}: {name}: {attribute} = {body.get(attribute)!r}, the response has {profile.get(member)!r}")
        properties = profile.get("connectorProfileProperties", {})
        for member in left_out:
            properties = drop(properties, member.split("."))
        config = body["connector_profile_config"][0]
        written = decode(config.get("connector_profile_properties", [{}]))
        expected, got = Counter(leaves(properties, [])), Counter(leaves(written, []))
        if expected != got:
            problems.append(f"{fixture}: {name}: properties differ: missing {expected - got}, extra {got - expected}")
    for variable in used:
        body = variables.get(variable)
        if body is None:
            problems.append(f"{fixture}: var.{variable} is not declared")
        elif body.get("type") != "string":
            problems.append(f"{fixture}: variable {variable} has type {body.get('type')!r}")
    for variable in variables:
        if variable not in used:
            problems.append(f"{fixture}: variable {variable} is declared but not used")
    if not any(body.get("sensitive") is True for body in variables.values()) and variables:
        problems.append(f"{fixture}: no variable is sensitive")
    return problems


def checked(binary, fixture, hcl2, edit=lambda text: text):
    try:
        return check(binary, fixture, hcl2, edit)
    except (ValueError, KeyError, IndexError, TypeError) as e:
        return [f"{fixture}: the output does not read back: {e!r}"]


def main():
    target = target_dir()
    home = install_hcl2(target / "ci-tools")
    sys.path.insert(0, str(home))
    import hcl2

    subprocess.run(["cargo", "build", "--quiet", "-p", "appflow-profile-cli"], cwd=ROOT, check=True)
    binary = target / "debug" / "appflow-profile"
    problems = []
    for fixture in FIXTURES:
        problems += checked(binary, fixture, hcl2)
    # The checks can fail: a value, an import id and an escape changed after writing are found.
    for fixture, old, new in [
        (FIXTURES[0], '"COMPUTE_WH"', '"OTHER_WH"'),
        (FIXTURES[0], 'connectorprofile/datadog-eu"', 'connectorprofile/datadog"'),
        (FIXTURES[3], "$${date}", "$${data}"),
    ]:
        if not checked(binary, fixture, hcl2, lambda text: text.replace(old, new)):
            problems.append(f"self-check: {fixture} with {old} changed to {new} passes")
    for problem in problems:
        print(problem)
    print(f"{len(FIXTURES)} fixture(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
