import type { GradedFinding, Verdict } from '../findings.js';
import { messages } from '../messages.js';
import type { Palette } from './colors.js';
import { whatToDo } from './what-to-do.js';

export interface TextOptions {
  /** PLAIN, or palette(true) to colour (the caller decides: a terminal, no NO_COLOR, not CI). */
  palette: Palette;
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

/** The lines under a finding's headline: what it is, and where to read more. */
function detail(finding: GradedFinding): { title: string; more: string[] } {
  switch (finding.kind) {
    case 'code':
      return {
        title: `${finding.severity} ${finding.id} ${finding.name ? `(${finding.name}) ` : ''}line ${finding.line}: ${finding.message} [confidence ${finding.confidence}]`,
        more: finding.moreInfo ? [finding.moreInfo] : [],
      };
    case 'unscanned':
      // A broken symlink was never given to Bandit: its message says all.
      return {
        title: `UNSCANNED line ${finding.line}: ${finding.id === 'symlink' ? finding.message : messages.parseError(finding.message)}`,
        more: [],
      };
    case 'dependency': {
      const ids = [finding.id, ...finding.aliases].join(', ');
      const fix = finding.fixed.length > 0 ? messages.upgradeTo(finding.package, finding.fixed) : messages.noFixYet;
      return {
        title: `${finding.severity} ${ids} ${lineLabel(finding)}: ${finding.package} ${finding.version}${finding.dev ? ' (dev)' : ''}: ${finding.message}`,
        more: [fix, ...(finding.references ?? []).slice(0, 1)],
      };
    }
    case 'unaudited':
      return { title: `NOT AUDITED ${lineLabel(finding)}: ${finding.requirement}: ${finding.message}`, more: [] };
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
  lines.push(...whatToDo(verdict.findings));
  return `${lines.join('\n')}\n`;
}

/**
 * The human report: findings grouped by file, then the summary.
 */
export function textReport(verdict: Verdict, options: TextOptions): string {
  const c = options.palette;
  const lines: string[] = [];
  let currentPath: string | undefined;
  for (const finding of verdict.findings) {
    if (finding.path !== currentPath) {
      currentPath = finding.path;
      lines.push(c.bold(c.underline(finding.path)));
    }
    const { title, more } = detail(finding);
    lines.push(`  ${label(finding, c)} ${title}`);
    if (finding.origin?.length) lines.push(`          ${c.dim(messages.pushedIn(finding.origin))}`);
    if (finding.note) lines.push(`          ${c.dim(finding.note)}`);
    for (const line of more) lines.push(`          ${c.dim(line)}`);
  }
  for (const notice of verdict.notices) lines.push(c.yellow(`note: ${notice.message}`));
  // A blank line between the findings and the summary, none when there are no findings.
  return `${lines.length > 0 ? `${lines.join('\n')}\n\n` : ''}${textSummary(verdict, options)}`;
}
