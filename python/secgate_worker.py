"""secgate's resident Bandit: imports Bandit once, then scans batches on request.

Started by secgate, detached, with the interpreter of the chosen Bandit:
    python secgate_worker.py <socket path> <idle seconds> <temp root> <expected version>
It reads no configuration of its own: every option comes with a request, and a
request may only name files inside secgate's private run directories
(<temp root>/secgate-<pid>-XXXXXX, owned by this user, mode 0700).

Each scan runs Bandit's own command-line entry point in a child forked from
this process, so a result is what one-shot Bandit gives (its options parsed
and checked by Bandit itself), no global state is carried from one request to
the next, and requests from concurrent hooks run side by side.

Protocol: one JSON object per line each way, one request per connection.
    {"op": "scan", "cwd": d, "output": f, "options": [...], "files": [...], "timeout": s}
        -> {"accepted": true}, at once, then {"status": exit code, "stderr": text, "version": v}
    {"op": "status"} -> {"pid": .., "version": .., "python": .., "started": .., "scans": ..}
    {"op": "stop"}   -> {"stopping": true}, then the worker exits
    anything refused -> {"refused": reason}
"""

import array
import fcntl
import gc
import io
import json
import os
import re
import signal
import socket
import stat
import struct
import sys
import tempfile
import time

PROTOCOL = 1
RUN_DIR = re.compile(r"^secgate-\d+-[A-Za-z0-9]{6}$")
# Options secgate passes, and nothing else: a request cannot make Bandit write elsewhere.
FLAGS = {"--ignore-nosec"}
WITH_IDS = {"--skip", "--tests"}
WITH_PATH = {"-c", "--exclude"}
IDS = re.compile(r"^[A-Za-z0-9_,]*$")
MAX_REQUEST = 16 * 1024 * 1024


# Patterns argparse (3.11's; others may differ: a miss costs only time) and Bandit 1.6's main() compile on each run:
# the re module caches them per process.
SCAN_PATTERNS = [(r"^-\d+$|^-\d*\.\d+$", 0), (r"\s+", re.ASCII), (r"\n\n\n+", 0), ("()", 0), ("(A)", 0), ("(A?)", 0),
                 ("(-*[A-]*)", 0), ("(?m)^    ", 0)]


class Refused(Exception):
    pass


def read_line(conn, limit=MAX_REQUEST):
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            raise Refused("request too large")
    return json.loads(data.decode("utf-8"))


def send(conn, message):
    try:
        conn.sendall((json.dumps(message) + "\n").encode("utf-8"))
    except OSError:
        pass


def inside_run_dir(temp_root, path):
    """The real path, when it lies in one of secgate's private run directories; else refused."""
    if not isinstance(path, str) or not os.path.isabs(path) or "\0" in path:
        raise Refused("not an absolute path: %r" % (path,))
    real = os.path.realpath(path)
    if not real.startswith(temp_root + os.sep):
        raise Refused("outside the temporary directory: %s" % path)
    top = real[len(temp_root) + 1:].split(os.sep)[0]
    if not RUN_DIR.match(top):
        raise Refused("not in a secgate run directory: %s" % path)
    info = os.lstat(os.path.join(temp_root, top))
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) != 0o700:
        raise Refused("run directory not private: %s" % top)
    return real


def bandit_argv(temp_root, request):
    """Bandit's argv for a scan request, every path checked."""
    cwd = inside_run_dir(temp_root, request.get("cwd"))
    output = inside_run_dir(temp_root, request.get("output"))
    options = request.get("options")
    files = request.get("files")
    if not isinstance(options, list) or not isinstance(files, list) or not files:
        raise Refused("options and files must be lists")
    argv = ["bandit", "--format", "json", "--output", output]
    i = 0
    while i < len(options):
        option = options[i]
        if option in FLAGS:
            argv.append(option)
            i += 1
            continue
        value = options[i + 1] if i + 1 < len(options) else None
        if option in WITH_IDS and isinstance(value, str) and IDS.match(value):
            argv += [option, value]
        elif option in WITH_PATH:
            argv += [option, inside_run_dir(temp_root, value)]
        else:
            raise Refused("option not allowed: %r" % (option,))
        i += 2
    for name in files:
        inside_run_dir(temp_root, name)
        if name.startswith("-"):
            raise Refused("not a file: %r" % (name,))
    return cwd, argv + files


def end_when_client_gone(conn):
    """Ends this scan as soon as its client hangs up (Ctrl-C, its own timeout, a crash).

    Nothing is read after the request, so the connection only ever ends: the
    Bandit it asked for must not keep writing its report into the run
    directory its owner is removing, nor spend a core on a verdict nobody waits for.
    """
    import threading

    def watch():
        try:
            while conn.recv(4096):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def anonymous_file():
    """A file for Bandit's stderr that never has a name: a scan ended mid-way (its hook gone, see
    end_when_client_gone) must leave nothing in the temporary directory. Linux's memfd; elsewhere an
    unnamed temporary file (its directory worked out once in the worker, see serve)."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("secgate-bandit-stderr", getattr(os, "MFD_CLOEXEC", 0)), "w+b")
    return tempfile.TemporaryFile()


def scan(conn, temp_root, request, version):
    """In the forked child: runs Bandit's entry point as `bandit <argv>` would, and answers."""
    from bandit.cli.main import main

    send(conn, {"accepted": True})
    end_when_client_gone(conn)
    timeout = request.get("timeout")
    if isinstance(timeout, int) and timeout > 0:
        # A hung scan ends with its child; the client has long fallen back to one-shot Bandit.
        signal.alarm(timeout)
    try:
        cwd, argv = bandit_argv(temp_root, request)
    except (Refused, OSError) as error:
        send(conn, {"refused": str(error)})
        return
    os.chdir(cwd)
    sys.argv = argv
    # Bandit writes to the real sys.stdout and sys.stderr, as one-shot (its formatters read
    # their names): only the descriptors behind them change, stderr into a file to send back.
    captured = anonymous_file()
    os.dup2(captured.fileno(), 2)
    status = 0
    try:
        result = main()
        status = result if isinstance(result, int) else 0
    except SystemExit as done:
        code = done.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:  # noqa: B902 - any crash is reported as one, as Python would
        import traceback

        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    captured.seek(0)
    stderr = captured.read()[-65536:].decode("utf-8", "replace")
    send(conn, {"status": status, "stderr": stderr, "version": version})


def warm_caches():
    """Fills caches that only ever memoise (compiled patterns), so each forked scan starts with them,
    and leaves what is loaded out of the garbage collector's reach.

    Bandit's blacklist checks match names with fnmatch, whose compiled
    patterns (and tokenize's, the accelerated blacklist's, argparse's) are
    cached per process: without this, every scan compiles them again (most of
    a small scan's time). Nothing of Bandit's own state is touched, so results
    cannot change; on a Bandit whose internals differ this is skipped.
    """
    try:
        import fnmatch
        import tokenize
        from bandit.core import extension_loader

        for checks in extension_loader.MANAGER.blacklist.values():
            for check in checks:
                for name in check.get("qualnames", []):
                    fnmatch.fnmatch("secgate", name)
        # And the accelerated blacklist's, one per check (accelerate()).
        blacklisted_checks(extension_loader.MANAGER.blacklist.get("Call"), "secgate")
        source = io.StringIO("import os  # nosec\nos.system('x')\n")
        list(tokenize.generate_tokens(source.readline))
        # What every scan's main() compiles otherwise: argparse's patterns, the dedent of Bandit's
        # help text, the '*.py' of its file discovery (found by counting re's cache misses in one).
        for pattern, flags in SCAN_PATTERNS:
            re.compile(pattern, flags)
        fnmatch.fnmatch("secgate.py", "*.py")
    except Exception:  # noqa: B902 - an optimisation only
        pass
    # What is loaded now lives as long as the worker: the collector never needs to walk it
    # again, and a forked scan that would walk it touches (and so copies) every page of it.
    if hasattr(gc, "freeze"):
        gc.freeze()


# Bandit 1.6's linerange, as published: used only when the installed function is exactly this text.
LINERANGE_16 = """def linerange(node):
    \"\"\"Get line number range from a node.\"\"\"
    strip = {"body": None, "orelse": None,
             "handlers": None, "finalbody": None}
    for key in strip.keys():
        if hasattr(node, key):
            strip[key] = getattr(node, key)
            setattr(node, key, [])

    lines_min = 9999999999
    lines_max = -1
    for n in ast.walk(node):
        if hasattr(n, 'lineno'):
            lines_min = min(lines_min, n.lineno)
            lines_max = max(lines_max, n.lineno)

    for key in strip.keys():
        if strip[key] is not None:
            setattr(node, key, strip[key])

    if lines_max > -1:
        return list(range(lines_min, lines_max + 1))
    return [0, 1]
"""
LINERANGE_STRIP = ("body", "orelse", "handlers", "finalbody")
# The attribute note_spans keeps on each node (written out there as `_secgate_span`, the faster lookup).
SPAN = "_secgate_span"


def note_spans(top):
    """Keeps on each node under `top` (itself included) the lowest and highest lineno of its subtree,
    whole and without the fields linerange sets aside: (low, high, stripped low, stripped high).

    One pass, children before parents, iterative as ast.walk is: a deep tree
    must fail (or not) in Bandit's own code exactly as one-shot Bandit does,
    never here first. The children are those ast.walk finds (ast.iter_child_nodes,
    written out: this runs on every node of every file).
    """
    from ast import AST

    strip = LINERANGE_STRIP
    order = []
    stack = [top]
    while stack:
        node = stack.pop()
        kept = []
        stripped = None
        for name in node._fields:
            try:
                value = getattr(node, name)
            except AttributeError:
                continue
            if name in strip:
                if stripped is None:
                    stripped = []
                into = stripped
            else:
                into = kept
            if isinstance(value, AST):
                into.append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        into.append(item)
        order.append((node, kept, stripped))
        for child in kept:
            if getattr(child, SPAN, None) is None:
                stack.append(child)
        if stripped:
            for child in stripped:
                if getattr(child, SPAN, None) is None:
                    stack.append(child)
    for node, kept, stripped in reversed(order):
        try:
            lineno = node.lineno
        except AttributeError:
            low = 9999999999
            high = -1
        else:
            low = min(9999999999, lineno)
            high = max(-1, lineno)
        for child in kept:
            span = child._secgate_span
            if span[0] < low:
                low = span[0]
            if span[1] > high:
                high = span[1]
        stripped_low = low
        stripped_high = high
        if stripped:
            for child in stripped:
                span = child._secgate_span
                if span[0] < low:
                    low = span[0]
                if span[1] > high:
                    high = span[1]
        node._secgate_span = (low, high, stripped_low, stripped_high)


def fast_linerange(node):
    """What LINERANGE_16 returns, without walking the subtree again for every node Bandit visits.

    That function walks the subtree of each visited node (its body, orelse,
    handlers and finalbody set aside), so a file costs about the square of
    its depth; here every node's span is worked out once, on first need. Same
    answer: the node's own lineno and every child's whole subtree, but those
    four fields.
    """
    span = getattr(node, SPAN, None)
    if span is None:
        note_spans(node)
        span = getattr(node, SPAN)
    if span[3] > -1:
        return list(range(span[2], span[3] + 1))
    return [0, 1]


# Bandit 1.6's blacklist test (B001), as published: replaced only when the installed function is exactly this text.
BLACKLIST_16 = """def blacklist(context, config):
    \"\"\"Generic blacklist test, B001.

    This generic blacklist test will be called for any encountered node with
    defined blacklist data available. This data is loaded via plugins using
    the 'bandit.blacklists' entry point. Please see the documentation for more
    details. Each blacklist datum has a unique bandit ID that may be used for
    filtering purposes, or alternatively all blacklisting can be filtered using
    the id of this built in test, 'B001'.
    \"\"\"
    blacklists = config
    node_type = context.node.__class__.__name__

    if node_type == 'Call':
        func = context.node.func
        if isinstance(func, ast.Name) and func.id == '__import__':
            if len(context.node.args):
                if isinstance(context.node.args[0], ast.Str):
                    name = context.node.args[0].s
                else:
                    # TODO(??): import through a variable, need symbol tab
                    name = "UNKNOWN"
            else:
                name = ""  # handle '__import__()'
        else:
            name = context.call_function_name_qual
            # In the case the Call is an importlib.import, treat the first
            # argument name as an actual import module name.
            # Will produce None if argument is not a literal or identifier
            if name in ["importlib.import_module", "importlib.__import__"]:
                name = context.call_args[0]
        for check in blacklists[node_type]:
            for qn in check['qualnames']:
                if name is not None and fnmatch.fnmatch(name, qn):
                    return report_issue(check, name)

    if node_type.startswith('Import'):
        prefix = ""
        if node_type == "ImportFrom":
            if context.node.module is not None:
                prefix = context.node.module + "."

        for check in blacklists[node_type]:
            for name in context.node.names:
                for qn in check['qualnames']:
                    if (prefix + name.name).startswith(qn):
                        return report_issue(check, name.name)
"""
# Patterns per check, keyed by its qualnames: a pure memo, filled in the parent by warm_caches.
CHECK_PATTERNS = {}


def blacklisted_checks(checks, name):
    """The checks Bandit 1.6's blacklist loop needs to try on `name`: the first whose qualnames match, or none.

    That loop calls fnmatch.fnmatch(name, qn) for every qualname of every
    check until one matches (a hundred calls for each call in the file); here
    each check's qualnames are one compiled alternation of what fnmatch
    compiles for each (fnmatch.translate). The loop then runs on that one
    check, so the issue is made by Bandit's own line. Anything but a str name
    and a plain list of checks whose qualnames are lists of str gets every
    check back: Bandit's loop then does (and fails) exactly as it would.
    """
    if type(name) is not str or type(checks) is not list:
        return checks
    try:
        for check in checks:
            if type(check) is not dict:
                return checks
            qualnames = check.get("qualnames")
            if type(qualnames) is not list:
                return checks
            key = tuple(qualnames)
            match = CHECK_PATTERNS.get(key)
            if match is None:
                match = CHECK_PATTERNS[key] = check_pattern(key)
            if match is False:
                return checks
            if match is not True and match(name) is not None:
                return [check]
        return []
    except Exception:  # noqa: B902 - a MemoryError, say: Bandit's own loop then runs as it would
        return checks


def check_pattern(qualnames):
    """The match method of one regex that matches what any of `qualnames` matches with fnmatch (on POSIX);
    True for no qualnames (nothing matches); False when that cannot be made (Bandit's loop must run)."""
    import fnmatch

    if not qualnames:
        return True
    if any(type(qualname) is not str for qualname in qualnames):
        return False
    try:
        # Each translation is whole (ends in \\Z): the alternation matches when one of them does.
        return re.compile("|".join(fnmatch.translate(qualname) for qualname in qualnames)).match
    except Exception:  # noqa: B902 - Bandit's loop reports what fnmatch makes of it
        return False


def fast_blacklist(blacklisting, original):
    """Bandit 1.6's blacklist, compiled from its own text with one change: its Call loop runs over
    blacklisted_checks(checks, name) instead of every check.

    Same file name and line numbers, same column positions and the module's
    own globals, so an error inside it (an import_module(3) makes fnmatch
    raise) logs the same traceback, line for line, as the original.
    """
    import ast

    first = original.__code__.co_firstlineno
    tree = ast.parse("\n" * (first - 1) + BLACKLIST_16)
    function = tree.body[0]
    # The first loop over the checks is the Call branch's (the Import one, after it, uses startswith).
    loop = min((node for node in ast.walk(function) if isinstance(node, ast.For)), key=lambda node: node.lineno)
    call = ast.Call(func=ast.Name(id="_secgate_checks", ctx=ast.Load()), args=[loop.iter, ast.Name(id="name", ctx=ast.Load())],
                    keywords=[])
    # Where the instructions it replaces were: a traceback through this line points at the same place.
    loop.iter = ast.fix_missing_locations(ast.copy_location(call, loop.iter))
    # Made inside a closure, so nothing is added to Bandit's module.
    maker = ast.parse("def _secgate_make(_secgate_checks):\n    return %s\n" % function.name).body[0]
    maker.body.insert(0, function)
    tree.body = [maker]
    namespace = {}
    exec(compile(tree, original.__code__.co_filename, "exec"), blacklisting.__dict__, namespace)
    replacement = namespace["_secgate_make"](blacklisted_checks)
    replacement.__qualname__ = original.__qualname__
    return replacement


# sha256 of Bandit 1.6's BanditNodeVisitor.pre_visit, visit, post_visit, generic_visit and update_scores,
# BanditTester.run_tests and BanditTestSet.get_tests, as published: the visitor is replaced only when
# the installed ones are exactly these texts.
VISITOR_16 = "2a033c9d8f22dbab6d043484c85273c848b1737adc00fdd7b570e05a77c5f119"
# Frames kept free below Python's recursion limit: nearer than this, each node is visited by
# Bandit's own methods (see fast_visitor).
VISITOR_MARGIN = 64


def visitor_sources(node_visitor, tester, test_set):
    """The texts VISITOR_16 is the digest of."""
    import inspect

    visitor = node_visitor.BanditNodeVisitor
    return "".join(inspect.getsource(function) for function in (
        visitor.pre_visit, visitor.visit, visitor.post_visit, visitor.generic_visit, visitor.update_scores,
        tester.BanditTester.run_tests, test_set.BanditTestSet.get_tests))


def frame_depth():
    """How many Python frames are below the caller's (walked once per file)."""
    depth = 0
    frame = sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def fast_visitor(node_visitor, tester, linerange, blacklist):
    """Bandit 1.6's generic_visit, which drives the visit of every node, with the same effects for
    less work. Returns the replacement. `linerange` and `blacklist` are (Bandit's own, the
    replacement) pairs of the other two functions accelerate() replaces.

    Bandit 1.6 calls, for each of about a thousand nodes of a small module,
    five debug log calls (formatting their arguments) and, for the many node
    types no test looks at (names, operators, constants), run_tests, which
    builds scores of zeros for update_scores to add. Here:
    - pre_visit, visit and post_visit have the same effects on the visitor and
      the same context, in the same key order, without the debug calls (they
      log nothing: they are used only when debug logging is off);
    - a node type with no test skips run_tests and update_scores (adding
      zeros changes no score);
    - everything else (the visit_ methods, run_tests, every test) is Bandit's
      own, called at the same depth of the stack.

    Near Python's recursion limit. Bandit visits the tree recursively, one
    frame per level, and a tree deep enough fails with a RecursionError: the
    file is skipped. This visit is recursive in the same way, frame for frame,
    so a node sits at the same depth of the stack as in Bandit. But the fast
    functions (these, linerange's and the blacklist's) call fewer functions
    below a node for a moment: near the limit they could get through where
    Bandit's own run out of stack. So within VISITOR_MARGIN frames of the
    limit every node is visited with Bandit's own pre_visit, visit,
    post_visit, linerange and blacklist, and the file fails or not exactly as
    with Bandit alone (test/helpers/depth-check.py). With debug output on,
    they are used throughout.
    """
    import ast
    import logging

    from bandit.core import utils as b_utils

    AST = ast.AST
    iter_fields = ast.iter_fields
    Visitor = node_visitor.BanditNodeVisitor
    function_def = ast.FunctionDef
    class_def = ast.ClassDef
    own_linerange, fast_linerange_ = linerange
    own_blacklist, fast_blacklist_ = blacklist
    # Whether Bandit's own functions are in place now: linerange is a module global, shared by every visitor.
    using_own = [False]

    def use_own(own, visitor):
        """Puts Bandit's own linerange and blacklist in place (own), or the replacements."""
        b_utils.linerange = own_linerange if own else fast_linerange_
        wanted, unwanted = (own_blacklist, fast_blacklist_) if own else (fast_blacklist_, own_blacklist)
        # The test set was built with the replacement, and gave it its id and config (_test_id, _checks, _config).
        wanted.__dict__.update(unwanted.__dict__)
        for tests in visitor.tester.testset.tests.values():
            for i, test in enumerate(tests):
                if test is unwanted:
                    tests[i] = wanted
        using_own[0] = own

    def pre_visit(self, node):
        context = {"imports": self.imports, "import_aliases": self.import_aliases}
        self.context = context
        if hasattr(node, "lineno"):
            context["lineno"] = node.lineno
            if node.lineno in self.nosec_lines:
                self.metrics.note_nosec()
                return False
        context["node"] = node
        context["linerange"] = b_utils.linerange_fix(node)
        context["filename"] = self.fname
        self.seen += 1
        self.depth += 1
        return True

    def visit(self, node):
        name = node.__class__.__name__
        visitor = getattr(self, "visit_" + name, None)
        if visitor is not None:
            visitor(node)
        elif self.tester.testset.tests.get(name):
            self.update_scores(self.tester.run_tests(self.context, name))

    def post_visit(self, node):
        self.depth -= 1
        if isinstance(node, function_def) or isinstance(node, class_def):
            self.namespace = b_utils.namespace_path_split(self.namespace)[0]

    def generic_visit(self, node):
        """Drive the visitor."""
        floor = self.__dict__.get("_secgate_floor")
        root = floor is None
        if root:
            # The tree's root: how deep the stack is, and whether anything would be logged.
            quiet = not (self.debug or node_visitor.LOG.isEnabledFor(logging.DEBUG)
                         or tester.LOG.isEnabledFor(logging.DEBUG))
            floor = frame_depth() if quiet else sys.maxsize
            self._secgate_floor = floor
        # This call's frame is floor + depth deep: one per level, as in Bandit's.
        own = floor + self.depth >= sys.getrecursionlimit() - VISITOR_MARGIN
        if own:
            kind = type(self)
            pre, each, post = kind.pre_visit, kind.visit, kind.post_visit
        else:
            pre, each, post = pre_visit, visit, post_visit
        try:
            if using_own[0] is not own:
                use_own(own, self)
            for _, value in iter_fields(node):
                if isinstance(value, list):
                    max_idx = len(value) - 1
                    for idx, item in enumerate(value):
                        if isinstance(item, AST):
                            if idx < max_idx:
                                item._bandit_sibling = value[idx + 1]
                            else:
                                item._bandit_sibling = None
                            item._bandit_parent = node
                            if pre(self, item):
                                each(self, item)
                                self.generic_visit(item)
                                # A deeper level may have put Bandit's own in place: this one's are put back.
                                if using_own[0] is not own:
                                    use_own(own, self)
                                post(self, item)
                elif isinstance(value, AST):
                    value._bandit_sibling = None
                    value._bandit_parent = node
                    if pre(self, value):
                        each(self, value)
                        self.generic_visit(value)
                        if using_own[0] is not own:
                            use_own(own, self)
                        post(self, value)
        finally:
            # The next file's visit starts as every visit does; so does one after a failure.
            if root and using_own[0]:
                use_own(False, self)

    generic_visit.__qualname__ = Visitor.generic_visit.__qualname__
    return generic_visit


def accelerate():
    """Replaces Bandit 1.6's linerange, blacklist test (B001) and the generic_visit that drives its
    visit of the tree, where a small scan spends most of its time, with exact equivalents.

    All three or none: only when the installed functions are exactly 1.6's text
    (LINERANGE_16, BLACKLIST_16, VISITOR_16), and the visit is what keeps the
    other two exact near the recursion limit (fast_visitor). Each replacement
    returns what that text returns for every tree ast.parse makes (tests
    compare them node by node, the worker with one-shot Bandit on the standard
    library, and both on trees at the recursion limit). Any other Bandit
    keeps its own. Returns what was replaced, for `secgate worker status`.
    """
    try:
        import ast
        import fnmatch
        import hashlib
        import inspect
        import textwrap

        from bandit.core import blacklisting, node_visitor, test_set, tester, utils

        own_blacklist = blacklisting.blacklist
        own_linerange = utils.linerange
        same = (textwrap.dedent(inspect.getsource(own_linerange)).strip() == LINERANGE_16.strip()
                and getattr(utils, "ast", None) is ast
                # fnmatch compares names as they are only on POSIX (os.path.normcase is the identity there).
                and inspect.getsource(own_blacklist) == BLACKLIST_16 and os.name == "posix"
                and blacklisting.fnmatch is fnmatch and blacklisting.ast is ast
                and hashlib.sha256(visitor_sources(node_visitor, tester, test_set).encode("utf-8")).hexdigest() == VISITOR_16)
        if not same:
            return []
        replacement = fast_blacklist(blacklisting, own_blacklist)
        visit = fast_visitor(node_visitor, tester, (own_linerange, fast_linerange), (own_blacklist, replacement))
    except Exception:  # noqa: B902 - an optimisation only: Bandit as it is
        return []
    utils.linerange = fast_linerange
    # The test set reads blacklisting.blacklist when each scan builds it: this is what runs.
    blacklisting.blacklist = replacement
    node_visitor.BanditNodeVisitor.generic_visit = visit
    return ["linerange", "blacklist", "generic_visit"]


# madvise(2): prefault a range writable, as a write would, without writing (Linux 5.14).
MADV_POPULATE_WRITE = 23


def madvise_function():
    """libc's madvise through ctypes, on Linux; None elsewhere or when it cannot be had."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).madvise
        function.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        function.restype = ctypes.c_int
        return function
    except (ImportError, OSError, AttributeError):
        return None


def populate_writable(madvise):
    """Prefaults every private writable mapping of this process: each page a fork shares with its
    parent becomes this process's own copy, as on a first write, but nothing is written.

    False when the kernel cannot (before Linux 5.14: EINVAL), for the caller to copy another way.
    """
    with open("/proc/self/maps") as maps:
        lines = maps.read().splitlines()
    populated = False
    for line in lines:
        fields = line.split()
        if len(fields) < 2 or "w" not in fields[1] or not fields[1].endswith("p"):
            continue
        # The kernel's own ([vvar], [vdso], [vsyscall]) and the stack, which grows on its own.
        if len(fields) > 5 and (fields[5].startswith("[v") or fields[5] == "[stack]"):
            continue
        low, high = (int(bound, 16) for bound in fields[0].split("-"))
        if madvise(low, high - low, MADV_POPULATE_WRITE) != 0:
            return False
        populated = True
    return populated


def copy_pages_ahead(madvise):
    """In a child forked ahead of its request: takes its own copy now of the memory pages a scan would
    otherwise copy on first write (every object's reference count is written when it is used), and
    the page faults with them: about 2 ms of a small scan.

    With the kernel's help (populate_writable) nothing in the process is touched. Without it, only
    the garbage collector's bookkeeping is (objects are listed, then frozen again as the worker left
    them), which copies the pages of the objects it tracks: nothing Bandit sees changes either way.
    """
    try:
        if madvise is not None and populate_writable(madvise):
            return
    except (OSError, ValueError):
        pass
    if hasattr(gc, "freeze"):
        gc.unfreeze()
        listed = gc.get_objects()
        del listed
        gc.freeze()


class Spare:
    """A child forked before the request it will serve, its pages already its own (copy_pages_ahead):
    a request then costs neither a fork nor the page faults of a fresh one (about 7 ms of a one-file
    commit).

    The worker keeps at most one. It hands the child a scan request and its connection over a
    socket pair (the descriptor passed with SCM_RIGHTS); the child runs it exactly as a child
    forked for the request would, then exits. A child whose worker is gone (the pair closed:
    stop, idle exit, death) exits without scanning.
    """

    def __init__(self, inherited, run, madvise):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.pid = os.fork()
        if self.pid == 0:
            code = 0
            try:
                ours.close()
                for thing in inherited:
                    thing.close()
                copy_pages_ahead(madvise)
                theirs.sendall(b"r")
                handed = Spare.receive(theirs)
                if handed is not None:
                    theirs.close()
                    run(*handed)
            except BaseException:  # noqa: B902 - the child must never return into the worker's loop
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.channel = ours
        self.ready = False

    def is_ready(self):
        """Whether the child has said it is ready (never waits)."""
        if not self.ready:
            self.channel.setblocking(False)
            try:
                self.ready = self.channel.recv(1) == b"r"
            except OSError:
                pass
            finally:
                self.channel.setblocking(True)
        return self.ready

    def hand(self, conn, request):
        """Gives the child this request and connection; False when it cannot take them (it died)."""
        payload = json.dumps(request).encode("utf-8")
        try:
            fds = array.array("i", [conn.fileno()])
            self.channel.sendmsg([struct.pack("!I", len(payload))], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            self.channel.sendall(payload)
            return True
        except OSError:
            return False
        finally:
            self.close()

    def close(self):
        self.channel.close()

    @staticmethod
    def receive(channel):
        """(connection, request) as handed by the worker, or None when it closed the pair instead."""
        fds = array.array("i")
        header, ancillary, _, _ = channel.recvmsg(4, socket.CMSG_SPACE(fds.itemsize))
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
        if len(header) < 4 or len(fds) != 1:
            return None
        (size,) = struct.unpack("!I", header)
        payload = b""
        while len(payload) < size:
            chunk = channel.recv(min(size - len(payload), 1 << 20))
            if not chunk:
                return None
            payload += chunk
        return socket.socket(fileno=fds[0]), json.loads(payload.decode("utf-8"))


def reaped(pid):
    """Whether this child has ended (and is reaped now)."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def serve(socket_path, idle_seconds, temp_root, expected):
    import bandit
    # What Bandit's main imports on its first call; importing it here is what makes later scans fast.
    import bandit.cli.main  # noqa: F401
    import bandit.core.extension_loader  # noqa: F401

    warm_caches()
    # Python tries the temporary directory with a file of its own the first time it needs it: once
    # here, not in each forked scan, where a scan ended mid-way would leave that file behind.
    tempfile.gettempdir()
    accelerated = accelerate()
    # Looked up once: each child made ahead uses it to copy its pages (copy_pages_ahead).
    madvise = madvise_function()
    version = getattr(bandit, "__version__", "")
    if expected and version != expected:
        return 3

    # Everything it makes (lock, socket, description) is for this user alone.
    os.umask(0o077)
    # One worker per socket: the lock is held for life, and released by the kernel at death.
    lock = open(socket_path + ".lock", "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0
    try:
        os.unlink(socket_path)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(64)
    server.settimeout(1.0)
    bound = os.stat(socket_path).st_ino
    info_path = socket_path + ".json"
    started = time.time()
    info = {"pid": os.getpid(), "version": version, "python": sys.executable, "started": started, "protocol": PROTOCOL,
            "accelerated": accelerated}
    with open(info_path + ".tmp", "w") as handle:
        json.dump(info, handle)
    os.replace(info_path + ".tmp", info_path)

    children = set()
    last = time.monotonic()
    scans = 0
    ahead = 0
    spare = None
    stopping = False
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def run_scan(conn, request):
        conn.settimeout(None)
        scan(conn, temp_root, request, version)

    try:
        while not stopping:
            for pid in list(children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    children.discard(pid)
                    last = time.monotonic()
            if spare is not None and reaped(spare.pid):
                spare.close()
                spare = None
            if not children and time.monotonic() - last > idle_seconds:
                break
            # Made here, with no connection open: a child must hold no descriptor of another's hook.
            # The lock is the parent's: a scan outliving it must not keep a successor out. And only
            # once no scan runs: its page copies, made beside a scan, would slow that scan down. Till
            # then the loop looks again every 10 ms.
            if spare is None and not children:
                spare = Spare([server, lock], run_scan, madvise)
            server.settimeout(0.01 if spare is None else 1.0)
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            last = time.monotonic()
            try:
                conn.settimeout(5.0)
                request = read_line(conn)
                op = request.get("op") if isinstance(request, dict) else None
                if op == "scan" and request.get("protocol") == PROTOCOL:
                    scans += 1
                    if spare is not None and spare.is_ready():
                        handed = spare.hand(conn, request)
                        # Handed or dead, it is a child to reap now, and the next one is made.
                        children.add(spare.pid)
                        spare = None
                        if handed:
                            ahead += 1
                            continue
                    pid = os.fork()
                    if pid == 0:
                        code = 0
                        try:
                            server.close()
                            lock.close()
                            if spare is not None:
                                spare.close()
                            run_scan(conn, request)
                        except BaseException:  # noqa: B902 - the child must never return into the loop
                            code = 1
                        finally:
                            os._exit(code)
                    children.add(pid)
                elif op == "status":
                    send(conn, dict(info, scans=scans, prepared=ahead, children=len(children)))
                elif op == "stop":
                    send(conn, {"stopping": True})
                    stopping = True
                else:
                    send(conn, {"refused": "unknown request"})
            except (OSError, ValueError, Refused) as error:
                send(conn, {"refused": str(error)})
            finally:
                conn.close()
    finally:
        if spare is not None:
            # Its pair closed, it exits at once; the worker is gone only once it is.
            spare.close()
            deadline = time.monotonic() + 2.0
            while not reaped(spare.pid) and time.monotonic() < deadline:
                time.sleep(0.01)
        server.close()
        try:
            # Only our own socket: a successor may already have bound the name.
            if os.stat(socket_path).st_ino == bound:
                os.unlink(socket_path)
                os.unlink(info_path)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(2)
    sys.exit(serve(sys.argv[1], float(sys.argv[2]), os.path.realpath(sys.argv[3]), sys.argv[4]))
