"""OSV evaluation with Python's `packaging`, the reference secgate's matcher is checked against.

Reads {"records": {id: record}, "cases": [[id, name, version], ...]} as JSON on stdin and
prints a JSON list of booleans, one per case: does the record affect that PyPI package version?
Same rules as src/deps/osv/match.ts: listed versions by Version equality, ECOSYSTEM ranges with
sorted events, an unreadable `introduced` counts as "0", other unreadable bounds are dropped.
"""
import functools
import json
import re
import sys

from packaging.version import InvalidVersion, Version


# Each string is parsed once: the cases ask about the same bounds and listed versions over and over
# (uncached, the run takes minutes).
@functools.lru_cache(maxsize=None)
def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


@functools.lru_cache(maxsize=None)
def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


# Keyed by the identity of the events list, which lives as long as the input.
_sorted = {}


def in_range(version, events):
    key = id(events)
    if key not in _sorted:
        _sorted[key] = sorted_events(events)
    usable = _sorted[key]
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


def sorted_events(events):
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
    return usable


_listed = {}


def listed_set(entry):
    """The entry's listed versions as a set: Version hashes and compares by its PEP 440 key (1.0 == 1.0.0)."""
    key = id(entry)
    if key not in _listed:
        _listed[key] = {v for v in (parse(listed) for listed in entry.get("versions", [])) if v is not None}
    return _listed[key]


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
        if version in listed_set(entry):
            return True
        for rng in entry.get("ranges", []):
            if rng.get("type") == "ECOSYSTEM" and in_range(version, rng.get("events", [])):
                return True
    return False


data = json.load(sys.stdin)
records = data["records"]
json.dump([affects(records[rid], name, version) for rid, name, version in data["cases"]], sys.stdout)
