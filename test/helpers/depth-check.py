"""The worker's replacements (linerange, blacklist, generic_visit) against Bandit 1.6 as it is, on
trees deep enough to exhaust Python's recursion limit.

    python depth-check.py <secgate's python/ folder> <window>
Bandit visits the tree recursively, one frame per level: past a depth it fails with a
RecursionError, and skips the file ("exception while scanning file"). (The children run with a
recursion limit of LIMIT, not 1000: the same edge, where Bandit's own linerange, quadratic in
the depth, costs a sixth of the time.) The replacements call
fewer functions for a moment at each node, so near that depth they could fail where Bandit does
not, or the other way round. Here files of chains of additions (`x = 1 + 1 + ...`), one with a
call at the bottom (`f() + 1 + ...`, so the call's tests run there) and one with a blacklisted
call (`pickle.loads(b) + 1 + ...`), of every length from <window> below the first length
Bandit skips (found for each kind) to <window> - 1 above, are each scanned twice in a forked child as the worker scans:
Bandit as it is, then after secgate_worker.accelerate(). The reports (but their time stamp) and
stderr must be the same.
A shallow file is then scanned with Bandit's own pre_visit made to fail: the fast visit must be
the one that ran. Prints "same <first skipped sums> <files> <skipped> <accelerated>" or the first
difference (exit 1).
"""
import json, os, shutil, sys, tempfile

sys.path.insert(0, sys.argv[1])
import secgate_worker
import bandit.cli.main
import bandit.core.extension_loader  # noqa: F401
from bandit.core import node_visitor

LIMIT = 400

KINDS = {
    "sum": lambda length: "x = " + " + ".join(["1"] * length) + "\n",
    "call": lambda length: "x = " + " + ".join(["f()"] + ["1"] * (length - 1)) + "\n",
    "blacklisted": lambda length: "import pickle\nx = " + " + ".join(["pickle.loads(b)"] + ["1"] * (length - 1)) + "\n",
}


def scan(work, path, accelerated, sabotage=False):
    """Bandit's main() on one file in a forked child: (report without its time stamp, stderr, what was replaced).
    `sabotage`: Bandit's own pre_visit raises."""
    output = os.path.join(work, "report.json")
    errors = os.path.join(work, "stderr.txt")
    done = os.path.join(work, "accelerated.txt")
    for stale in (output, errors, done):
        if os.path.exists(stale):
            os.unlink(stale)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            replaced = secgate_worker.accelerate() if accelerated else []
            if sabotage:
                def refuse(self, node):
                    raise RuntimeError("Bandit's own pre_visit ran")
                node_visitor.BanditNodeVisitor.pre_visit = refuse
            sys.setrecursionlimit(LIMIT)
            with open(done, "w") as handle:
                handle.write(",".join(replaced))
            os.dup2(os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
            os.chdir(work)
            sys.argv = ["bandit", "--format", "json", "--output", output, "--exclude", os.path.join(work, ".nothing"),
                        "--ignore-nosec", path]
            try:
                bandit.cli.main.main()
            except SystemExit:
                pass
        except BaseException:  # noqa: B902 - reported by the parent as a missing report
            code = 1
        finally:
            os._exit(code)
    os.waitpid(pid, 0)
    with open(output) as handle:
        report = json.load(handle)
    report.pop("generated_at", None)
    with open(errors) as handle:
        stderr = handle.read()
    with open(done) as handle:
        replaced = handle.read()
    return report, stderr, replaced


def skipped(report):
    return any("exception" in reason for _, reason in [(e.get("filename"), e.get("reason", "")) for e in report["errors"]])


def main():
    window = int(sys.argv[2])
    work = tempfile.mkdtemp()
    try:
        path = os.path.join(work, "deep.py")

        def write(kind, length):
            with open(path, "w") as handle:
                handle.write(KINDS[kind](length))

        files = skips = 0
        firsts = []
        replaced = ""
        for kind in KINDS:
            # The first length Bandit as it is skips, by bisection.
            low, high = 10, LIMIT
            write(kind, high)
            if not skipped(scan(work, path, False)[0]):
                print("DIFF Bandit scanned a %s of %d terms: the recursion limit is not met" % (kind, high))
                sys.exit(1)
            while high - low > 1:
                middle = (low + high) // 2
                write(kind, middle)
                if skipped(scan(work, path, False)[0]):
                    high = middle
                else:
                    low = middle
            firsts.append(high)
            for length in range(high - window, high + window):
                write(kind, length)
                plain, plain_err, _ = scan(work, path, False)
                fast, fast_err, replaced = scan(work, path, True)
                files += 1
                skips += skipped(plain)
                if plain != fast or plain_err != fast_err:
                    print("DIFF %s of %d terms:\n%s\n%s\n---\n%s\n%s" % (kind, length, json.dumps(plain)[:2000], plain_err[-2000:],
                                                                       json.dumps(fast)[:2000], fast_err[-2000:]))
                    sys.exit(1)
        # Far from the limit, the fast visit is what runs: Bandit's own pre_visit would fail the file.
        write("blacklisted", 20)
        plain = scan(work, path, False)[0]
        fast = scan(work, path, True, sabotage=True)[0]
        if plain != fast or not plain["results"]:
            print("DIFF a shallow file, Bandit's own pre_visit failing:\n%s\n---\n%s" % (json.dumps(plain)[:2000], json.dumps(fast)[:2000]))
            sys.exit(1)
        print("same %s %d %d %s" % (",".join(map(str, firsts)), files, skips, replaced))
    finally:
        shutil.rmtree(work, True)

main()
