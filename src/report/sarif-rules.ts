import type { ReportingDescriptor } from 'sarif';
import type { GradedFinding, Severity } from '../findings.js';
import { messages } from '../messages.js';

/**
 * GitHub code scanning ranks security alerts by a rule's `security-severity`
 * (a CVSS-like score as a string: 9.0+ critical, 7.0+ high, 4.0+ medium, else
 * low). An unknown severity gets none rather than a guess.
 */
const SECURITY_SEVERITY: Record<Severity, number | undefined> = { LOW: 3, MEDIUM: 5.5, HIGH: 8, CRITICAL: 9.5, UNKNOWN: undefined };

/** Bandit and advisory ids keep their own names; what secgate itself reports is namespaced. */
export function ruleId(finding: GradedFinding): string {
  return finding.kind === 'unscanned' || finding.kind === 'unaudited' ? `secgate/${finding.id}` : finding.id;
}

/** Where to read about an advisory: every OSV id (PYSEC, GHSA, CVE aliases) has a page there. */
function advisoryUri(id: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

/** A rule from the first finding seen with its id: Bandit's test, an advisory, or one of secgate's own. */
function describe(finding: GradedFinding): ReportingDescriptor {
  switch (finding.kind) {
    case 'code':
      return {
        id: finding.id,
        ...(finding.name ? { name: finding.name } : {}),
        // Bandit names all its import and call blacklists "blacklist"; their message says what each one is about.
        shortDescription: { text: `${finding.id}: ${finding.name && finding.name !== 'blacklist' ? finding.name : finding.message}` },
        ...(finding.moreInfo
          ? {
              helpUri: finding.moreInfo,
              help: { text: `Bandit ${finding.id}: ${finding.moreInfo}`, markdown: `[Bandit ${finding.id}](${finding.moreInfo})` },
            }
          : {}),
        properties: { tags: ['security', 'bandit', ...(finding.cwe ? [`external/cwe/cwe-${finding.cwe}`] : [])] },
      };
    case 'dependency': {
      const references = finding.references ?? [];
      return {
        id: finding.id,
        shortDescription: { text: finding.message },
        helpUri: advisoryUri(finding.id),
        help: {
          text: [finding.message, ...references].join('\n'),
          markdown: [finding.message, '', ...references.map((reference) => `- <${reference}>`)].join('\n').trimEnd(),
        },
        properties: { tags: ['security', 'dependency'], aliases: finding.aliases, ...(references.length > 0 ? { references } : {}) },
      };
    }
    case 'unscanned':
    case 'unaudited':
      return {
        id: ruleId(finding),
        shortDescription: { text: messages.sarifRule[finding.id] },
        properties: { tags: ['security', finding.kind === 'unscanned' ? 'bandit' : 'dependency'] },
      };
  }
}

function severityScore(finding: GradedFinding): number | undefined {
  return SECURITY_SEVERITY[finding.severity];
}

/**
 * One rule per rule id among the findings, sorted by id (plain code-unit
 * order, the same on every machine). A Bandit test can report at several
 * severities; its rule takes the highest seen.
 */
export function rulesOf(findings: GradedFinding[]): ReportingDescriptor[] {
  const rules = new Map<string, { rule: ReportingDescriptor; score: number | undefined }>();
  for (const finding of findings) {
    const id = ruleId(finding);
    const seen = rules.get(id);
    const score = severityScore(finding);
    if (!seen) rules.set(id, { rule: describe(finding), score });
    else if (score !== undefined && (seen.score === undefined || score > seen.score)) seen.score = score;
  }
  return [...rules.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { rule, score }]) =>
      score === undefined ? rule : { ...rule, properties: { ...rule.properties, 'security-severity': score.toFixed(1) } },
    );
}
