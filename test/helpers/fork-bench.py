"""Time of Bandit's main() in a child forked as the worker forks it, for versions of secgate_worker.py side by side.

    python fork-bench.py <rounds> <forks per round> <file.py> <python/ folder or "none">...
Each round starts one parent per folder in turn (imports Bandit, warm_caches(), accelerate(),
as the worker does; "none": Bandit as it is), which forks <forks> scans of <file.py> and times
main() in each: each child first copies its pages as the worker's child made ahead does, then
waits for its request, and runs Bandit with the options a hook sends (--ignore-nosec on 1.6). Folders are interleaved round by round (this machine's speed drifts); prints the
median and the lowest time per folder. Not a test: a measuring tool (run with Bandit's Python).
"""
import os, statistics, subprocess, sys, tempfile, time


def parent(folder, forks, files):
    import bandit.cli.main
    import bandit.core.extension_loader  # noqa: F401
    prepare = None
    if folder != "none":
        sys.path.insert(0, folder)
        import secgate_worker
        secgate_worker.warm_caches()
        secgate_worker.accelerate()
        # As the worker's child made ahead: its pages copied before the request (older versions: none).
        if hasattr(secgate_worker, "madvise_function"):
            madvise = secgate_worker.madvise_function()
            prepare = lambda: secgate_worker.copy_pages_ahead(madvise)  # noqa: E731
        elif hasattr(secgate_worker, "copy_pages_ahead"):
            prepare = secgate_worker.copy_pages_ahead
    work = tempfile.mkdtemp()
    output = os.path.join(work, "report.json")
    times = []
    for _ in range(forks):
        read, write = os.pipe()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            if prepare:
                prepare()
            # The request comes later, as a hook's does: the child is ready by then.
            os.read(go_read, 1)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            # The options a hook sends Bandit 1.6 (scanner.ts).
            sys.argv = ["bandit", "--format", "json", "--output", output, "--exclude", os.path.join(work, ".nothing"),
                        "--ignore-nosec"] + files
            start = time.perf_counter()
            try:
                bandit.cli.main.main()
            except SystemExit:
                pass
            os.write(write, repr(time.perf_counter() - start).encode())
            os._exit(0)
        os.close(write)
        time.sleep(0.05)
        os.write(go_write, b"g")
        took = os.read(read, 100)
        for fd in (read, go_read, go_write):
            os.close(fd)
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
