/**
 * The options a requirements file may hold on a line of its own (pip's
 * SUPPORTED_OPTIONS). Only includes and editables matter to an audit; index,
 * binary and hash options are read past.
 */
import { shellSplit } from './shlex.js';

export type PipAction =
  | { kind: 'requirement' | 'constraint'; target: string }
  | { kind: 'editable'; target: string }
  /** What pip's option parser refuses, which makes pip refuse the whole file. */
  | { kind: 'error'; message: string };

interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  action?: 'requirement' | 'constraint' | 'editable';
}

const OPTIONS: OptionSpec[] = [
  { long: 'requirement', short: 'r', takesValue: true, action: 'requirement' },
  { long: 'constraint', short: 'c', takesValue: true, action: 'constraint' },
  { long: 'editable', short: 'e', takesValue: true, action: 'editable' },
  { long: 'index-url', short: 'i', takesValue: true },
  { long: 'extra-index-url', takesValue: true },
  { long: 'no-index', takesValue: false },
  { long: 'find-links', short: 'f', takesValue: true },
  { long: 'no-binary', takesValue: true },
  { long: 'only-binary', takesValue: true },
  { long: 'prefer-binary', takesValue: false },
  { long: 'require-hashes', takesValue: false },
  { long: 'pre', takesValue: false },
  { long: 'trusted-host', takesValue: true },
  { long: 'use-feature', takesValue: true },
  { long: 'hash', takesValue: true },
  { long: 'global-option', takesValue: true },
  { long: 'install-option', takesValue: true },
  { long: 'config-settings', short: 'C', takesValue: true },
];

/** optparse accepts any unambiguous prefix of a long option (`--req` is `--requirement`). */
function findLong(name: string): OptionSpec | undefined {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const prefixed = OPTIONS.filter((o) => o.long.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The includes and editables on an option line. An option pip does not know,
 * an ambiguous prefix or a missing value is an error: pip refuses the whole
 * file then, so what it would install is unknown.
 */
export function parseOptionLine(line: string): PipAction[] {
  const tokens = shellSplit(line);
  const actions: PipAction[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    let spec: OptionSpec | undefined;
    let value: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      spec = findLong(eq >= 0 ? token.slice(2, eq) : token.slice(2));
      if (eq >= 0) value = token.slice(eq + 1);
    } else if (token.startsWith('-') && token.length > 1) {
      spec = OPTIONS.find((o) => o.short === token.charAt(1));
      if (token.length > 2) value = token.slice(2).replace(/^=/, '');
    } else {
      // A word after the options is what optparse leaves as an argument; pip ignores those on an option line.
      continue;
    }
    if (!spec) {
      actions.push({ kind: 'error', message: `pip does not know the option ${clip(token)}` });
      continue;
    }
    if (!spec.takesValue) {
      if (value !== undefined && token.startsWith('--'))
        actions.push({ kind: 'error', message: `the option --${spec.long} takes no value` });
      continue;
    }
    if (value === undefined) value = tokens[++i];
    if (value === undefined) actions.push({ kind: 'error', message: `the option ${clip(token)} needs a value` });
    else if (spec.action && value !== '') actions.push({ kind: spec.action, target: value });
  }
  return actions;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
