import { messages } from '../messages.js';
import { previousHookName, type HookName } from './names.js';
import { shPrintError, shQuote } from './shell.js';

/** The line that makes a hook secgate's: reinstalling replaces it instead of moving it aside. */
export const HOOK_MARKER = '# secgate-managed-hook';

/** What `secgate install` records so the hook finds this secgate without PATH (GUI clients have a thin one). */
export interface Installation {
  /** Absolute path of the node that ran the installer (process.execPath). */
  node: string;
  /** Absolute path of this installation's bin/secgate.js. */
  entry: string;
}

export function isSecgateHook(content: string): boolean {
  return content.split('\n', 4).some((line) => line.startsWith(HOOK_MARKER));
}

/**
 * Set empty for secgate's node: with NODE_EXTRA_CA_CERTS set (common where
 * TLS is inspected), every Node start reads and parses that CA bundle, about 60 ms
 * on our CI machine, more than the rest of Node's start. A hook never uses the
 * network, so it has no use for it; the previous hook still gets it.
 */
const NO_CA_BUNDLE = 'NODE_EXTRA_CA_CERTS= ';

/** The secgate invocation as the hook writes it: pre-push passes git's arguments on. */
function secgateCall(hook: HookName): string {
  if (hook === 'pre-push') return `secgate_run run pre-push "$@"`;
  return `secgate_run run ${hook}`;
}

/**
 * sh functions the finder uses. `secgate_safe_path` sets $secgate_path to PATH
 * without the entries a repository controls: relative ones (`.`, an empty
 * entry, husky's `node_modules/.bin`) and any inside the work tree (hooks run
 * at its top level). PATH is the user's; those entries are the repository's.
 * `secgate_untracked` is true when git tracks none of the given paths: a file
 * git tracks is code the repository ships, never an installed secgate.
 */
const HELPERS = [
  'secgate_safe_path() {',
  '  secgate_path= secgate_top=$(pwd -P) secgate_ifs=$IFS',
  '  case $- in *f*) secgate_glob= ;; *) secgate_glob=1; set -f ;; esac',
  '  IFS=:',
  '  for secgate_dir in $PATH; do',
  '    case $secgate_dir in /*) ;; *) continue ;; esac',
  '    case $secgate_dir/ in "$PWD"/*|"$secgate_top"/*) continue ;; esac',
  '    secgate_path=${secgate_path:+$secgate_path:}$secgate_dir',
  '  done',
  '  IFS=$secgate_ifs',
  '  [ -z "$secgate_glob" ] || set +f',
  // An empty PATH would mean the current directory: the work tree.
  '  [ -n "$secgate_path" ] || secgate_path=/usr/local/bin:/usr/bin:/bin',
  '}',
  'secgate_untracked() {',
  '  secgate_tracked=$(git ls-files -- "$@" 2>/dev/null) && [ -z "$secgate_tracked" ]',
  '}',
];

/**
 * A sh function `secgate_run` that finds secgate and runs it, or fails closed.
 * Order: the recorded node + entry (plain hooks); the repository's
 * node_modules/.bin (husky blocks only, which record no paths, and only when
 * git tracks neither the shim nor the package); secgate on the safe PATH; then
 * the recorded entry with the safe PATH's node. Nothing the repository ships
 * is ever run: a plain hook never looks in the work tree, and every fallback
 * runs with the safe PATH, so a `#!/usr/bin/env node` shim cannot pick up a
 * committed `node` either.
 */
export function finderFunction(hook: HookName, recorded: Installation | undefined): string[] {
  // A package manager's .bin shim starts with `#!/usr/bin/env node`: give it the recorded node first.
  const safePath = recorded ? 'PATH="${secgate_node%/*}:$secgate_path"' : 'PATH="$secgate_path"';
  const tried = [
    ...(recorded ? [`${recorded.node} ${recorded.entry}`] : ['./node_modules/.bin/secgate (unless git tracks it)']),
    'secgate on PATH (outside the work tree)',
  ];
  return [
    ...HELPERS,
    'secgate_run() {',
    ...(recorded
      ? ['  if [ -x "$secgate_node" ] && [ -f "$secgate_entry" ]; then', `    ${NO_CA_BUNDLE}"$secgate_node" "$secgate_entry" "$@"`]
      : [
          '  if [ -x ./node_modules/.bin/secgate ] && secgate_untracked node_modules/.bin/secgate node_modules/secgate; then',
          '    secgate_safe_path',
          `    ${NO_CA_BUNDLE}${safePath} ./node_modules/.bin/secgate "$@"`,
        ]),
    '  elif secgate_safe_path && secgate_bin=$(PATH=$secgate_path; command -v secgate); then',
    `    ${NO_CA_BUNDLE}${safePath} "$secgate_bin" "$@"`,
    ...(recorded
      ? [
          '  elif [ -f "$secgate_entry" ] && secgate_bin=$(PATH=$secgate_path; command -v node); then',
          `    ${NO_CA_BUNDLE}"$secgate_bin" "$secgate_entry" "$@"`,
        ]
      : []),
    '  else',
    shPrintError(messages.hookCannotFindSecgate(hook, tried), '    '),
    '    return 3',
    '  fi',
    '}',
  ];
}

/**
 * The hook script git runs: POSIX sh, the marker on line 2. It runs a hook
 * that was there before (moved aside by the installer) first, with the same
 * arguments and, for pre-push, the same stdin from a private temporary copy.
 * It decides at run time whether that hook exists, so its text depends only
 * on the hook and the installation: reinstalling writes the same bytes.
 */
export function hookScript(hook: HookName, installation: Installation): string {
  const previous = previousHookName(hook);
  const runPrevious =
    hook === 'pre-push'
      ? [
          '  # Both hooks read the pushed refs on stdin: keep a private copy and give it to each.',
          '  secgate_stdin=$(mktemp) || exit 3',
          `  trap 'rm -f "$secgate_stdin"' EXIT`,
          `  trap 'exit 129' HUP`,
          `  trap 'exit 130' INT`,
          `  trap 'exit 143' TERM`,
          '  cat >"$secgate_stdin" || exit 3',
          '  "$secgate_previous" "$@" <"$secgate_stdin" || exit $?',
          `  ${secgateCall(hook)} <"$secgate_stdin"`,
          '  exit $?',
        ]
      : ['  "$secgate_previous" "$@" || exit $?'];
  return [
    '#!/bin/sh',
    `${HOOK_MARKER} (${hook}): written by \`secgate install\`, removed by \`secgate uninstall\`; edits are lost on reinstall.`,
    `# A ${hook} hook that was here before is kept as ${previous} and runs first.`,
    '# Recorded at install time, so the hook finds secgate even with the thin PATH of a GUI client:',
    `secgate_node=${shQuote(installation.node)}`,
    `secgate_entry=${shQuote(installation.entry)}`,
    '',
    ...finderFunction(hook, installation),
    '',
    `case $0 in */*) secgate_previous="\${0%/*}/${previous}" ;; *) secgate_previous=./${previous} ;; esac`,
    'if [ -x "$secgate_previous" ]; then',
    ...runPrevious,
    'fi',
    secgateCall(hook),
    '',
  ].join('\n');
}

/** Reads the recorded node and entry back from a hook script (for `doctor`). */
export function recordedInstallation(content: string): Partial<Installation> {
  const value = (name: string): string | undefined => {
    const match = new RegExp(`^${name}='((?:[^']|'\\\\'')*)'$`, 'm').exec(content);
    return match?.[1]?.replace(/'\\''/g, "'");
  };
  const node = value('secgate_node');
  const entry = value('secgate_entry');
  return { ...(node === undefined ? {} : { node }), ...(entry === undefined ? {} : { entry }) };
}
