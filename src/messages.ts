/**
 * Every sentence a user reads, in one place: the problem, then the remedy.
 * Functions, not templates, so each call site passes exactly what it knows.
 */

export const messages = {
  // --- usage -----------------------------------------------------------------
  unknownCommand: (name: string) => `Unknown command "${name}".`,
  unknownHook: (name: string | undefined) =>
    name === undefined
      ? 'Which hook? `secgate run pre-commit` or `secgate run pre-push <remote> <url>`.'
      : `Unknown hook "${name}": secgate runs pre-commit, pre-merge-commit and pre-push.`,
  unexpectedArguments: (command: string, args: string[]) => `\`secgate ${command}\` takes no arguments (got: ${args.join(' ')}).`,
  conflictingOptions: (options: string[]) => `Use only one of ${options.join(', ')}.`,
  pathNotFound: (path: string) => `${path} does not exist.`,
  pathNotAFile: (path: string) =>
    `${path} is not a file or a folder (a FIFO, socket or device?), so there is nothing in it to scan; name the files to judge.`,
  pathOutsideRepo: (path: string, root: string) => `${path} is outside the repository ${root}.`,
  unknownRef: (ref: string) => `--since ${ref}: no such ref, or it shares no history with HEAD.`,
  usageRemedy: 'Run `secgate --help` for the commands and their options.',

  // --- configuration ---------------------------------------------------------
  configInvalid: (file: string, errors: string[]) =>
    `The configuration in ${file} is not valid:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
  configUnreadable: (file: string, reason: string) => `Cannot read the configuration ${file}: ${reason}`,
  configExecutable: (file: string) =>
    `${file} is an executable config format; secgate reads only data formats (JSON, YAML, package.json, pyproject.toml) so that a cloned repository cannot run code on your machine.`,
  configRemedy: 'Fix the file, or see the configuration reference in the README.',
  // Config read from the committed tree (issue 11 items 13-15, issue 13 items 6 and 8).
  configSyntax: (file: string, format: string, line: number, column: number, token: string, reason?: string) =>
    `The configuration ${file} is not valid ${format}: line ${line}, column ${column}, at ${token}${reason ? ` (${reason})` : ''}.`,
  configNotRegular: (file: string, kind: string) =>
    `${file} is ${kind}, not a regular file; secgate reads its configuration only from regular files, so it is refused.`,
  configNotRegularRemedy: 'Replace the link (or other entry) with the file itself, or remove it.',
  configAmbiguous: (files: string[]) =>
    `More than one secgate configuration: ${files.join(' and ')}; secgate will not guess which one governs.`,
  configAmbiguousRemedy: 'Keep one of them (merge the settings into it) and remove the secgate settings from the others.',
  configExecutableRemedy: 'Rewrite it as .secgaterc.json or .secgaterc.yaml (or [tool.secgate] in pyproject.toml), and remove it.',
  configImport: (file: string) =>
    `${file} uses $import; secgate reads its configuration from the one file in the commit it judges, so $import is not supported.`,
  configImportRemedy: 'Copy the imported settings into the file, and remove $import.',
  banditConfigOutside: (file: string) =>
    `code.banditConfig is ${file}; it must name a file inside the repository (a relative path), read from the same commit as the code.`,
  configUnmerged: (file: string) => `${file} has unresolved merge conflicts in the index.`,
  configWhereIndex: 'as staged',
  configWhereCommit: (commit: string) => `in commit ${commit.slice(0, 12)}`,
  configNoticeCodeOff: 'code.enabled is false in the secgate config: Python code is not scanned.',
  configNoticeDepsOff: 'deps.enabled is false in the secgate config: dependencies are not audited.',
  configNoticeFailOnCritical:
    'failOn is "critical" in the secgate config: Bandit reports no CRITICAL findings, so code findings never block (only critical dependency advisories do).',
  configNoticeCodeExcludeAll: 'code.exclude in the secgate config matches every Python file: code is not scanned.',
  configNoticeDepsExcludeAll: 'deps.exclude in the secgate config matches every manifest: dependencies are not audited.',
  notAReason: (field: string) =>
    `${field}: a reason must say why in words (at least 3 visible characters, not a placeholder such as "x", "-", "...", "yes")`,

  // --- git -------------------------------------------------------------------
  notARepository: (cwd: string) => `${cwd} is not inside a git work tree.`,
  notARepositoryRemedy: 'Run secgate from inside a git repository.',
  gitMissing: 'git was not found on PATH.',
  gitMissingRemedy: 'Install git, or run the hook where git is on PATH.',

  // --- bandit ----------------------------------------------------------------
  banditMissing: (tried: string[]) =>
    `Bandit was not found (tried: ${tried.join(', ')}). Without it secgate cannot look at Python code, so it cannot pass it.`,
  banditMissingRemedy:
    'Install Bandit (Debian/Ubuntu: `sudo apt-get install bandit`; otherwise `pipx install bandit` or `pip install bandit`), or name it with `code.bandit` in the config or SECGATE_BANDIT. To commit anyway, bypass with a reason: SECGATE_BYPASS="why" git commit …',
  banditCrashed: (command: string, status: string, stderr: string) =>
    `Bandit failed (${status}) and produced no report. The command was:\n  ${command}${stderr.trim() ? `\n${stderr.trim().split('\n').slice(-15).join('\n')}` : ''}`,
  banditCrashedRemedy:
    'Run that command by hand to see the problem (the files it names were copies of yours in a temporary folder, now removed: name your own files instead); check the Bandit installation and its config.',
  banditInRepository: (path: string) =>
    `code.bandit points into the repository (${path}); secgate will not run a program that a cloned repository provides.`,
  banditInRepositoryRemedy:
    'Name a Bandit installed on the machine (a command on PATH or an absolute path outside the repository), or set SECGATE_BANDIT in your own environment.',

  banditNoVersion: (command: string) => `${command} --version did not answer like Bandit.`,
  tooLarge: (bytes: number, limit: number) =>
    `This file is ${Math.round(bytes / 1024 / 1024)} MiB, over the ${Math.round(limit / 1024 / 1024)} MiB secgate gives Bandit; it was not scanned.`,
  banditLeftOut:
    'Bandit left this file out of its report (its configuration excludes it?), so it was not looked at. To skip it on purpose, add it to code.exclude.',
  noScanResult: 'The scanner returned no result for this file, so it was not looked at.',
  banditConfigMissing: (file: string) => `code.banditConfig names ${file}, which does not exist or cannot be read.`,
  banditTomlBroken: (file: string, detail: string) => `${file} is not valid TOML, so its [tool.bandit] section cannot be read: ${detail}`,
  banditOldToml: (version: string) =>
    `Bandit ${version} cannot read [tool.bandit] from pyproject.toml; secgate passed on its skips and tests only. Install Bandit 1.7 or later for the rest of that section.`,
  banditUnknownFile: (name: string) => `Bandit reported on a file secgate did not give it: ${name}`,

  // --- findings --------------------------------------------------------------
  parseError: (reason: string) => `Bandit could not parse this file (${reason}); unscanned code is not clean code.`,
  expiredIgnore: (date: string, reason: string) => `an ignore for this expired on ${date} (it said: ${reason})`,
  unusedIgnore: (id: string) => `The ignore for ${id} matched no finding in this run; remove it if the finding is gone for good.`,
  belowConfidence: (min: string) => `below code.minConfidence (${min})`,
  devOnlyNote: (setting: string) => `only a development dependency (deps.devOnly is "${setting}")`,
  parseErrorWarn: 'code.onParseError is "warn"',
  manifestParseErrorWarn: 'deps.onParseError is "warn"',
  // New and inherited findings (issue 14): what the change brings blocks; what its parent already had warns.
  inheritedNote: (parent: string) => `inherited: already in ${parent}; set "inherited": "fail" to block it`,
  bypassedNote: (commit: string, reason: string) => `bypassed at commit ${commit} (reason: ${reason})`,

  // --- deps (dependency audit, database) -------------------------------------
  noDatabase: (path: string) =>
    `No vulnerability database at ${path}, so dependencies cannot be audited (and a gate that cannot look does not pass).`,
  noDatabaseRemedy:
    "Run `secgate db update` (downloads OSV's PyPI data once; hooks never download), or `secgate db update --from <all.zip>` offline, or point deps.database at an OSV all.zip or folder.",
  damagedDatabase: (path: string, reason: string) => `The vulnerability database at ${path} cannot be used: ${reason}.`,
  staleDatabase: (path: string, updated: string, days: number, maxAgeDays: number) =>
    `The data in the vulnerability database at ${path} is old: it has advisories up to ${updated}, ${days} days ago (deps.maxAgeDays is ${maxAgeDays}), so advisories published since are missing. Fetch current data with \`secgate db update\` (a zip given with --from is only as new as its contents).`,
  unpinnedRequirement: 'not an exact pin (==), so its version is unknown and it was not audited; pin it or audit the lock file',
  urlRequirement: 'installed from a URL or path, which no advisory database covers; it was not audited',
  editableRequirement: 'an editable install (-e), which no advisory database covers; it was not audited',
  invalidVersion: (version: string) => `"${version}" is not a PEP 440 version, so it was not audited`,
  invalidRequirement: 'not a requirement secgate can read, so it was not audited',
  advisoryFallback: (id: string) => `known vulnerability ${id}`,
  dbUpdating: (from: string) => `secgate: fetching ${from}`,
  dbDownloaded: (bytes: string) => `secgate: downloaded ${bytes}`,
  dbUpdated: (path: string, advisories: number, packages: number, updated: string) =>
    `secgate: vulnerability database updated: ${advisories} advisories for ${packages} packages, data up to ${updated}, at ${path}`,
  dbConfigElsewhere: (configured: string) =>
    `secgate: note: this repository's deps.database reads ${configured}, not the database just updated; \`db update\` writes only to the user cache.`,
  dbDownloadFailed: (url: string, reason: string) => `Could not download ${url}: ${reason}.`,
  dbDownloadRemedy: 'Check the network (or SECGATE_OSV_URL), or fetch the file elsewhere and run `secgate db update --from <all.zip>`.',
  dbFromMissing: (path: string) => `--from ${path}: no such file.`,
  dbUnknownAction: (action: string) => `secgate db ${action}: the actions are \`update\` and \`status\`.`,

  // --- hooks (install, uninstall, bypass, doctor) ----------------------------
  hookCannotFindSecgate: (hook: string, tried: string[]) => [
    `secgate: the ${hook} hook cannot find secgate (tried: ${tried.join('; ')}), so it blocks: unchecked is not passed.`,
    'Reinstall the hook from a working secgate: `secgate install` in this repository (a project that lists secgate as a devDependency: `npm install`, which runs it).',
    `To skip this hook once, knowingly and unrecorded: git ${hook === 'pre-push' ? 'push' : 'commit'} --no-verify`,
  ],
  installSkippedCI: 'secgate: CI is set, so no hooks were installed (in CI, run `secgate scan --since <ref>`).',
  installSkippedNoRepo: (cwd: string) => `secgate: ${cwd} is not inside a git work tree, so no hooks were installed.`,
  installSkippedNoGit: 'secgate: git was not found, so no hooks were installed.',
  unknownHookOption: (name: string) => `--hook ${name}: secgate installs pre-commit, pre-merge-commit and pre-push.`,
  hookInstalled: (hook: string, path: string) => `secgate: installed the ${hook} hook: ${path}`,
  hookUpdated: (hook: string, path: string) => `secgate: updated the ${hook} hook: ${path}`,
  hookUnchanged: (hook: string, path: string) => `secgate: the ${hook} hook is already installed: ${path}`,
  hookPreviousKept: (previous: string) => `  the hook that was there is kept as ${previous} and runs first`,
  huskyInstalled: (hook: string, path: string) => `secgate: added secgate to husky's ${hook} hook: ${path}`,
  huskyStubMissing: (stub: string) => `  husky's ${stub} is missing, so git will not run this hook yet: run \`npx husky\` to recreate it`,
  hooksPathRefused: (scope: string, value: string, dir: string) =>
    `core.hooksPath is set (${scope}: ${value}), so git runs hooks from ${dir} only; secgate does not install into the .git/hooks git ignores, nor uninvited into a hooks directory it does not recognise.`,
  hooksPathRemedy:
    'Choose one: `secgate install --force` installs into that directory; or unset it (`git config --unset core.hooksPath`, with `--global` if it is global) and run `secgate install` again; or call `secgate run pre-commit` and `secgate run pre-push "$@"` from the hooks already there.',
  previousHookConflict: (path: string, previous: string) =>
    `${path} is not secgate's hook, and ${previous}, a hook secgate moved aside before, is still there: installing would lose one of them.`,
  previousHookConflictRemedy: 'Merge the two into one file or remove one, then run `secgate install` again.',
  uninstallSkippedNoRepo: (cwd: string) => `secgate: ${cwd} is not inside a git work tree; there are no hooks to remove.`,
  hookRemoved: (hook: string, path: string) => `secgate: removed the ${hook} hook: ${path}`,
  hookRestored: (hook: string, path: string) => `secgate: removed the ${hook} hook and put back the one that was there: ${path}`,
  hookForeign: (hook: string, path: string) => `secgate: ${path} is not secgate's ${hook} hook; left as it is.`,
  huskyRemoved: (hook: string, path: string) => `secgate: removed secgate from husky's ${hook} hook: ${path}`,
  nothingToUninstall: 'secgate: no secgate hooks were installed here.',
  hooksNotWritable: (path: string, reason: string) => `Cannot write ${path}: ${reason}`,
  hooksNotWritableRemedy: 'Check the permissions of the hooks directory (or of the husky files), then run the command again.',
  // The pre-commit framework, pre-merge-commit, and install fetching the database.
  hookBesideFramework: (frameworkHook: string, path: string) =>
    `  ${frameworkHook} is the pre-commit framework's hook: secgate's is ${path}, which the framework runs first (\`pre-commit install -f\` drops it; the framework's own way is to list secgate in .pre-commit-config.yaml, see the README)`,
  frameworkPushHalfRange:
    'The pre-commit framework set only one of PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF, so the pushed range is unknown and the push was not checked.',
  doctorHookFramework: (path: string) => `the pre-commit framework's hook: ${path}`,
  doctorHookFrameworkRunsSecgate: (legacy: string) => `runs secgate's hook ${legacy} first`,
  doctorHookFrameworkListsSecgate: (id: string) => `.pre-commit-config.yaml lists \`${id}\`: the framework runs secgate`,
  doctorHookFrameworkWithoutSecgate: (id: string) =>
    `secgate does not run here: add \`${id}\` to .pre-commit-config.yaml (see the README), or run \`secgate install\``,
  doctorHookRecordedGone: (node: string, entry: string) =>
    `the recorded ${node} ${entry} is gone; the hook tries secgate on PATH (never the work tree), else blocks: run \`secgate install\` to record this one`,
  hookFrameworkUnchained: (path: string) =>
    `  the pre-commit framework's hook, which an older secgate had chained (the framework then stops with "installed in migration mode"), is back at ${path}`,
  doctorHookFrameworkChained:
    'that is the pre-commit framework\'s hook, which stops when run from there ("installed in migration mode"): run `secgate install` to put it back',
  installDbFetching: (from: string) =>
    `secgate: no vulnerability database yet; fetching ${from} (install may use the network, a hook never does)`,
  installDbFailed: (reason: string) =>
    `secgate: the hooks are installed, but the vulnerability database could not be fetched: ${reason}\n  Until it is there, a commit or push that changes a dependency manifest stops with exit 3. Run \`secgate db update\` when online, or \`secgate db update --from <zip>\` with a copy of OSV's PyPI export (all.zip).`,
  installDbConfiguredMissing: (path: string) =>
    `secgate: the hooks are installed, but deps.database points at ${path}, which does not exist; put OSV's PyPI export there (\`secgate db update\` writes only to its default place).`,
  installDbConfigUnreadable: (reason: string) =>
    `secgate: the hooks are installed; the config could not be read, so the vulnerability database was not checked: ${reason}`,

  bypassDisabled:
    'SECGATE_BYPASS is set, but this repository disables bypasses (bypass.allowed is false in the secgate config), so the check was not skipped and nothing was committed or pushed.',
  bypassDisabledRemedy: 'Unset SECGATE_BYPASS, then fix the findings, or add an ignore with a reason to the config.',
  bypassNoReason: (value: string) =>
    `SECGATE_BYPASS=${JSON.stringify(value)} gives no reason; a bypass is recorded with why it was needed, so this one is refused and nothing was committed or pushed.`,
  bypassNoReasonRemedy:
    'Say why, in words: SECGATE_BYPASS="hotfix for INC-1234, reviewed by Ana" git commit … (it goes into the bypass log).',
  bypassReasonMissing: '(no reason given)',
  bypassWarning: (hook: string, reason: string, log: string) =>
    [
      '',
      `!!! secgate: BYPASSED. The ${hook} security check was skipped; nothing was scanned.`,
      // Control characters from the environment are not sent to the terminal.
      `!!! reason: ${reason.replace(/\p{Cc}/gu, ' ')}`,
      `!!! recorded in ${log}`,
      '',
      '',
    ].join('\n'),
  bypassNotRecorded: (log: string, reason: string) => `The bypass could not be recorded in ${log} (${reason}), so it was not applied.`,
  bypassNotRecordedRemedy: 'Make the git directory writable, or fix the findings instead.',

  doctorRepository: (root: string) => root,
  doctorNoRepository: (cwd: string) => `${cwd} is not inside a git work tree: hooks, cache and bypasses are not shown`,
  doctorGitMissing: 'not found on PATH: secgate needs git',
  doctorNode: (version: string, path: string) => `${version} (${path})`,
  doctorBandit: (display: string, version: string | undefined) =>
    `${display} (${version === undefined ? 'version unknown: it did not answer like Bandit' : `Bandit ${version}`})`,
  doctorBanditNotNeeded: 'not needed: code.enabled is false',
  doctorConfigFile: (file: string) => file,
  doctorConfigDefaults: 'no config file: the defaults are in effect',
  doctorHook: (hook: string, state: string) => `${hook}: ${state}`,
  doctorHookSecgate: (path: string) => `secgate, ${path}`,
  doctorHookHusky: (path: string) => `secgate's block in husky's ${path}`,
  doctorHookForeign: (path: string) => `another hook, not secgate's: ${path}`,
  doctorHookAbsent: (path: string) => `not installed (${path}): run \`secgate install\``,
  doctorHookPrevious: (previous: string) => `runs ${previous} first`,
  doctorHookNotExecutable: 'not executable, so git skips it',
  doctorHookRecordedMissing: (node: string, entry: string) =>
    `the recorded ${node} ${entry} is gone; the hook falls back to node_modules/.bin and PATH (run \`secgate install\` to record this one)`,
  doctorHookIgnoredCopy: (path: string) => `a secgate hook in ${path} is ignored by git because core.hooksPath is set`,
  doctorHooksPathUnset: 'not set',
  doctorHooksPath: (scope: string, value: string, dir: string, husky: string | undefined) =>
    `${scope}: ${value} (${dir})${husky ? `, husky ${husky}` : ''}`,
  doctorCache: (files: number, bytes: string, dir: string) => `${files} file${files === 1 ? '' : 's'}, ${bytes} in ${dir}`,
  doctorDatabase: (path: string, exists: boolean, data?: { advisories: number; updated: string; age: number }, problem?: string) =>
    !exists
      ? `${path} does not exist: run \`secgate db update\``
      : problem
        ? `${path}: ${problem}`
        : data
          ? `${path}: ${data.advisories} advisories, data up to ${data.updated} (${data.age} days old)`
          : path,
  doctorDatabaseDisabled: 'not needed: deps.enabled is false',
  doctorBypassesNone: 'none recorded',
  doctorBypass: (time: string, who: string, hook: string, reason: string) => `${time}  ${who}  ${hook}  ${JSON.stringify(reason)}`,

  // --- cache -----------------------------------------------------------------
  cacheUnwritable: (dir: string, reason: string) =>
    `The result cache in ${dir} could not be written (${reason}); the verdict stands, but these files will be scanned again next time.`,
  cacheUnknownAction: (action: string | undefined) =>
    action === undefined
      ? 'Which action? `secgate cache stats` or `secgate cache clear`.'
      : `secgate cache ${action}: the actions are \`stats\` and \`clear\`.`,
  cacheStats: (dir: string, entries: number, bytes: string, maxEntries: number) => [
    `location  ${dir}`,
    `entries   ${entries}`,
    `size      ${bytes}`,
    maxEntries === 0
      ? 'bound     none: the cache is disabled (cache.maxEntries is 0), so nothing is read or written'
      : `bound     ${maxEntries} entries (cache.maxEntries); past it, the oldest written go first${entries > maxEntries ? ' (pruned at the next write)' : ''}`,
  ],
  cacheCleared: (dir: string, entries: number, bytes: string) =>
    `secgate: removed the cache ${dir}: ${entries} entr${entries === 1 ? 'y' : 'ies'}, ${bytes}`,
  cacheNothingToClear: (dir: string) => `secgate: there is no cache at ${dir}; nothing was removed.`,
  cacheUnremovable: (dir: string, reason: string) => `Cannot remove the cache ${dir}: ${reason}`,
  cacheUnremovableRemedy:
    'Check the permissions of the git directory, or remove the folder by hand: it holds only results that can be computed again.',

  // --- push ------------------------------------------------------------------
  pushArguments: (args: string[]) =>
    `\`secgate run pre-push\` takes the remote's name and URL, as git gives them to the hook (got: ${args.length === 0 ? 'nothing' : args.join(' ')}).`,
  pushArgumentsRemedy:
    'Call it from the pre-push hook as `secgate run pre-push "$@"`, with the refs on stdin; or run `secgate install --hook pre-push`.',
  pushLineInvalid: (lines: string[]) =>
    `Cannot read ${lines.length === 1 ? 'this line' : 'these lines'} of the pre-push input, so the push was not checked:\n${lines
      .slice(0, 5)
      .map((line) => `  ${JSON.stringify(line)}`)
      .join('\n')}`,
  pushObjectMissing: (sha: string, ref: string) => `The object ${sha} pushed to ${ref} is not in this repository, so it cannot be checked.`,
  pushInputRemedy:
    'git writes one "<local ref> <local sha> <remote ref> <remote sha>" line per ref; run secgate from the pre-push hook (`secgate run pre-push "$@"`), not by hand.',
  pushLogUnreadable: (field: string) =>
    `Cannot read git log's list of the files the pushed commits introduce (at ${JSON.stringify(field.slice(0, 80))}), so the push was not checked.`,
  pushLogRemedy:
    'Check that `git log --raw` works in this repository; a git config that changes its output (a log format or diff setting) may be the cause.',
  pushTrackingOtherUrl: (remote: string) =>
    `The remote-tracking refs of ${remote} come from its fetch URL, not the URL pushed to: every pushed commit the server did not report for these refs is judged.`,
  pushTrackingStale: (remote: string) =>
    `The remote-tracking refs of ${remote} disagree with what the server reported (stale after \`git remote set-url\`, or a branch deleted there): every pushed commit the server did not report for these refs is judged. \`git fetch --prune ${remote}\` refreshes them.`,

  // --- report ----------------------------------------------------------------
  nothingToScan: 'secgate: nothing to scan.',
  upgradeTo: (pkg: string, fixed: string[]) => `fix: upgrade ${pkg} to ${fixed.join(' or ')} or later`,
  noFixYet: 'no fixed version is known yet: consider removing or replacing the dependency',
  pushedIn: (origin: { ref: string; commit: string }[]) => {
    const byCommit = new Map<string, string[]>();
    for (const { ref, commit } of origin) byCommit.set(commit, [...(byCommit.get(commit) ?? []), ref]);
    return `introduced in ${[...byCommit].map(([commit, refs]) => `${commit.slice(0, 12)}, pushed on ${refs.join(', ')}`).join('; in ')}`;
  },
  unknownFormat: (name: string, allowed: string[]) => `Unknown report format "${name}"; allowed: ${allowed.join(', ')}.`,
  // --- report: what to do for each blocking finding, SARIF rules, progress ---
  whatToDo: 'What to do:',
  remedyCode: (link: string | undefined) =>
    link ? `change the code; see ${link}` : "change the code; see the rule in Bandit's documentation",
  remedyUpgrade: (pkg: string, fixed: string[]) => `upgrade ${pkg} to ${fixed.join(' or ')} or later`,
  remedyNoFix: (pkg: string) => `no fixed ${pkg} is known yet: remove or replace it`,
  remedyParseError: 'make the file readable for Bandit (valid Python 3, under the size limit), or exclude it with code.exclude',
  remedyUnaudited: {
    unpinned: (pkg: string) => `pin an exact version (${pkg}==x.y.z) so that it can be audited`,
    url: (pkg: string) => `depend on a released version (${pkg}==x.y.z) so that it can be audited`,
    editable: (pkg: string) => `depend on a released version (${pkg}==x.y.z) so that it can be audited`,
    invalid: () => 'correct the requirement so that it can be read and audited',
    unreadable: () => 'fix the manifest (or add the file it includes) so that it can be read, or set deps.onParseError to "warn"',
  },
  moreLocations: (count: number) => `and ${count} more`,
  ignoreExample: (id: string, path: string) =>
    `{ "ignore": [{ "id": ${JSON.stringify(id)}, "paths": [${JSON.stringify(path)}], "reason": "why it does not apply", "expires": "YYYY-MM-DD" }] }`,
  bypassHint: 'or, deliberately and on the record: SECGATE_BYPASS="<reason>" git commit … (or git push …)',
  reportWritten: (file: string) => `secgate: report written to ${file}`,
  outputUnwritable: (file: string, reason: string) => `Cannot write the report to ${file}: ${reason}`,
  outputUnwritableRemedy: 'Name a file in a folder that exists and that you may write to, or leave out --output to print the report.',
  ignoredByPolicy: 'ignored by the policy in the secgate configuration',
  sarifRule: {
    'parse-error': 'Bandit could not parse or read this file; unscanned code is not clean code.',
    symlink: 'A symbolic link whose target is outside the repository, missing, or in a loop: the code it stands for cannot be scanned.',
    unpinned: 'A requirement without an exact version (==) cannot be audited against advisories.',
    url: 'A requirement installed from a URL cannot be audited against advisories.',
    editable: 'An editable requirement cannot be audited against advisories.',
    invalid: 'A requirement secgate could not read cannot be audited against advisories.',
    unreadable: 'A dependency manifest secgate could not read or parse; unread dependencies are not safe ones.',
  },
  progressCollect: 'Collecting files',
  progressCollected: (files: number) => `Collected ${files} file${files === 1 ? '' : 's'}`,
  progressScanStart: 'Scanning files',
  progressAuditStart: 'Auditing manifests',
  progressScan: (files: number, cached: number) => `Scanning ${files} file${files === 1 ? '' : 's'} (${cached} from cache)`,
  progressAudit: (manifests: number) => `Auditing ${manifests} manifest${manifests === 1 ? '' : 's'}`,

  // --- faults: a run that could not finish is a tool error, never a pass -----
  childKilled: (signal: string) => `killed by ${signal}`,
  internalError: 'internal error, please report it with the lines below.',
  unfinished:
    'stopped before reaching a verdict: a step it was waiting for will never finish (a git or Bandit process that died?). Nothing was passed.',
  unfinishedRemedy: 'Run the command again; if it happens again, report it with the output of `secgate doctor`.',
  tempUnusable: (dir: string, reason: string) =>
    `The temporary directory ${dir} cannot hold the private copy of the files to scan (${reason}), so nothing was scanned and nothing passed.`,
  tempUnusableRemedy:
    'Point TMPDIR at a directory that exists, that you may write to, with free space and a short path (or unset it to use /tmp), then try again.',
  banditTimeout: (seconds: number, files: string[]) =>
    `Bandit did not finish within ${seconds} s and was stopped; these files were not scanned, so they do not pass: ${files.join(', ')}`,
  banditTimeoutRemedy:
    'Look at those files (a huge generated file?): exclude them with code.exclude, or allow more time with code.timeout (seconds) in the config or SECGATE_SCAN_TIMEOUT in your environment.',
  scanTimeoutInvalid: (value: string) => `SECGATE_SCAN_TIMEOUT=${JSON.stringify(value)} is not a number of seconds.`,
  banditBadReport: (command: string, problem: string) =>
    `${command} wrote a JSON report secgate cannot read (${problem}), so its files were not judged and nothing passed.`,
  banditBadReportRemedy:
    'secgate reads the reports of Bandit 1.6 to 1.9: check that the command above is a real Bandit (a wrapper or plugin that changes its output?), or name another with code.bandit or SECGATE_BANDIT.',
  damagedIndex: (dir: string, reason: string) =>
    `The index of the vulnerability database in ${dir} is damaged (${reason}), so dependencies cannot be audited (and a gate that cannot look does not pass).`,
  damagedIndexRemedy: (dir: string) =>
    `Run \`secgate db update\` (it builds a fresh index), or remove ${dir}: secgate rebuilds it from the database on the next run.`,
  scanTimeoutRemedy: 'Set it to a whole number of seconds, at least 1 (e.g. SECGATE_SCAN_TIMEOUT=600), or unset it to use code.timeout.',
  // --- db update: what was given, and how old its data is ----------------------
  dbSourceUnusable: (from: string, reason: string) => `${from} is not a usable OSV advisory database: ${reason}.`,
  dbSourceUnusableRemedy: (path: string) =>
    `The database in use (${path}) was not changed. Give OSV's PyPI export: \`secgate db update\` downloads it, or fetch https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip where there is network and run \`secgate db update --from <all.zip>\`.`,
  dbUpdatedOldData: (updated: string, days: number, maxAgeDays: number, given: boolean) =>
    `secgate: note: the update worked, but the data itself is old: it has advisories up to ${updated}, ${days} days ago (deps.maxAgeDays is ${maxAgeDays}). ${given ? 'The file given is an old snapshot; for current advisories run `secgate db update` where there is network, or give a newer all.zip.' : 'The source has not been refreshed since; check SECGATE_OSV_URL if you use a mirror.'}`,

  // --- old Bandit (before 1.7.0, such as Debian 12's 1.6.2) --------------------
  banditOld: (version: string, command: string) =>
    `Bandit ${version} (${command}) predates 1.7 and is known wrong in two ways: it reports Python 3's input() as HIGH B322, a Python 2 check Bandit removed in 1.7.0, so secgate drops B322 findings; and its \`# nosec\` matching is loose, so secgate honours \`# nosec\` only as a comment on the finding's line. ` +
    'For a current Bandit: `pipx install bandit` (Debian: `apt-get install pipx` first; in a virtualenv, `pip install bandit`), then make it the one secgate finds, which is SECGATE_BANDIT, else code.bandit in the config, else the first bandit on PATH, else python3 -m bandit: e.g. `code.bandit: "~/.local/bin/bandit"`, or ~/.local/bin before /usr/bin on PATH.',

  // --- per-command help (`secgate <command> --help`) --------------------------
  commandHelp: {
    run: [
      'Usage: secgate run pre-commit',
      '       secgate run pre-push <remote> <url>    (the refs come on stdin, as git gives them)',
      '',
      'What the installed hooks call: judges the staged content (pre-commit) or what a push',
      'sends (pre-push). Exit 0 pass, 1 blocked, 2 usage or config error, 3 tool error.',
      'SECGATE_VERBOSE=1 lists every finding (git passes a hook no flags); many warnings are otherwise counted by group.',
    ],
    scan: [
      'Usage: secgate scan [--staged | --all | --since <ref>] [<path>...] [--format text|json|sarif] [--output <file>] [--verbose]',
      '',
      '  --staged          the staged content, as the pre-commit hook judges it (the default)',
      '  --all             every file in the index',
      '  --since <ref>     the files changed since the merge base with <ref>, read at HEAD (for CI)',
      '  <path>...         files or folders as they are on disk (`--` before a name that starts with -)',
      '  --format <f>      text (default), json or sarif',
      '  --output <file>   write the report to <file>; the terminal gets the summary',
      '  -v, --verbose     list every finding in the text report (many warnings are otherwise counted by group)',
      '  -h, --help        this help',
      '',
      'Exit 0 pass (warnings allowed), 1 blocked by the policy, 2 usage or config error, 3 tool error.',
    ],
    install: [
      'Usage: secgate install [--hook pre-commit] [--hook pre-push] [--force]',
      '',
      'Writes the pre-commit and pre-push hooks (only those named with --hook) into the',
      'directory git runs hooks from; an existing hook is kept and runs first.',
      '  --hook <name>     install only this hook (repeatable)',
      '  --force           install into a core.hooksPath directory secgate does not recognise',
      '  -h, --help        this help',
    ],
    uninstall: ['Usage: secgate uninstall', '', "Removes secgate's hooks and puts back the ones it moved aside."],
    doctor: [
      'Usage: secgate doctor',
      '',
      'Shows what secgate would use and what is missing: git, Node.js, Bandit, the config,',
      'the hooks, the cache and the vulnerability database. Exit 0 all well, 2 invalid config,',
      '3 git or Bandit missing.',
    ],
    cache: [
      'Usage: secgate cache stats | clear',
      '',
      '  stats   where the result cache is, its entries, size and bound',
      '  clear   remove it (safe while hooks run)',
    ],
    db: [
      'Usage: secgate db update [--from <zip-or-url>] | db status',
      '',
      "  update                fetch OSV's PyPI advisories into the user cache (the network, once)",
      '  update --from <zip>   install a local OSV all.zip (offline), or fetch another URL',
      '  status                which database is used, how old its data is',
    ],
    worker: [
      'Usage: secgate worker status | stop',
      '',
      '  status   the resident Bandit workers of this user: pid, Bandit version, scans, since when',
      '  stop     stop them (the next scan that needs Bandit starts one again)',
      '',
      'A worker keeps Bandit loaded between commits; it exits by itself after 10 idle minutes.',
      'Off with code.worker: false, SECGATE_WORKER=0, or when CI is set.',
    ],
  } as Record<string, string[]>,
  // The content judged is the content committed (issue 11).
  fileChangedWhileScanned: (path: string) =>
    `${path} changed on disk while secgate was scanning it; its verdict would not be for what it holds now.`,
  fileChangedWhileScannedRemedy: 'Save your work, wait for other programs to stop writing the file, and run the scan again.',
  banditMisbehaved: (command: string, why: string) => `${command} did not answer as Bandit does (${why}); its results are not trusted.`,
  pathNotUtf8: (path: string) => `${path}: this file name is not UTF-8, so secgate cannot open it from the disk to scan it.`,
  pathNotUtf8Remedy:
    'Stage the file and run `secgate scan --staged` (or `--all`): content from the index is read by its id, whatever its name.',
  objectNotHereRemedy: (object: string) =>
    `A hook never fetches. In a partial clone, fetch it first outside the hook (for example \`git cat-file -p ${object}\`) and run again; otherwise check the repository with \`git fsck\`.`,
  // A loose object whose bytes do not hash to its name: git would hand them out unchecked.
  objectCorrupt: (object: string, file: string) =>
    `object ${object} is corrupt: its file ${file} holds content that does not hash to that id, so what the commit records cannot be judged`,
  objectCorruptRemedy:
    'Run `git fsck` to find the damaged objects; restore them (stage the files again, or fetch from a good copy) and run again.',
  banditMisbehavedRemedy:
    'Check that the program secgate runs as Bandit is Bandit itself (SECGATE_BANDIT, code.bandit, PATH), and run it by hand on a file.',
  symlinkUnresolved: (path: string, target: string, outside: boolean) =>
    `${path} is a symbolic link to ${target}, which is ${outside ? 'outside the repository' : 'not in the repository'}: what it stands for cannot be judged`,
  symlinkLoop: (path: string) =>
    `${path} is a symbolic link that leads round in a loop (or through more than 40 links): it stands for nothing that can be judged`,
  remedySymlink: 'point the link at a file inside the repository (and add that file), or exclude the path with code.exclude',
  // A failed run's machine report (JSON `errors`, SARIF notifications).
  internalErrorReport: (detail: string) => `internal error (exit 3), please report it: ${detail}`,
  // --- reports that fit a screen (issue 14) -----------------------------------
  unknownSeverityNote: (setting: string) =>
    `no severity is known for this advisory, and deps.unknownSeverity ("${setting}") counts that as blocking`,
  upgradeFixesAll: (pkg: string, from: string, to: string, count: number) =>
    `upgrade ${pkg} ${from} → ${to} (fixes ${count === 1 ? '1 advisory' : `${count} advisories`})`,
  noSingleUpgrade: (count: number) => `no single version fixes all ${count} advisories; by advisory:`,
  andMore: (shown: string[], total: number) =>
    total > shown.length ? `${shown.join(', ')} and ${total - shown.length} more` : shown.join(', '),
  groupedHeading: (warnings: number, ignored: number) =>
    `${warnings} warning${warnings === 1 ? '' : 's'} and ${ignored} ignored, counted by test id or package (--verbose, or SECGATE_VERBOSE=1 for a hook, lists each):`,
  groupLine: (subject: string, count: number, files: number, example: string) =>
    `${subject} ×${count} in ${files} file${files === 1 ? '' : 's'} (first at ${example})`,
  inheritedTag: 'inherited',
  sameNoteBelow: (count: number) => `(the same for the ${count} below)`,
  inheritedCount: (count: number) => `${count} of them inherited: the change did not bring them, its parent already had them`,
  moreGroups: (count: number) => `and ${count} more group${count === 1 ? '' : 's'} (--verbose lists each finding)`,
  ignoreIn: (file: string, exists: boolean) =>
    exists
      ? `a finding that does not apply: ignore it with a reason (and an expiry) in ${file}:`
      : `a finding that does not apply: ignore it with a reason (and an expiry) in a new ${file} (then \`git add ${file}\`):`,
  ignoreExampleYaml: (id: string, path: string) =>
    `ignore:\n  - { "id": ${JSON.stringify(id)}, "paths": [${JSON.stringify(path)}], "reason": "why it does not apply", "expires": "YYYY-MM-DD" }`,
  ignoreExamplePackageJson: (id: string, path: string) =>
    `"secgate": { "ignore": [{ "id": ${JSON.stringify(id)}, "paths": [${JSON.stringify(path)}], "reason": "why it does not apply", "expires": "YYYY-MM-DD" }] }`,
  ignoreExampleToml: (id: string, path: string) =>
    `[tool.secgate]\nignore = [{ id = ${JSON.stringify(id)}, paths = [${JSON.stringify(path)}], reason = "why it does not apply", expires = "YYYY-MM-DD" }]`,
  nosecHint: (id: string) => `or, for code, Bandit's own way: a \`# nosec ${id}\` comment on the flagged line, saying why`,
  // --- resident worker (issue 15) ---------------------------------------------
  workerUnknownAction: (action: string | undefined) =>
    action === undefined
      ? 'Which action? `secgate worker status` or `secgate worker stop`.'
      : `secgate worker ${action}: the actions are \`status\` and \`stop\`.`,
  workerOff: (why: string) => `off: ${why}; every scan starts Bandit afresh`,
  workerOffCi: 'CI is set',
  workerOffEnv: 'SECGATE_WORKER turns it off',
  workerOffConfig: 'code.worker is false',
  workerDirUnsafe: (dir: string, problem: string) =>
    `${dir} is ${problem}: no worker is used (Bandit starts afresh each scan) until it is a directory of yours with mode 0700`,
  workerNone: (dir: string) => `none running (in ${dir}); the next scan that needs Bandit starts one`,
  workerRunning: (pid: number | undefined, version: string | undefined, scans: number | undefined, since: string) =>
    `running: pid ${pid ?? '?'}, Bandit ${version ?? '?'}, ${scans ?? 0} scan${scans === 1 ? '' : 's'}, since ${since}`,
  workerAccelerated: (names: string[]) =>
    names.length === 1
      ? `  Bandit's ${names[0]} replaced by an exact equivalent (results unchanged)`
      : `  Bandit's ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} replaced by exact equivalents (results unchanged)`,
  workerFallbacks: (count: number, last: string) =>
    `  ${count} batch${count === 1 ? '' : 'es'} ran one-shot instead (the verdicts stand; only slower); the last: ${last}`,
  workerPrepared: (prepared: number) =>
    `  ${prepared} of them by a child forked ahead of its request (no fork, no page copies while the hook waits)`,
  workerSilent: (socket: string) => `${socket}: not answering (stuck or gone); \`secgate worker stop\` removes what it left`,
  workerStopped: (stopped: number, stale: number, dir: string) =>
    stopped + stale === 0
      ? `secgate: no worker was running in ${dir}.`
      : `secgate: stopped ${stopped} worker${stopped === 1 ? '' : 's'}${stale > 0 ? `, removed ${stale} left by one gone` : ''} (${dir}).`,
} as const;
