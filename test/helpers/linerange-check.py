"""The worker's fast linerange against Bandit's own, node by node, on a sample of the standard library.

    python linerange-check.py <secgate's python/ folder> <number of files>
Prints "same <files> <nodes> <accelerated>" or the first difference (exit 1).
"""
import ast, os, sys, sysconfig
sys.path.insert(0, sys.argv[1])
import secgate_worker
from bandit.core import utils

original = utils.linerange
accelerated = secgate_worker.accelerate()
count = int(sys.argv[2])
root = sysconfig.get_paths()["stdlib"]
names = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) if "site-packages" not in d and "dist-packages" not in d for f in fs if f.endswith(".py"))
step = max(1, len(names) // count)
nodes = files = 0
for name in names[::step][:count]:
    try:
        text = open(name, "rb").read()
        mine, theirs = ast.parse(text), ast.parse(text)
    except (SyntaxError, ValueError):
        continue
    files += 1
    for a, b in zip(ast.walk(mine), ast.walk(theirs)):
        nodes += 1
        want, got = original(b), secgate_worker.fast_linerange(a)
        if want != got:
            print("DIFF %s %s line %s: %s != %s" % (name, type(a).__name__, getattr(a, "lineno", "?"), got[:5], want[:5]))
            sys.exit(1)
print("same %d %d %s" % (files, nodes, ",".join(accelerated)))
