/**
 * One logical requirements-file line, the way pip's req_file.py reads it:
 * continuations joined, comments dropped, `${VAR}` expanded, per-line options
 * split off, and the requirement told apart from a URL or a local path.
 */
import type { Classified } from './pep508.js';
import { classifyPep508 } from './pep508.js';

export interface LogicalLine {
  /** 1-based: the first physical line of a continued line. */
  line: number;
  text: string;
}

const COMMENT_START = /^\s*#/;
const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;
const SPACE = /\s/;

/**
 * pip's COMMENT_RE `(^|\s+)#.*$` removed: the text before the first `#` that
 * starts the line or follows whitespace. A scan, not that pattern: a
 * backtracking `\s+` is quadratic on a line of spaces.
 */
export function stripComment(text: string): string {
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    if (at === 0 || SPACE.test(text.charAt(at - 1))) return text.slice(0, at);
  }
  return text;
}

/** Python's `line.strip("\\")`, by index: `\\+$` retried at each backslash of a long run is quadratic. */
function stripBackslashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x5c) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x5c) end--;
  return text.slice(start, end);
}

/** pip's preprocess(): join_lines, ignore_comments, expand_env_variables. */
export function logicalLines(lines: string[], env: NodeJS.ProcessEnv): LogicalLine[] {
  const out: LogicalLine[] = [];
  const push = (line: number, raw: string) => {
    const text = stripComment(raw)
      .trim()
      // pip leaves an unknown or empty variable as written.
      .replace(ENV_VAR, (whole, name: string) => env[name] || whole);
    if (text !== '') out.push({ line, text });
  };
  let joined: string[] = [];
  let first = 0;
  lines.forEach((raw, index) => {
    // A comment line ends a continuation even when it ends in a backslash.
    if (!raw.endsWith('\\') || COMMENT_START.test(raw)) {
      const line = COMMENT_START.test(raw) ? ` ${raw}` : raw;
      if (joined.length > 0) {
        joined.push(line);
        push(first, joined.join(''));
        joined = [];
      } else {
        push(index + 1, line);
      }
    } else {
      if (joined.length === 0) first = index + 1;
      joined.push(stripBackslashes(raw));
    }
  });
  if (joined.length > 0) push(first, joined.join(''));
  return out;
}

/** pip's break_args_options(): the requirement is every word before the first that starts with `-`. */
export function splitArgs(text: string): { args: string; options: string } {
  const words = text.split(/\s+/);
  const at = words.findIndex((w) => w.startsWith('-'));
  if (at < 0) return { args: text, options: '' };
  return { args: words.slice(0, at).join(' '), options: words.slice(at).join(' ') };
}

const ARCHIVE = /\.(whl|zip|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;

/** pip's is_url(): a scheme it can fetch, including VCS ones (`git+https:`). */
export function isPipUrl(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 0) return false;
  const scheme = text.slice(0, colon).toLowerCase();
  return ['http', 'https', 'file', 'ftp', 'git', 'svn'].includes(scheme) || /^(git|hg|svn|bzr)\+[a-z-]+$/.test(scheme);
}

function looksLikePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.startsWith('.');
}

/** The name a URL or path install declares (`#egg=name`), else the target itself. */
export function targetName(target: string): string {
  const egg = /[#&]egg=([^&[\s]+)/.exec(target);
  return egg?.[1] ?? target;
}

/** A requirement line's words: a PEP 508 requirement, or a URL, VCS reference, archive or path. */
export function classifyPipRequirement(args: string): Classified {
  if (isPipUrl(args)) {
    const target = args.split(/;\s/)[0]?.trim() ?? args;
    return { name: targetName(target), kind: 'url' };
  }
  const beforeMarker = (args.split(';')[0] ?? '').trim();
  const at = beforeMarker.indexOf('@');
  const namedUrl = at > 0 && !looksLikePath(beforeMarker.slice(0, at));
  if (!namedUrl && (looksLikePath(beforeMarker) || ARCHIVE.test(beforeMarker))) {
    return { name: targetName(beforeMarker), kind: 'url' };
  }
  return classifyPep508(args);
}
