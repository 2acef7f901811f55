import type { GradedFinding } from '../findings.js';
import { messages } from '../messages.js';

/** How many places a remedy names before it says "and N more": the list stays one line per remedy. */
const MAX_LOCATIONS = 3;

/** What a finding is called in the list, and the one thing that clears it. */
function subjectAndRemedy(finding: GradedFinding): { subject: string; remedy: string } {
  switch (finding.kind) {
    case 'code':
      return { subject: finding.id, remedy: messages.remedyCode(finding.moreInfo) };
    case 'unscanned':
      return { subject: finding.id, remedy: finding.id === 'symlink' ? messages.remedySymlink : messages.remedyParseError };
    case 'dependency':
      return {
        subject: `${finding.id} (${finding.package} ${finding.version})`,
        remedy: finding.fixed.length > 0 ? messages.remedyUpgrade(finding.package, finding.fixed) : messages.remedyNoFix(finding.package),
      };
    case 'unaudited':
      return { subject: finding.requirement, remedy: messages.remedyUnaudited[finding.id](finding.package) };
  }
}

/**
 * The closing list of the text report: each blocking finding's own remedy (the
 * same remedy for many places is one line), then how to ignore the first of
 * them with a reason, then the bypass. Empty when nothing blocks.
 */
export function whatToDo(findings: GradedFinding[]): string[] {
  const blocking = findings.filter((finding) => finding.status === 'blocking');
  const first = blocking[0];
  if (!first) return [];

  // Insertion order is the verdict's order, so the list is as deterministic as the findings.
  const groups = new Map<string, { subject: string; remedy: string; places: string[] }>();
  for (const finding of blocking) {
    const { subject, remedy } = subjectAndRemedy(finding);
    const key = `${subject}\0${remedy}`;
    const group = groups.get(key) ?? { subject, remedy, places: [] };
    group.places.push(`${finding.path}:${finding.line}`);
    groups.set(key, group);
  }

  const lines: string[] = [messages.whatToDo];
  for (const { subject, remedy, places } of groups.values()) {
    const shown = places.slice(0, MAX_LOCATIONS).join(', ');
    const rest = places.length > MAX_LOCATIONS ? ` ${messages.moreLocations(places.length - MAX_LOCATIONS)}` : '';
    lines.push(`  - ${subject} at ${shown}${rest}: ${remedy}`);
  }
  lines.push(`  - ${messages.ignoreHint}`, `      ${messages.ignoreExample(first.id, first.path)}`, `  - ${messages.bypassHint}`);
  return lines;
}
