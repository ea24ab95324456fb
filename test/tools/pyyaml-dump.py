# Prints each YAML file as PyYAML reads it (the loader behind cfn-lint and the SAM CLI), one JSON line
# per file, short-form intrinsics in long form; dates and other non-JSON values as strings.
import json, math, sys, yaml

class Loader(yaml.SafeLoader):
    pass

def construct_tag(loader, suffix, node):
    name = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}

Loader.add_multi_constructor("!", construct_tag)

def clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v).replace("inf", "Infinity")
    if isinstance(v, dict):
        return {str(k) if not isinstance(k, str) else k: clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)

for f in sys.argv[1:]:
    try:
        with open(f, encoding="utf-8") as fh:
            value = yaml.load(fh, Loader=Loader)
        print(json.dumps({"file": f, "ok": True, "value": clean(value)}))
    except Exception as e:
        print(json.dumps({"file": f, "ok": False, "error": str(e).splitlines()[0]}))
