"""Time of Bandit's main() in a child forked as the worker forks it, for versions of secgate_worker.py side by side.

    python fork-bench.py <rounds> <forks per round> <file.py> <python/ folder or "none">...
Each round starts one parent per folder in turn (imports Bandit, warm_caches(), accelerate(),
as the worker does; "none": Bandit as it is), which forks <forks> scans of <file.py> and times
main() in each. Folders are interleaved round by round (this machine's speed drifts); prints the
median and the lowest time per folder. Not a test: a measuring tool (run with Bandit's Python).
"""
import os, statistics, subprocess, sys, tempfile, time


def parent(folder, forks, files):
    import bandit.cli.main
    import bandit.core.extension_loader  # noqa: F401
    if folder != "none":
        sys.path.insert(0, folder)
        import secgate_worker
        secgate_worker.warm_caches()
        secgate_worker.accelerate()
    work = tempfile.mkdtemp()
    output = os.path.join(work, "report.json")
    times = []
    for _ in range(forks):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            sys.argv = ["bandit", "--format", "json", "--output", output] + files
            start = time.perf_counter()
            try:
                bandit.cli.main.main()
            except SystemExit:
                pass
            os.write(write, repr(time.perf_counter() - start).encode())
            os._exit(0)
        os.close(write)
        took = os.read(read, 100)
        os.close(read)
        os.waitpid(pid, 0)
        times.append(float(took) * 1000)
    if os.path.exists(output):
        os.unlink(output)
    os.rmdir(work)
    print(" ".join("%.3f" % value for value in times))


def main():
    if sys.argv[1] == "--parent":
        parent(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
        return
    rounds, forks, target, folders = int(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3]), sys.argv[4:]
    times = {folder: [] for folder in folders}
    for _ in range(rounds):
        for folder in folders:
            out = subprocess.run([sys.executable, __file__, "--parent", folder, forks, target], check=True,
                                 stdout=subprocess.PIPE, universal_newlines=True).stdout
            times[folder] += [float(value) for value in out.split()]
    for folder in folders:
        values = times[folder]
        print("%-40s median %.2f ms  lowest %.2f ms  (%d forks)" % (folder, statistics.median(values), min(values), len(values)))


main()
