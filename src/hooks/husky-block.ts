import type { HookName } from './names.js';
import { finderFunction } from './script.js';

/**
 * secgate's block in a husky hook file (`.husky/pre-commit`), pure text work.
 * Husky files are committed, so the block records no machine's paths: it
 * finds secgate in node_modules/.bin, then on PATH (husky v9 sources
 * ~/.config/husky/init.sh first, where GUI users set PATH).
 */

const BEGIN = (hook: HookName) => `# >>> secgate ${hook}`;
const END = (hook: HookName) => `# <<< secgate ${hook}`;
/** On the begin line when secgate created the file, so uninstall can delete it again. */
const CREATED = '(secgate created this file)';

/** What secgate writes before its block when it creates a husky hook file. */
export function huskyHeader(layout: 'v9' | 'legacy'): string {
  // Older husky runs .husky/<hook> directly: it needs the shebang and its husky.sh.
  return layout === 'legacy' ? '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' : '';
}

export function huskyBlock(hook: HookName, created: boolean): string {
  const run =
    hook === 'pre-push'
      ? [
          '# secgate reads the pushed refs on stdin; keep a private copy so the lines below read them too.',
          'secgate_stdin=$(mktemp) || exit 3',
          `trap 'rm -f "$secgate_stdin"' EXIT`,
          `trap 'rm -f "$secgate_stdin"; exit 130' INT`,
          `trap 'rm -f "$secgate_stdin"; exit 143' TERM`,
          `trap 'rm -f "$secgate_stdin"; exit 129' HUP`,
          'cat >"$secgate_stdin" || exit 3',
          'secgate_run run pre-push "$@" <"$secgate_stdin" && secgate_status=0 || secgate_status=$?',
          'exec <"$secgate_stdin"',
          'rm -f "$secgate_stdin"',
          'trap - EXIT INT TERM HUP',
          '[ "$secgate_status" -eq 0 ] || exit "$secgate_status"',
        ]
      : [`secgate_run run ${hook} || exit $?`];
  return [
    `${BEGIN(hook)}${created ? ` ${CREATED}` : ''}: added by \`secgate install\`, removed by \`secgate uninstall\`.`,
    ...finderFunction(hook, undefined),
    ...run,
    END(hook),
    '',
  ].join('\n');
}

interface BlockSpan {
  start: number;
  end: number;
  created: boolean;
}

function findBlock(content: string, hook: HookName): BlockSpan | undefined {
  const lines = content.split('\n');
  let offset = 0;
  let begin: { start: number; created: boolean } | undefined;
  for (const line of lines) {
    const next = offset + line.length + 1;
    if (!begin && (line === BEGIN(hook) || line.startsWith(`${BEGIN(hook)} `) || line.startsWith(`${BEGIN(hook)}:`))) {
      begin = { start: offset, created: line.includes(CREATED) };
    } else if (begin && line === END(hook)) {
      return { start: begin.start, end: Math.min(next, content.length), created: begin.created };
    }
    offset = next;
  }
  return undefined;
}

export function hasHuskyBlock(content: string, hook: HookName): boolean {
  return findBlock(content, hook) !== undefined;
}

/**
 * Where the block goes: after a shebang and older husky's `. …/husky.sh`
 * line, before the user's commands. First, so a later `exit 0` or a command
 * that reads stdin cannot skip or starve it, and an earlier failure in an old
 * husky file (no `sh -e`) is not masked by our status coming last.
 */
function insertionPoint(content: string): number {
  let offset = 0;
  for (const line of content.split('\n')) {
    const isHeader = line.startsWith('#!') || (/^\.\s/.test(line) && line.includes('husky.sh'));
    // Only whole lines: a header without its newline is handled by the caller.
    if (!isHeader || offset + line.length >= content.length) break;
    offset += line.length + 1;
  }
  return offset;
}

/** The file with secgate's block added, or replaced when it is there (idempotent). */
export function withHuskyBlock(content: string | undefined, hook: HookName, layout: 'v9' | 'legacy'): string {
  if (content === undefined) return huskyHeader(layout) + huskyBlock(hook, true);
  const existing = findBlock(content, hook);
  if (existing) return content.slice(0, existing.start) + huskyBlock(hook, existing.created) + content.slice(existing.end);
  // A file that is only a header without its final newline gets one, so the block starts on a line of its own.
  const text =
    content !== '' && !content.endsWith('\n') && insertionPoint(`${content}\n`) === content.length + 1 ? `${content}\n` : content;
  const at = insertionPoint(text);
  return text.slice(0, at) + huskyBlock(hook, false) + text.slice(at);
}

/**
 * The file without secgate's block: exactly what it was before install, or
 * undefined when secgate created the file and nothing else was added to it.
 */
export function withoutHuskyBlock(content: string, hook: HookName, layout: 'v9' | 'legacy'): string | undefined {
  const existing = findBlock(content, hook);
  if (!existing) return content;
  const rest = content.slice(0, existing.start) + content.slice(existing.end);
  return existing.created && rest === huskyHeader(layout) ? undefined : rest;
}
