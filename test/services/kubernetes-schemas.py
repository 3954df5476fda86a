"""Lays out kubernetes-validate's bundled schemas the way kubeconform reads them.

kubernetes-validate's files carry `$id: https://kubernetes.io/api/...` and refer to
`/api/_definitions.json`, which kubeconform (offline) would try to fetch from the web.
This copies one Kubernetes version's strict schemas, dropping `$id` and making the
refs relative, so kubeconform resolves `_definitions.json` next to each file.

usage: python kubernetes-schemas.py SOURCE_DIR TARGET_DIR
"""

import json
import os
import sys

PREFIX = "/api/_definitions.json#"


def rewrite(node):
    if isinstance(node, dict):
        node.pop("$id", None)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            node["$ref"] = "_definitions.json#" + ref[len(PREFIX):]
        for value in node.values():
            rewrite(value)
    elif isinstance(node, list):
        for value in node:
            rewrite(value)


def main(source, target):
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(source, name)) as f:
            schema = json.load(f)
        rewrite(schema)
        with open(os.path.join(target, name), "w") as f:
            json.dump(schema, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
