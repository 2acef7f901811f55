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
  return hook === 'pre-push' ? `secgate_run run pre-push "$@"` : 'secgate_run run pre-commit';
}

/**
 * A sh function `secgate_run` that finds secgate and runs it, or fails closed.
 * Order: the recorded node + entry, the repository's node_modules/.bin, PATH,
 * then PATH's node with the recorded entry. Hooks run at the work tree's top
 * level, so ./node_modules is the repository's.
 */
export function finderFunction(hook: HookName, recorded: Installation | undefined): string[] {
  // A package manager's .bin shim starts with `#!/usr/bin/env node`: give it the recorded node.
  const withNode = `${NO_CA_BUNDLE}${recorded ? 'PATH="${secgate_node%/*}:$PATH" ' : ''}`;
  const tried = [...(recorded ? [`${recorded.node} ${recorded.entry}`] : []), './node_modules/.bin/secgate', 'secgate on PATH'];
  return [
    'secgate_run() {',
    ...(recorded
      ? [
          '  if [ -x "$secgate_node" ] && [ -f "$secgate_entry" ]; then',
          `    ${NO_CA_BUNDLE}"$secgate_node" "$secgate_entry" "$@"`,
          '  elif [ -x ./node_modules/.bin/secgate ]; then',
        ]
      : ['  if [ -x ./node_modules/.bin/secgate ]; then']),
    `    ${withNode}./node_modules/.bin/secgate "$@"`,
    '  elif command -v secgate >/dev/null 2>&1; then',
    `    ${withNode}secgate "$@"`,
    ...(recorded
      ? ['  elif [ -f "$secgate_entry" ] && command -v node >/dev/null 2>&1; then', `    ${NO_CA_BUNDLE}node "$secgate_entry" "$@"`]
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
