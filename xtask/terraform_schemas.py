#!/usr/bin/env python3
"""Re-derive the providers' schemas in schemas/terraform.toml from the packages it pins.

`[aws]`: `@cdktn/provider-aws` (npm), file `lib/appflow-connector-profile/index.d.ts`: each
`export interface` is a block, each `readonly` member an argument whose Terraform name is the anchor
of its documentation link (optional when the member is `?`), a member typed by another interface a
nested block.

`[awscc]`: `cdktn-provider-awscc` (PyPI), file `.../appflow_connector_profile/__init__.py`: each
config class is an object, each keyword parameter of its `__init__` an attribute (its Terraform
name is the anchor of its documentation link, required when it has no default), a parameter typed
by another config class a nested object.

    python3 xtask/terraform_schemas.py [--aws FILE.tgz] [--awscc FILE.whl] [--print]

Without a file, fetches the pinned version with `npm pack` / `pip download` (network; about 150 MB,
so not part of CI). Checks the sha256 of each package file and of the file read, then that the
`[[aws.block]]` / `[[awscc.object]]` entries are exactly what the file says; `--print` writes the
entries it derives, as TOML, for an update. Exit status 0 agreed, 1 differs. Nothing is written: the
bindings' documentation comments name the registry's host, and the repository holds extracted
facts only.
"""

import argparse
import ast
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TERRAFORM_TOML = ROOT / "schemas" / "terraform.toml"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fetch(source, scratch):
    if source["registry"] == "npm":
        subprocess.run(
            ["npm", "pack", "--silent", f"{source['package']}@{source['version']}", "--pack-destination", str(scratch)],
            check=True, capture_output=True,
        )
        return next(Path(scratch).glob("*.tgz"))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(scratch), f"{source['package']}=={source['version']}"],
        check=True,
    )
    return next(Path(scratch).glob("*.whl"))


def member_of(archive, path):
    if archive.suffix == ".tgz":
        with tarfile.open(archive) as tar:
            return tar.extractfile(f"package/{path}").read()
    with zipfile.ZipFile(archive) as whl:
        return whl.read(path)


# ---------------------------------------------------------------------------------------------
# hashicorp/aws: TypeScript declarations

INTERFACE = re.compile(r"^export interface (\w+)(?: extends [\w.]+)? \{\n(.*?)^\}", re.M | re.S)
MEMBER = re.compile(r"readonly (\w+)(\??): (\{[^}]*\}|[^;{]*);", re.S)
ANCHOR = re.compile(r"#(\w+) AppflowConnectorProfile#\w+\}")


def ts_type(text):
    text = " ".join(text.split())
    if text == "string":
        return "string", None
    if text == "number":
        return "number", None
    if text == "boolean | cdktn.IResolvable":
        return "bool", None
    if text == "string[]":
        return "list(string)", None
    if text == "{ [key: string]: string; }":
        return "map(string)", None
    if re.fullmatch(r"AppflowConnectorProfile\w+", text):
        return "block", text
    raise SystemExit(f"unknown TypeScript type: {text}")


def derive_aws(text):
    interfaces = {m.group(1): m.group(2) for m in INTERFACE.finditer(text)}
    blocks = {}

    def walk(name, path, required):
        attributes, required_attributes = {}, []
        children = []
        body, start = interfaces[name], 0
        for m in MEMBER.finditer(body):
            # The Terraform name: the anchor of the last documentation link before the member.
            anchor = ANCHOR.findall(body[start : m.start()])[-1]
            start = m.end()
            optional, ty = m.group(2) == "?", m.group(3)
            kind, ref = ts_type(ty)
            if ref:
                children.append((anchor, ref, not optional))
            else:
                attributes[anchor] = kind
                if not optional:
                    required_attributes.append(anchor)
        blocks[path] = {"required": required, "attributes": attributes, "required_attributes": sorted(required_attributes)}
        for anchor, ref, req in children:
            walk(ref, f"{path}/{anchor}" if path else anchor, req)

    walk("AppflowConnectorProfileConfig", "", True)
    return blocks


# ---------------------------------------------------------------------------------------------
# hashicorp/awscc: Python bindings

META = {"connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioners"}


def py_type(annotation):
    s = ast.unparse(annotation)
    if s.startswith("typing.Optional["):
        s = s[len("typing.Optional["):-1]
    m = re.search(r"[\"'](AppflowConnectorProfile\w+)[\"']", s)
    if m:
        return "object", m.group(1)
    if s == "builtins.str":
        return "string", None
    if s == "jsii.Number" or s.startswith("typing.Union[jsii.Number"):
        return "number", None
    if "builtins.bool" in s:
        return "bool", None
    if s == "typing.Sequence[builtins.str]":
        return "list(string)", None
    if s == "typing.Mapping[builtins.str, builtins.str]":
        return "map(string)", None
    raise SystemExit(f"unknown Python annotation: {s}")


def derive_awscc(text):
    classes = {c.name: c for c in ast.parse(text).body if isinstance(c, ast.ClassDef)}
    objects = {}

    def walk(name, path, required):
        init = next(f for f in classes[name].body if isinstance(f, ast.FunctionDef) and f.name == "__init__")
        doc = ast.get_docstring(init) or ""
        anchors = dict(re.findall(r":param (\w+):.*?#(\w+) AppflowConnectorProfile#\w+\}", doc))
        attributes, required_attributes, children = {}, [], []
        for arg, default in zip(init.args.kwonlyargs, init.args.kw_defaults):
            if arg.arg in META:
                continue
            kind, ref = py_type(arg.annotation)
            anchor = anchors[arg.arg]
            if ref:
                children.append((anchor, ref, default is None))
            else:
                attributes[anchor] = kind
                if default is None:
                    required_attributes.append(anchor)
        objects[path] = {"required": required, "attributes": attributes, "required_attributes": sorted(required_attributes)}
        for anchor, ref, req in children:
            walk(ref, f"{path}/{anchor}" if path else anchor, req)

    walk("AppflowConnectorProfileConfig", "", True)
    return objects


# ---------------------------------------------------------------------------------------------


def recorded(entries):
    return {
        e["path"]: {
            "required": e.get("required", True) if e["path"] == "" else e.get("required", False),
            "attributes": dict(e.get("attributes", {})),
            "required_attributes": sorted(e.get("required_attributes", [])),
        }
        for e in entries
    }


def as_toml(table, key, derived):
    out = []
    for path, entry in derived.items():
        out.append(f"[[{table}.{key}]]")
        out.append(f'path = "{path}"')
        if path:
            out.append(f"required = {'true' if entry['required'] else 'false'}")
        if entry["attributes"]:
            items = ", ".join(f'{k} = "{v}"' for k, v in sorted(entry["attributes"].items()))
            out.append(f"attributes = {{ {items} }}")
            out.append("required_attributes = [" + ", ".join(f'"{a}"' for a in entry["required_attributes"]) + "]")
        out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aws", type=Path, help="the npm package file (.tgz)")
    parser.add_argument("--awscc", type=Path, help="the PyPI package file (.whl)")
    parser.add_argument("--print", action="store_true", help="print the derived entries as TOML")
    args = parser.parse_args()
    config = tomllib.loads(TERRAFORM_TOML.read_text())
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for table, key, given, derive in [("aws", "block", args.aws, derive_aws), ("awscc", "object", args.awscc, derive_awscc)]:
            source = config[table]["source"]
            archive = given or fetch(source, Path(scratch) / table)
            if "package_sha256" in source and sha256(archive.read_bytes()) != source["package_sha256"]:
                problems.append(f"[{table}] {archive.name}: sha256 differs from package_sha256")
            data = member_of(archive, source["path"])
            if sha256(data) != source["sha256"]:
                problems.append(f"[{table}] {source['path']}: sha256 {sha256(data)}, terraform.toml records {source['sha256']}")
            derived = derive(data.decode("utf-8"))
            if args.print:
                print(as_toml(table, key, derived))
            have = recorded(config[table][key])
            for path in sorted(set(derived) | set(have)):
                if derived.get(path) != have.get(path):
                    problems.append(f"[{table}] `{path}`: the package says {derived.get(path)}, terraform.toml {have.get(path)}")
            print(f"[{table}] {source['package']} {source['version']}: {len(derived)} {key}s, {sum(len(e['attributes']) for e in derived.values())} attributes")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
