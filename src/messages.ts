/**
 * Every sentence a user reads, in one place: the problem, then the remedy.
 * Functions, not templates, so each call site passes exactly what it knows.
 */

export const messages = {
  // --- usage -----------------------------------------------------------------
  unknownCommand: (name: string) => `Unknown command "${name}".`,
  unknownHook: (name: string | undefined) =>
    name === undefined ? 'Which hook? `secgate run pre-commit` or `secgate run pre-push <remote> <url>`.' : `Unknown hook "${name}": secgate runs pre-commit and pre-push.`,
  unexpectedArguments: (command: string, args: string[]) => `\`secgate ${command}\` takes no arguments (got: ${args.join(' ')}).`,
  conflictingOptions: (options: string[]) => `Use only one of ${options.join(', ')}.`,
  pathNotFound: (path: string) => `${path} does not exist.`,
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

  // --- git -------------------------------------------------------------------
  notARepository: (cwd: string) => `${cwd} is not inside a git work tree.`,
  notARepositoryRemedy: 'Run secgate from inside a git repository.',
  gitMissing: 'git was not found on PATH.',
  gitMissingRemedy: 'Install git, or run the hook where git is on PATH.',

  // --- bandit ----------------------------------------------------------------
  banditMissing: (tried: string[]) => `Bandit was not found (tried: ${tried.join(', ')}). Without it secgate cannot look at Python code, so it cannot pass it.`,
  banditMissingRemedy:
    'Install Bandit (Debian/Ubuntu: `sudo apt-get install bandit`; otherwise `pipx install bandit` or `pip install bandit`), or name it with `code.bandit` in the config or SECGATE_BANDIT. To commit anyway, bypass with a reason: SECGATE_BYPASS="why" git commit …',
  banditCrashed: (command: string, status: string, stderr: string) =>
    `Bandit failed (${command}, ${status}) and produced no report:\n${stderr.trim().split('\n').slice(-15).join('\n')}`,
  banditCrashedRemedy: 'Run the command above by hand to see the problem; check the Bandit installation and its config.',
  banditInRepository: (path: string) =>
    `code.bandit points into the repository (${path}); secgate will not run a program that a cloned repository provides.`,
  banditInRepositoryRemedy: 'Name a Bandit installed on the machine (a command on PATH or an absolute path outside the repository), or set SECGATE_BANDIT in your own environment.',

  banditNoVersion: (command: string) => `${command} --version did not answer like Bandit.`,
  tooLarge: (bytes: number, limit: number) =>
    `This file is ${Math.round(bytes / 1024 / 1024)} MiB, over the ${Math.round(limit / 1024 / 1024)} MiB secgate gives Bandit; it was not scanned.`,
  banditConfigMissing: (file: string) => `code.banditConfig names ${file}, which does not exist or cannot be read.`,
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

  // --- deps (dependency audit, database) -------------------------------------

  // --- hooks (install, uninstall, bypass, doctor) ----------------------------

  // --- cache -----------------------------------------------------------------

  // --- push ------------------------------------------------------------------

  // --- report ----------------------------------------------------------------
  nothingToScan: 'secgate: nothing to scan.',
  upgradeTo: (pkg: string, fixed: string[]) => `fix: upgrade ${pkg} to ${fixed.join(' or ')} or later`,
  noFixYet: 'no fixed version is known yet: consider removing or replacing the dependency',
  pushedIn: (origin: { ref: string; commit: string }[]) =>
    `pushed in ${origin.map((o) => `${o.ref} at ${o.commit.slice(0, 12)}`).join(', ')}`,
  unknownFormat: (name: string, allowed: string[]) => `Unknown report format "${name}"; allowed: ${allowed.join(', ')}.`,
  howToProceed: [
    'What to do:',
    '  - fix the code or upgrade the dependency (see the links above);',
    '  - or, if a finding does not apply, add an ignore with a reason to the config:',
    '      { "ignore": [{ "id": "B602", "reason": "why it does not apply", "expires": "YYYY-MM-DD" }] }',
    '  - or, deliberately and on the record: SECGATE_BYPASS="<reason>" git commit …',
  ],
} as const;
