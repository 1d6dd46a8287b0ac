#!/usr/bin/env python3
"""The command's Terraform reader cross-checked against an independent HCL parser (issue 26).

python-hcl2 (PyPI, pip-installed under the target directory like the other CI tools) parses every
`.tf` fixture of `cli/tests/fixtures/terraform/`; `cargo run --example terraform_literals` (`cli/tests/tools/`) prints
what the command's reader (hcl-edit) reads from the same files. For each attribute whose value
holds no expression (`${…}`, a reference, a call, …), the two must read the same value at the same
place (block types, labels and attribute names from the file's top): the same multiset of
(place, value) pairs per file. Heredocs are compared after python-hcl2's `<<EOT` framing is
taken off. Files python-hcl2 refuses are listed and must be the ones the reader refuses too.

Run by .ci/run after the tests. Exit status 0 when every file agrees, 1 otherwise.
"""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HCL2_VERSION = "8.1.4"
FIXTURES = ROOT / "cli" / "tests" / "fixtures" / "terraform"
# Files the reader refuses as Terraform does, which python-hcl2 reads.
REFUSED_AS_TERRAFORM_DOES = {
    "checks/duplicate-attribute.tf": "an attribute given twice (Terraform: \"Attribute redefined\")",
}

ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class Expression(Exception):
    """A value holding an expression: not a literal."""


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


def unquote(text):
    """A quoted HCL string's value; an expression or template raises `Expression`."""
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise Expression(text)
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n in "uU":
                width = 4 if n == "u" else 8
                out.append(chr(int(body[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            out.append(ESCAPES[n])
            i += 2
            continue
        if c in "$%" and body[i + 1 : i + 3] == c + "{":
            out.append(c + "{")
            i += 3
            continue
        if c in "$%" and body[i + 1 : i + 2] == "{":
            raise Expression(text)
        out.append(c)
        i += 1
    return "".join(out)


def heredoc(text):
    """A heredoc's value: python-hcl2 keeps the `<<EOT` / `<<-EOT` framing (quoted), and the
    closing delimiter's indentation."""
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    first, _, rest = text.partition("\n")
    delimiter = first.lstrip("<-").strip()
    content = rest[: rest.rstrip().rfind(delimiter)] if delimiter else rest
    content = content[: content.rfind("\n") + 1]
    if first.startswith("<<-"):
        lines = content.split("\n")
        indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
        strip = min(indents) if indents else 0
        content = "\n".join(l[strip:] for l in lines)
    if "${" in content.replace("$${", "") or "%{" in content.replace("%%{", ""):
        raise Expression(text)
    return content.replace("$${", "${").replace("%%{", "%{")


def literal(value):
    if isinstance(value, str):
        if value.startswith("<<") or value.startswith('"<<'):
            return heredoc(value)
        return unquote(value)
    if isinstance(value, list):
        return [literal(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k.startswith("__"):
                continue
            key = unquote(k) if k.startswith('"') else k
            out[key] = literal(v)
        return out
    return value


def pairs(body, path, out):
    """(place, value) for every literal attribute of a python-hcl2 body."""
    for name, value in body.items():
        if name.startswith("__"):
            continue
        blocks = isinstance(value, list) and value and all(
            isinstance(v, dict) and v.get("__is_block__") for v in value
        )
        if blocks or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and labelled(value)):
            for block in value:
                walk_block(block, path + [name], out)
            continue
        try:
            out.append((json.dumps(path + [name]), json.dumps(literal(value), sort_keys=True)))
        except Expression:
            pass


def labelled(blocks):
    """A list of labelled blocks (`resource "t" "n" {…}`): dicts keyed by a quoted label."""
    return all(len(b) == 1 and next(iter(b)).startswith('"') for b in blocks)


def walk_block(block, path, out):
    keys = [k for k in block if not k.startswith("__")]
    if not block.get("__is_block__") and len(keys) == 1 and keys[0].startswith('"'):
        label = keys[0]
        walk_block(block[label], path + [unquote(label)], out)
        return
    pairs(block, path, out)


def ours(binary_args, files):
    out = subprocess.run(binary_args + [str(f) for f in files], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    tools = target_dir() / "ci-tools"
    sys.path.insert(0, str(install_hcl2(tools)))
    import hcl2  # noqa: E402

    files = sorted(FIXTURES.rglob("*.tf"))
    read = ours(["cargo", "run", "--quiet", "-p", "appflow-profile-cli", "--example", "terraform_literals", "--"], files)
    failures = 0
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        mine = read[str(path)]
        try:
            theirs_body = hcl2.loads(text)
        except Exception as error:  # python-hcl2 raises its parser's exceptions
            if isinstance(mine, dict) and "error" in mine:
                continue
            print(f"{path.relative_to(ROOT)}: python-hcl2 refuses it ({error}), the reader does not")
            failures += 1
            continue
        relative = str(path.relative_to(FIXTURES))
        if isinstance(mine, dict) and relative in REFUSED_AS_TERRAFORM_DOES:
            continue
        if isinstance(mine, dict):
            print(f"{path.relative_to(ROOT)}: the reader refuses it ({mine['error']}), python-hcl2 does not")
            failures += 1
            continue
        theirs = []
        pairs(theirs_body, [], theirs)
        ours_pairs = [(json.dumps(p), json.dumps(v, sort_keys=True)) for p, v in mine]
        a, b = Counter(ours_pairs), Counter(theirs)
        compared += sum(b.values())
        if a != b:
            failures += 1
            print(f"{path.relative_to(ROOT)}: the readers disagree")
            for item in sorted((a - b).elements()):
                print(f"  only the command's reader: {item}")
            for item in sorted((b - a).elements()):
                print(f"  only python-hcl2: {item}")
    print(f"{len(files)} files, {compared} literal values compared, {failures} disagreeing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
