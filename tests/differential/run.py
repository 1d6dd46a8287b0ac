#!/usr/bin/env python3
"""Differential check of `appflow-profile validate` against cfn-lint 1.58.0 (issue 22).

Re-run (one command, from anywhere in the checkout; `.ci/run` runs it):

    python3 tests/differential/run.py            # build the CLI, install cfn-lint once, compare
    python3 tests/differential/run.py --count 600 --seed 7   # a smaller or another corpus

It draws `--count` AWS::AppFlow::ConnectorProfile resources with a fixed seed: a realistic
profile of each of the 18 connectors (`tests/fixtures/connectors/cfn/*.json`, round robin) with
one to three mutations, each aimed by the vendored CloudFormation schema at a member it allows
(a wrong JSON type, a scalar CloudFormation converts, a value outside a pattern, a format, an enum,
a length or a range, a non-integer number, a missing required member, an unknown key, a null, a
duplicate `ConnectorProfileName`, another connector's type). The resources are judged in
templates of `--batch` resources by cfn-lint 1.58.0 (installed with pip into the target
directory, cached like `.ci/run`'s other tools) and by `appflow-profile validate --format json`,
and compared per resource on one question: does it have an error?

- Both or neither: agreement.
- cfn-lint has an error and we have none: a miss. A miss fails the run unless the resource falls
  in a class of `allowlist.toml` marked `pending` (work another branch is doing).
- We have an error and cfn-lint none: we are stricter. Every one of our errors in the resource
  must fall in a class of `allowlist.toml` (defined there by finding codes, cfn-lint rule ids and
  the value at the finding); one that falls in none fails the run.
- Member by member, in every resource: each cfn-lint error has one of ours at its member (or
  above or below it), unless a `member` class of `allowlist.toml` says why not; a resource can
  agree on "has an error" while a member's error is missed.

`--strict` also fails on the classes marked `pending`; `--binary PATH` judges another build (the
figures before a change: build the old commit and pass its binary). Needs Python 3.11 (tomllib).

Prints a table (counts per class) and writes every resource's verdict to
`<target>/differential/verdicts.json`. Exit status: 0 agreed or explained, 1 a miss or an
unexplained disagreement, 2 the tools could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas/cloudformation/aws-appflow-connectorprofile.json"
FIXTURES = ROOT / "tests/fixtures/connectors/cfn"
ALLOWLIST = Path(__file__).with_name("allowlist.toml")
RULES = ROOT / "schemas/rules.toml"
CFN_LINT_VERSION = "1.58.0"
TYPE_NAME = "AWS::AppFlow::ConnectorProfile"

# ---------------------------------------------------------------------------------------------
# The schema


def load_schema():
    schema = json.loads(SCHEMA.read_text())
    definitions = schema["definitions"]

    def resolve(node):
        while "$ref" in node:
            node = {**definitions[node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    return schema, resolve


def sites(value, node, resolve, path, read_only, out):
    """Every member of `value` with its subschema: (path, schema, parent schema)."""
    node = resolve(node)
    if isinstance(value, dict) and node.get("type") == "object":
        out.append((path, node, "object"))
        for key, child in value.items():
            sub = node.get("properties", {}).get(key)
            if sub is None or (not path and "/properties/" + key in read_only):
                continue
            sites(child, sub, resolve, path + [key], read_only, out)
    elif isinstance(value, list) and node.get("type") == "array":
        out.append((path, node, "array"))
        for i, item in enumerate(value):
            sites(item, node.get("items", {}), resolve, path + [i], read_only, out)
    else:
        out.append((path, node, "scalar"))


def get(doc, path):
    for token in path:
        doc = doc[token]
    return doc


def put(doc, path, value):
    get(doc, path[:-1])[path[-1]] = value


# ---------------------------------------------------------------------------------------------
# Mutations: each returns a label, or None when it does not apply to the site.

BAD_FORMATS = {
    "AWS::S3::Bucket.Name": ["My_AppFlow_Bucket", "appflow..bucket", "appflow-bucket.", "-appflow", "appflow.-x", "Appflow"],
    "AWS::IAM::Role.Arn": [
        "arn:aws:iam:us-east-1:123456789012:role/AppFlow",
        "arn:aws:iam::123456789012:user/AppFlow",
        "arn:aws:iam::12345678901:role/AppFlow",
    ],
    "AWS::KMS::Key.Arn": [
        "arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:12345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:keys/1234abcd-12ab-34cd-56ef-1234567890ab",
    ],
}

# Values ECMA-262 and Python's `regex` read differently: U+FEFF is white space to ECMA's `\s`
# (so not `\S`) and not to Python's; `é` and Arabic-Indic digits are `\w`/`\d` to Python only.
ECMA_PROBES = ["\ufeff", "\ufeff\ufeff\ufeff", "été", "١٢٣"]


def mutate(doc, site, rng, regex):
    path, node, kind = site
    ty = node.get("type")
    value = get(doc, path) if path else doc
    choices = []
    if kind == "scalar" and path:
        choices.append("null")
        if ty == "string":
            choices += ["wrong-type", "number-for-string"]
            if "pattern" in node:
                choices += ["bad-pattern", "ecma-pattern"]
            if "format" in node:
                choices += ["bad-format"] * 3
            if "enum" in node:
                choices += ["bad-enum"] * 2
            if "maxLength" in node:
                choices.append("too-long")
            if node.get("minLength", 0) > 0:
                choices.append("too-short")
        elif ty == "integer":
            choices += ["wrong-type", "string-for-integer", "out-of-range", "non-integer"]
        elif ty == "boolean":
            choices += ["wrong-type", "string-for-boolean", "bad-boolean"]
    elif kind == "object":
        if node.get("additionalProperties") is False:
            choices.append("unknown-key")
        present_required = [r for r in node.get("required", []) if r in value]
        if present_required:
            choices += ["missing-required"] * 2
        if path:
            choices.append("object-as-string")
    if not choices:
        return None
    label = rng.choice(choices)
    if label == "null":
        put(doc, path, None)
    elif label == "wrong-type":
        put(doc, path, rng.choice([{"Value": "x"}, ["x"]]))
    elif label == "number-for-string":
        candidate = rng.choice([20240101, 443, 1])
        text = str(candidate)
        if not fits_string(text, node, regex):
            return None
        put(doc, path, candidate)
    elif label == "bad-pattern":
        bad = [v for v in [" ", "  ", "\t", "#", "-", "x"] if not regex.search(node["pattern"], v) and fits_length(v, node)]
        if not bad:
            return None
        put(doc, path, rng.choice(bad))
    elif label == "ecma-pattern":
        probes = [v for v in ECMA_PROBES if regex.search(node["pattern"], v) and fits_length(v, node)]
        if not probes or "enum" in node:
            return None
        put(doc, path, rng.choice(probes))
    elif label == "bad-format":
        put(doc, path, rng.choice(BAD_FORMATS[node["format"]]))
    elif label == "bad-enum":
        put(doc, path, rng.choice([str(value).lower(), str(value).upper() + "X", "Nope"]))
    elif label == "too-long":
        put(doc, path, "x" * (node["maxLength"] + 1 + rng.randrange(3)))
    elif label == "too-short":
        put(doc, path, "x" * (node["minLength"] - 1))
    elif label == "string-for-integer":
        put(doc, path, str(value))
    elif label == "out-of-range":
        low, high = node.get("minimum"), node.get("maximum")
        options = ([low - 1] if low is not None else []) + ([high + 1] if high is not None else [])
        if not options:
            return None
        put(doc, path, rng.choice(options))
    elif label == "non-integer":
        put(doc, path, (value if isinstance(value, int) else 1) + 0.5)
    elif label == "string-for-boolean":
        put(doc, path, rng.choice(["true", "false", "True", "False"]))
    elif label == "bad-boolean":
        put(doc, path, rng.choice(["yes", "no", "1"]))
    elif label == "unknown-key":
        get(doc, path)["Bogus" + str(rng.randrange(100))] = "x"
    elif label == "missing-required":
        del get(doc, path)[rng.choice(present_required)]
    elif label == "object-as-string":
        put(doc, path, "x")
    return label


def fits_length(text, node):
    n = len(text)
    return node.get("minLength", 0) <= n <= node.get("maxLength", 10**9)


def fits_string(text, node, regex):
    if "enum" in node and text not in node["enum"]:
        return False
    if "pattern" in node and not regex.search(node["pattern"], text):
        return False
    return fits_length(text, node)


def draw(count, seed, regex):
    schema, resolve = load_schema()
    read_only = set(schema.get("readOnlyProperties", []))
    root = {"type": "object", "properties": schema["properties"], "required": schema["required"], "additionalProperties": schema.get("additionalProperties", False)}
    bases = sorted(FIXTURES.glob("*.json"))
    types = [json.loads(p.read_text())["ConnectorType"] for p in bases]
    rng = random.Random(seed)
    resources = []
    for i in range(count):
        base = bases[i % len(bases)]
        doc = json.loads(base.read_text())
        doc["ConnectorProfileName"] = f"{doc['ConnectorProfileName']}-{i}"
        labels = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            if rng.random() < 0.04:
                other = rng.choice([t for t in types if t != doc.get("ConnectorType")] or ["Salesforce"])
                if isinstance(doc, dict) and "ConnectorType" in doc:
                    doc["ConnectorType"] = other
                    labels.append("other-connector-type")
                continue
            found = []
            sites(doc, root, resolve, [], read_only, found)
            for _attempt in range(8):
                site = rng.choice(found)
                try:
                    label = mutate(doc, site, rng, regex)
                except (KeyError, TypeError, IndexError):
                    label = None
                if label:
                    labels.append(label)
                    break
        resources.append({"id": f"R{i}", "base": base.name, "labels": labels, "properties": doc})
    # Duplicate names: one resource in 40 takes the name of the one before it (both are marked).
    for i in range(1, count, 40):
        a, b = resources[i - 1], resources[i]
        name = a["properties"].get("ConnectorProfileName")
        if isinstance(name, str) and isinstance(b["properties"].get("ConnectorProfileName"), str):
            b["properties"]["ConnectorProfileName"] = name
            a["labels"].append("duplicate-name")
            b["labels"].append("duplicate-name")
    return resources


# ---------------------------------------------------------------------------------------------
# The judges


def target_dir():
    out = subprocess.run(["cargo", "metadata", "--no-deps", "--format-version", "1"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return Path(json.loads(out)["target_directory"])


def install_cfn_lint(tools):
    home = tools / f"cfn-lint-{CFN_LINT_VERSION}"
    if not (home / "cfnlint").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", str(home), f"cfn-lint=={CFN_LINT_VERSION}"],
            check=True,
        )
    return home


def templates(resources, batch):
    for start in range(0, len(resources), batch):
        chunk = resources[start : start + batch]
        yield chunk, {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {r["id"]: {"Type": TYPE_NAME, "Properties": r["properties"]} for r in chunk},
        }


def run_cfn_lint(home, files):
    """{resource id: [(rule id, pointer under the resource)] of errors}: one cfn-lint run over
    every template (its start-up is most of its cost)."""
    env = {**os.environ, "PYTHONPATH": str(home)}
    command = [sys.executable, str(home / "bin" / "cfn-lint"), "--format", "json", *map(str, files)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    try:
        matches = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stderr)
        raise SystemExit(2)
    errors = {}
    for m in matches:
        if m["Level"] != "Error":
            continue
        rule, path = m["Rule"]["Id"], [str(p) for p in m["Location"]["Path"]]
        key = (Path(m["Filename"]).name, path[1]) if len(path) >= 2 and path[0] == "Resources" else (Path(m["Filename"]).name, "(template)")
        errors.setdefault(key[1], []).append((rule, "/" + "/".join(path[2:])))
    return errors


def run_ours(binary, files):
    """{resource id: [(code, pointer under the resource, message)] of errors}."""
    result = subprocess.run([str(binary), "validate", "--format", "json", "--fail-on", "none", "--kind", "cfn-template", *map(str, files)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(2)
    errors = {}
    for f in json.loads(result.stdout):
        if f["severity"] != "error":
            continue
        parts = f["path"].split("/")
        resource = parts[2] if len(parts) > 2 and parts[1] == "Resources" else f.get("resource") or "(template)"
        errors.setdefault(resource, []).append((f["code"], "/" + "/".join(parts[3:]), f["message"]))
    return errors


# ---------------------------------------------------------------------------------------------
# Classes


MISSING = object()


def value_at(properties, pointer):
    """The value at our finding's pointer (`/Properties/...`), or MISSING."""
    node = {"Properties": properties}
    for token in pointer.strip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return MISSING
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, dict) and unmask(token, node) is not None:
            node = node[unmask(token, node)]
        else:
            return MISSING
    return node


def unmask(token, node):
    """The key a masked pointer token stands for: inside credentials objects we show a key as its
    first characters and its length (`Au…(8 chars)`); the one key of `node` that fits, if any."""
    if "\u2026(" not in token or not token.endswith(" chars)"):
        return None
    prefix, rest = token.split("\u2026(", 1)
    length = rest.removesuffix(" chars)")
    if not length.isdigit():
        return None
    keys = [k for k in node if k.startswith(prefix) and len(k) == int(length)]
    return keys[0] if len(keys) == 1 else None


def our_class(finding, resource, stricter, rule_ids, regex):
    """The allow-list class of one of our errors in a resource cfn-lint finds none in, or None."""
    code, pointer, message = finding
    value = value_at(resource["properties"], pointer)
    for name, cls in stricter.items():
        codes = cls["codes"]
        if code not in codes and not ("rules" in codes and code in rule_ids):
            continue
        when = cls["when"]
        if when == "any":
            return name
        if when == "api-constraint" and "(as the AppFlow API requires of" in message:
            return name
        if when == "python-regex-accepts" and isinstance(value, str) and "pattern `" in message:
            pattern = message.split("pattern `", 1)[1].rsplit("`", 1)[0]
            if regex.search(pattern, value):
                return name
        if when == "fraction" and isinstance(value, float) and not value.is_integer():
            return name
        if when == "null" and value is None:
            return name
    return None


def covers(ours, theirs):
    """Whether our finding at pointer `ours` speaks of cfn-lint's member `theirs`."""
    if ours == theirs or ours.startswith(theirs + "/") or theirs.startswith(ours + "/"):
        return True
    if "\u2026" in ours:  # a key shown masked (`B…(7 chars)`): compare up to the mask
        return theirs.startswith(ours.split("\u2026", 1)[0])
    return False


def member_class(rule, mine, allow):
    """Why a cfn-lint error has none of ours at its member: a `member` class of the allow-list
    whose rule ids include it and whose condition holds, or MISSED."""
    codes = {code for code, _, _ in mine}
    for name, cls in allow.items():
        if cls["direction"] != "member" or rule not in cls["cfn_lint"]:
            continue
        if cls.get("when") == "structural-error" and not codes & set(cls["codes"]):
            continue
        return "member: " + name
    return "MISSED at a member (cfn-lint " + rule + ")"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3600)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--strict", action="store_true", help="pending classes fail too")
    parser.add_argument("--binary", help="appflow-profile to judge with (default: cargo build it)")
    args = parser.parse_args()

    target = target_dir()
    tools = target / "ci-tools"
    home = install_cfn_lint(tools)
    sys.path.insert(0, str(home))
    import regex  # cfn-lint's own regex engine, installed with it

    if args.binary:
        binary = Path(args.binary)
    else:
        subprocess.run(["cargo", "build", "--quiet", "-p", "appflow-profile-cli"], cwd=ROOT, check=True)
        binary = target / "debug" / "appflow-profile"

    classes = tomllib.loads(ALLOWLIST.read_text())["class"]
    allow = {c["name"]: c for c in classes}
    if len(allow) != len(classes):
        sys.exit("allowlist.toml: two classes share a name")
    rule_ids = {r["id"] for r in tomllib.loads(RULES.read_text())["rule"]}

    resources = draw(args.count, args.seed, regex)
    work = target / "differential"
    work.mkdir(parents=True, exist_ok=True)
    files = []
    for n, (chunk, template) in enumerate(templates(resources, args.batch)):
        path = work / f"batch-{n:03}.json"
        path.write_text(json.dumps(template, indent=1, ensure_ascii=False))
        files.append(path)
    cfn = run_cfn_lint(home, files)
    ours = run_ours(binary, files)

    counts = {}
    member_counts = {}
    failures = []
    verdicts = []

    def count(key):
        counts[key] = counts.get(key, 0) + 1

    for resource in resources:
        rid = resource["id"]
        theirs, mine = cfn.get(rid, []), ours.get(rid, [])
        verdict = {"id": rid, "base": resource["base"], "labels": resource["labels"], "cfn_lint": theirs, "ours": mine}
        if bool(theirs) == bool(mine):
            verdict["class"] = "agree: both error" if theirs else "agree: both clean"
        elif theirs:
            pending = [
                name
                for name, cls in allow.items()
                if cls["direction"] == "missed" and {r for r, _ in theirs} <= set(cls["cfn_lint"])
            ]
            if pending and not (args.strict and allow[pending[0]].get("pending")):
                verdict["class"] = "missed: " + pending[0]
            else:
                verdict["class"] = "MISSED (cfn-lint errs, we do not)"
                failures.append(verdict)
        else:
            stricter = {name: cls for name, cls in allow.items() if cls["direction"] == "stricter"}
            classes = sorted({our_class(f, resource, stricter, rule_ids, regex) or "UNEXPLAINED" for f in mine})
            if "UNEXPLAINED" in classes or (args.strict and any(allow[c].get("pending") for c in classes)):
                failures.append(verdict)
            verdict["class"] = "stricter: " + " + ".join(classes)
        count(verdict["class"])
        # Member by member: each cfn-lint error has one of ours at its member, above or below
        # it (a masked key of a credentials object compared up to its mask), unless a class says
        # why not. A resource can agree on "has an error" while a member's error is missed.
        for rule, path in theirs:
            if any(covers(pointer, path) for _, pointer, _ in mine):
                continue
            cls = member_class(rule, mine, allow)
            member_counts[cls] = member_counts.get(cls, 0) + 1
            if cls.startswith("MISSED") or (args.strict and allow.get(cls.split(": ", 1)[-1], {}).get("pending")):
                failures.append({**verdict, "member": [rule, path]})
        verdicts.append(verdict)
    template_level = cfn.get("(template)", []) + ours.get("(template)", [])

    (work / "verdicts.json").write_text(json.dumps(verdicts, indent=1, ensure_ascii=False))
    width = max(len(k) for k in counts)
    print(f"differential: {len(resources)} resources (seed {args.seed}), cfn-lint {CFN_LINT_VERSION} against appflow-profile validate")
    for key in sorted(counts):
        pending = any(allow.get(part.strip(), {}).get("pending") for part in key.split(":", 1)[-1].split("+"))
        note = "  (pending: " + ", ".join(sorted({allow[p.strip()]["pending"] for p in key.split(":", 1)[-1].split("+") if allow.get(p.strip(), {}).get("pending")})) + ")" if pending else ""
        print(f"  {key:<{width}}  {counts[key]:>5}{note}")
    if member_counts:
        print("cfn-lint errors at a member where we report none, in resources both find in error:")
        width = max(len(k) for k in member_counts)
        for key in sorted(member_counts):
            print(f"  {key:<{width}}  {member_counts[key]:>5}")
    print(f"  verdicts: {work / 'verdicts.json'}")
    if template_level:
        print(f"template-level findings (not per resource): {template_level[:5]}")
        return 1
    if failures:
        print(f"{len(failures)} resource(s) disagree outside the allow-list (tests/differential/allowlist.toml); first:")
        for v in failures[:5]:
            print(json.dumps(v, ensure_ascii=False)[:1500])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
