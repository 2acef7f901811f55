"""OSV evaluation with Python's `packaging`, the reference secgate's matcher is checked against.

Reads {"records": {id: record}, "cases": [[id, name, version], ...]} as JSON on stdin and
prints a JSON list of booleans, one per case: does the record affect that PyPI package version?
Same rules as src/deps/osv/match.ts: listed versions by Version equality, ECOSYSTEM ranges with
sorted events, an unreadable `introduced` counts as "0", other unreadable bounds are dropped.
"""
import json
import re
import sys

from packaging.version import InvalidVersion, Version


def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def in_range(version, events):
    usable = []
    for event in events:
        if "introduced" in event:
            bound = event["introduced"]
            usable.append(("introduced", None if bound == "0" else parse(bound)))
        else:
            for kind in ("fixed", "last_affected", "limit"):
                if kind in event:
                    bound = parse(event[kind])
                    if bound is not None:
                        usable.append((kind, bound))
    usable.sort(key=lambda item: (0,) if item[1] is None else (1, item[1]))
    limits = [bound for kind, bound in usable if kind == "limit"]
    if limits and not any(version < bound for bound in limits):
        return False
    affected = False
    for kind, bound in usable:
        if kind == "introduced":
            if bound is None or version >= bound:
                affected = True
        elif kind == "fixed":
            if version >= bound:
                affected = False
        elif kind == "last_affected":
            if version > bound:
                affected = False
    return affected


def affects(record, name, text):
    if record.get("withdrawn"):
        return False
    version = parse(text)
    if version is None:
        return False
    for entry in record.get("affected", []):
        package = entry.get("package", {})
        if package.get("ecosystem") != "PyPI" or normalize(package.get("name", "")) != normalize(name):
            continue
        if any(parse(listed) == version for listed in entry.get("versions", [])):
            return True
        for rng in entry.get("ranges", []):
            if rng.get("type") == "ECOSYSTEM" and in_range(version, rng.get("events", [])):
                return True
    return False


data = json.load(sys.stdin)
records = data["records"]
json.dump([affects(records[rid], name, version) for rid, name, version in data["cases"]], sys.stdout)
