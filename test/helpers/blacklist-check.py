"""The worker's blacklist test (B001) against Bandit 1.6's own, on every node Bandit gives it.

    python blacklist-check.py <secgate's python/ folder> <number of files>
Two comparisons, on a sample of the standard library and a module of blacklisted calls (MODULE below):
- in one process, Bandit's manager with a blacklist test that runs both functions on each
  node's real Context and compares what they give: the issue (every attribute) or the error
  (type, message and the traceback below the test, line for line);
- forked as the worker does, Bandit's main() on the module and the first files of the sample,
  once as Bandit is and once after secgate_worker.accelerate(): the JSON reports (but their
  time stamp) and everything on stderr must be the same, and the accelerated blacklist must
  have been the one that ran.
Prints "same <files> <nodes> <calls> <issues> <errors> <fast runs> <accelerated>
<crafted checks that matched>" or the first difference (exit 1).
"""
import atexit, json, logging, os, shutil, sys, sysconfig, tempfile, traceback
sys.path.insert(0, sys.argv[1])
import secgate_worker
import bandit.cli.main
from bandit.core import blacklisting, config as b_config, manager as b_manager

# Blacklisted calls of every kind, names fnmatch could treat as patterns, and arguments
# that make Bandit 1.6's own test fail (an int, bytes, a list, no argument at all).
MODULE = '''import importlib
import pickle as p
import subprocess
import telnetlib, ftplib
from hashlib import md5
import xml.etree.cElementTree as ET
from urllib import request

p.loads(b"x")
pickle.load(f)
cPickle.loads(x)
marshal.loads(data)
subprocess.Popen("ls", shell=True)
subprocess.run(["ls"])
eval("1 + 1")
md5(b"x")
hashlib.sha1(b"x")
Crypto.Cipher.ARC4.new(key)
cryptography.hazmat.primitives.ciphers.modes.ECB()
tempfile.mktemp()
django.utils.safestring.mark_safe(x)
http.client.HTTPSConnection("h")
urllib.urlopen("http://x")
request.urlopen("http://x")
random.random()
telnetlib.Telnet("h")
ftplib.FTP("h")
ET.parse("f")
xml.sax.make_parser()
lxml.etree.fromstring(s)
input()
ssl._create_unverified_context()
os.tempnam()
__import__("pickle")
__import__("telnetlib")
__import__(name)
__import__()
importlib.import_module("telnetlib")
importlib.import_module("Crypto.Cipher")
importlib.import_module("subprocess")
importlib.__import__("ftplib")
importlib.import_module(mod.attr)
importlib.import_module(name)
importlib.import_module(None)
importlib.import_module(True)
importlib.import_module(...)
importlib.import_module(f"x{y}")
importlib.import_module("telnetlib.*")
importlib.import_module("*")
importlib.import_module("pickle.load[s]")
importlib.import_module("pickle.loads\\n")
importlib.import_module("")
importlib.import_module("t\\u00e9lnetlib")
importlib.import_module(3)
importlib.import_module(2.5)
importlib.import_module(b"telnetlib")
importlib.import_module(["telnetlib"])
importlib.import_module()
a[0]()
(lambda: 0)()
getattr(x, "loads")()
x.pickle.loads(y)
pickle.loads.x()
'''

# Bandit's own checks never match one name twice, so a second set, given to both functions on
# every node too: names matched by several checks (the first must win), prefixes of longer
# names (a pattern must match the whole name), wildcards and character sets, no qualnames.
CRAFTED = [
    {"id": "X01", "qualnames": [], "message": "never {name}"},
    {"id": "X02", "qualnames": ["subprocess", "pickle.load"], "message": "prefix {name}", "level": "LOW"},
    {"id": "X03", "qualnames": ["p?ckle.loads", "[st]*.Popen", "*.[!a-m]*"], "message": "wild {name}", "level": "HIGH"},
    {"id": "X04", "qualnames": ["subprocess.*", "importlib.*", "telnetlib*"], "message": "module {name}"},
    {"id": "X05", "qualnames": ["*"], "message": "any {name}"},
]
CRAFTED_CONFIG = {"Call": CRAFTED, "Import": CRAFTED, "ImportFrom": CRAFTED}


def outcome(function, context, config):
    """What a blacklist function gives on this node: the issue's attributes or the error, traceback included."""
    try:
        result = function(context, config)
    except Exception as error:  # noqa: B902 - compared, then raised again
        below = traceback.extract_tb(error.__traceback__)[1:]
        return ("error", type(error).__name__, str(error), "".join(traceback.format_list(below))), error
    if result is None:
        return None, None
    return ("issue", sorted((key, repr(value)) for key, value in vars(result).items())), result


def main():
    count = int(sys.argv[2])
    original = blacklisting.blacklist
    work = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, work, True)
    module = os.path.join(work, "blacklisted.py")
    with open(module, "w") as handle:
        handle.write(MODULE)
    root = sysconfig.get_paths()["stdlib"]
    names = sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                   if "site-packages" not in d and "dist-packages" not in d for f in fs if f.endswith(".py"))
    step = max(1, len(names) // count)
    sample = [module] + names[::step][:count]

    # Forked, as the worker runs a scan: Bandit as it is, then accelerated.
    forked = [module] + sample[1:11]
    plain = fork_scan(work, "plain", forked, accelerated=False)
    fast = fork_scan(work, "fast", forked, accelerated=True)
    for what in ("report", "stderr"):
        if plain[what] != fast[what]:
            print("DIFF forked %s:\n%s\n---\n%s" % (what, plain[what][:3000], fast[what][:3000]))
            sys.exit(1)
    if fast["runs"] == 0 or "blacklist" not in fast["accelerated"]:
        print("DIFF the accelerated blacklist did not run: %r" % (fast,))
        sys.exit(1)

    # In this process, node by node.
    accelerated = secgate_worker.accelerate()
    replacement = blacklisting.blacklist
    if replacement is original:
        print("DIFF not accelerated: %s" % ",".join(accelerated))
        sys.exit(1)
    seen = {"nodes": 0, "calls": 0, "issues": 0, "errors": 0, "crafted": set(), "diff": None}

    def blacklist(context, config):
        theirs, result = outcome(original, context, config)
        mine, _ = outcome(replacement, context, config)
        seen["nodes"] += 1
        if context.node.__class__.__name__ == "Call":
            seen["calls"] += 1
        crafted_theirs, crafted = outcome(original, context, CRAFTED_CONFIG)
        crafted_mine, _ = outcome(replacement, context, CRAFTED_CONFIG)
        if (theirs != mine or crafted_theirs != crafted_mine) and not seen["diff"]:
            # Kept, not raised: Bandit's tester would take an exception for the test's own error.
            seen["diff"] = "DIFF %s line %s:\n%r\n---\n%r\n(crafted checks)\n%r\n---\n%r" % (
                context._context.get("filename"), getattr(context.node, "lineno", "?"), theirs, mine, crafted_theirs,
                crafted_mine)
        if crafted is not None and not isinstance(crafted, Exception):
            seen["crafted"].add(crafted.test_id)
        if isinstance(result, Exception):
            seen["errors"] += 1
            raise result
        if result is not None:
            seen["issues"] += 1
        return result

    blacklisting.blacklist = blacklist
    # Bandit logs the errors compared above; only the comparison's verdict is printed.
    logging.disable(logging.CRITICAL)
    manager = b_manager.BanditManager(b_config.BanditConfig(), "file", quiet=True)
    manager.discover_files(sample)
    manager.progress = len(sample) + 1  # no progress bar on stderr
    manager.run_tests()
    files = len(manager.files_list)
    if seen["diff"] or manager.skipped:
        print(seen["diff"] or "DIFF files skipped: %r" % (manager.skipped,))
        sys.exit(1)
    print("same %d %d %d %d %d %d %s %s" % (files, seen["nodes"], seen["calls"], seen["issues"], seen["errors"], fast["runs"],
                                            ",".join(accelerated), ",".join(sorted(seen["crafted"]))))


def fork_scan(work, label, files, accelerated):
    """Bandit's main() in a forked child, as the worker runs it: the report, stderr, and how often
    the accelerated blacklist chose the checks."""
    # The same names for both: Bandit logs the report's.
    output = os.path.join(work, "report.json")
    errors = os.path.join(work, "stderr.txt")
    counted = os.path.join(work, label + ".count")
    pid = os.fork()
    if pid == 0:
        try:
            runs = [0]
            chosen = secgate_worker.blacklisted_checks

            def counting(checks, name):
                runs[0] += 1
                return chosen(checks, name)

            # accelerate() makes the blacklist around whatever this name holds when it runs.
            secgate_worker.blacklisted_checks = counting
            replaced = secgate_worker.accelerate() if accelerated else []
            os.dup2(os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
            sys.argv = ["bandit", "--format", "json", "--output", output] + files
            try:
                bandit.cli.main.main()
            except SystemExit:
                pass
            sys.stderr.flush()
            with open(counted, "w") as handle:
                json.dump({"runs": runs[0], "accelerated": replaced}, handle)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    with open(output) as handle:
        report = json.load(handle)
    report.pop("generated_at", None)
    with open(errors) as handle:
        stderr = handle.read()
    with open(counted) as handle:
        result = json.load(handle)
    result.update(report=json.dumps(report, indent=1, sort_keys=True), stderr=stderr)
    return result


main()
