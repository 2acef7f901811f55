import type { GradedFinding, Verdict } from '../findings.js';
import { messages } from '../messages.js';
import type { Palette } from './colors.js';
import { whatToDo } from './what-to-do.js';

export interface TextOptions {
  /** PLAIN, or palette(true) to colour (the caller decides: a terminal, no NO_COLOR, not CI). */
  palette: Palette;
  /** List every finding in full (`scan --verbose`, SECGATE_VERBOSE=1 for a hook): no counting by group, no shortening. */
  verbose?: boolean;
  /** The config file in use, relative to the repository root, for the suggested ignore; absent when the defaults are in effect. */
  configFile?: string;
}

/**
 * More warnings and ignored findings than this are counted by group (test id
 * or package) rather than listed: a run on an old codebase has thousands of
 * LOW findings, and a report nobody reads to the end hides what blocks.
 */
export const MAX_LISTED = 20;

/** More blocking findings than this are listed a line each, without their links: the remedies follow, once per package or rule. */
export const MAX_DETAILED = 10;

/** At most this many group lines; the rest are counted. */
export const MAX_GROUPS = 15;

/**
 * The terminal shortens an advisory's text (JSON and SARIF carry it whole) to
 * its first line and about this many characters; to half that when blocking
 * findings are many, so each stays near one line.
 */
export const MAX_MESSAGE = 200;

/** What the terminal shows of a message: one line, cut at a word unless the run is verbose. */
export function shortMessage(message: string, verbose = false, max = MAX_MESSAGE): string {
  if (verbose) return message.replace(/\s+/g, ' ').trim();
  const lines = message.trim().split('\n');
  const text = (lines[0] ?? '').trim();
  if (text.length <= max) return lines.length > 1 ? `${text} …` : text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.75 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function label(finding: GradedFinding, c: Palette): string {
  switch (finding.status) {
    case 'blocking':
      return c.red(c.bold('BLOCK  '));
    case 'warning':
      return c.yellow('warn   ');
    case 'ignored':
      return c.dim('ignored');
  }
}

/** At most this many line numbers in a headline: a line repeated 64k times is one finding with a short title. */
const MAX_LINES = 5;

/** `line 3`, or `lines 3, 7, 9` for a finding written on several lines (a long list cut short). */
function lineLabel(finding: GradedFinding): string {
  const lines = 'lines' in finding && finding.lines && finding.lines.length > 1 ? finding.lines : undefined;
  if (!lines) return `line ${finding.line}`;
  const rest = lines.length > MAX_LINES ? ` ${messages.moreLocations(lines.length - MAX_LINES)}` : '';
  return `lines ${lines.slice(0, MAX_LINES).join(', ')}${rest}`;
}

interface Shown {
  /** Full: every alias, the fix and the first link under the headline (few blocking findings, or --verbose). */
  full: boolean;
  verbose: boolean;
}

/** The lines under a finding's headline: what it is, and where to read more. */
function detail(finding: GradedFinding, shown: Shown): { title: string; more: string[] } {
  const message = shortMessage(finding.message, shown.verbose, shown.full ? MAX_MESSAGE : MAX_MESSAGE / 2);
  switch (finding.kind) {
    case 'code':
      return {
        title: `${finding.severity} ${finding.id} ${finding.name ? `(${finding.name}) ` : ''}line ${finding.line}: ${message} [confidence ${finding.confidence}]`,
        more: finding.moreInfo && shown.full ? [finding.moreInfo] : [],
      };
    case 'unscanned':
      // A broken symlink was never given to Bandit: its message says all.
      return {
        title: `UNSCANNED line ${finding.line}: ${finding.id === 'symlink' ? finding.message : messages.parseError(finding.message)}`,
        more: [],
      };
    case 'dependency': {
      const ids = shown.full ? [finding.id, ...finding.aliases].join(', ') : finding.id;
      const fix = finding.fixed.length > 0 ? messages.upgradeTo(finding.package, finding.fixed) : messages.noFixYet;
      return {
        title: `${finding.severity} ${ids} ${lineLabel(finding)}: ${finding.package} ${finding.version}${finding.dev ? ' (dev)' : ''}: ${message}`,
        more: shown.full ? [fix, ...(finding.references ?? []).slice(0, 1)] : [],
      };
    }
    case 'unaudited':
      return { title: `NOT AUDITED ${lineLabel(finding)}: ${finding.requirement}: ${message}`, more: [] };
  }
}

/**
 * The closing lines: the counts, and when something blocks, each blocking
 * finding's remedy. On its own it is what the terminal gets when the report
 * itself went to a file (`scan --output`).
 */
export function textSummary(verdict: Verdict, options: TextOptions): string {
  const c = options.palette;
  const { blocking, warnings, ignored } = verdict.summary;
  const counts = `${blocking} blocking, ${warnings} warning${warnings === 1 ? '' : 's'}, ${ignored} ignored in ${verdict.files} file${verdict.files === 1 ? '' : 's'} (${verdict.cached} from cache)`;
  const lines = [blocking > 0 ? c.red(c.bold(`secgate: blocked: ${counts}`)) : c.green(`secgate: passed: ${counts}`)];
  lines.push(...whatToDo(verdict.findings, options.configFile));
  return `${lines.join('\n')}\n`;
}

/** Findings by file, each with its headline and the lines under it. */
function listed(findings: GradedFinding[], shown: Shown, c: Palette): string[] {
  const lines: string[] = [];
  let currentPath: string | undefined;
  findings.forEach((finding, index) => {
    if (finding.path !== currentPath) {
      currentPath = finding.path;
      lines.push(c.bold(c.underline(finding.path)));
    }
    const { title, more } = detail(finding, shown);
    // An inherited finding says so; when it has a note (the policy's demotion), the note says it.
    const inherited = finding.introduced === false && !finding.note ? ` ${c.dim(`(${messages.inheritedTag})`)}` : '';
    lines.push(`  ${label(finding, c)} ${title}${inherited}`);
    if (finding.origin?.length) lines.push(`          ${c.dim(messages.pushedIn(finding.origin))}`);
    if (finding.note && shown.full) lines.push(`          ${c.dim(finding.note)}`);
    else if (finding.note && findings[index - 1]?.note !== finding.note) {
      // Many findings in a row with one note (28 advisories without a severity): the note once, for all of them.
      let same = 0;
      while (findings[index + same + 1]?.note === finding.note) same += 1;
      lines.push(`          ${c.dim(same > 0 ? `${finding.note} ${messages.sameNoteBelow(same)}` : finding.note)}`);
    }
    for (const line of more) lines.push(`          ${c.dim(line)}`);
  });
  return lines;
}

/** What a group of warnings is about: a rule (code), a pinned package (dependencies), or a kind of problem. */
function groupSubject(finding: GradedFinding): string {
  switch (finding.kind) {
    case 'code':
      return `${finding.severity} ${finding.id}${finding.name ? ` (${finding.name})` : ''}`;
    case 'unscanned':
      return `UNSCANNED ${finding.id}`;
    case 'dependency':
      return `${finding.package} ${finding.version}${finding.dev ? ' (dev)' : ''} advisories`;
    case 'unaudited':
      return `NOT AUDITED ${finding.id}`;
  }
}

interface Group {
  finding: GradedFinding;
  subject: string;
  inherited: boolean;
  count: number;
  files: Set<string>;
}

/** What makes findings one group beside their status and age: the rule, the pinned package, or the kind of problem. */
function groupKey(finding: GradedFinding): string {
  // Bandit grades one test differently by case (B602 is HIGH or LOW): the severity is part of a code group.
  return finding.kind === 'dependency' ? `${finding.package}\0${finding.version}\0${finding.dev}` : `${finding.id}\0${finding.severity}`;
}

/** Warnings and ignored findings counted by status, new or inherited, and subject: one line each, the largest first. */
function grouped(findings: GradedFinding[], summary: Verdict['summary'], c: Palette): string[] {
  // A map per status, age and kind, keyed by the id or the pin: a warm hook counts thousands of findings, without building a key string for each.
  const tables = new Map<string, Map<string, Group>>();
  let inherited = 0;
  for (const finding of findings) {
    const old = finding.introduced === false;
    if (old) inherited += 1;
    const tableKey = `${finding.status}${old ? 'i' : 'n'}${finding.kind}`;
    let table = tables.get(tableKey);
    if (!table) tables.set(tableKey, (table = new Map()));
    const key = groupKey(finding);
    let group = table.get(key);
    if (!group) table.set(key, (group = { finding, subject: groupSubject(finding), inherited: old, count: 0, files: new Set() }));
    group.count += 1;
    group.files.add(finding.path);
  }
  const groups = [...tables.values()].flatMap((table) => [...table.values()]);
  const order = [...groups.values()].sort(
    (a, b) =>
      Number(a.finding.status === 'ignored') - Number(b.finding.status === 'ignored') ||
      Number(a.inherited) - Number(b.inherited) ||
      b.count - a.count,
  );
  const lines = [c.bold(messages.groupedHeading(summary.warnings, summary.ignored))];
  if (inherited > 0) lines.push(`  ${c.dim(messages.inheritedCount(inherited))}`);
  for (const group of order.slice(0, MAX_GROUPS)) {
    const tag = group.inherited ? ` ${c.dim(`(${messages.inheritedTag})`)}` : '';
    const example = `${group.finding.path}:${group.finding.line}`;
    lines.push(`  ${label(group.finding, c)} ${messages.groupLine(group.subject, group.count, group.files.size, example)}${tag}`);
  }
  if (order.length > MAX_GROUPS) lines.push(`  ${c.dim(messages.moreGroups(order.length - MAX_GROUPS))}`);
  return lines;
}

/**
 * The human report, then the summary. Findings are listed by file while they
 * are few (or with --verbose); past MAX_LISTED warnings and ignored findings,
 * the blocking ones are listed, each once, and the rest counted by group.
 */
export function textReport(verdict: Verdict, options: TextOptions): string {
  const c = options.palette;
  const verbose = options.verbose === true;
  const shown: Shown = { full: verbose || verdict.summary.blocking <= MAX_DETAILED, verbose };
  const rest = verdict.summary.warnings + verdict.summary.ignored;
  const lines =
    verbose || rest <= MAX_LISTED
      ? listed(verdict.findings, shown, c)
      : [
          ...listed(
            verdict.findings.filter((finding) => finding.status === 'blocking'),
            shown,
            c,
          ),
          ...grouped(
            verdict.findings.filter((finding) => finding.status !== 'blocking'),
            verdict.summary,
            c,
          ),
        ];
  for (const notice of verdict.notices) lines.push(c.yellow(`note: ${notice.message}`));
  // A blank line between the findings and the summary, none when there are no findings.
  return `${lines.length > 0 ? `${lines.join('\n')}\n\n` : ''}${textSummary(verdict, options)}`;
}
