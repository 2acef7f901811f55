import type { IgnoreRule } from '../config/types.js';
import type { GlobCompiler } from '../files/glob.js';
import { findingIds, type Finding } from '../findings.js';

/** An ignore applies through the whole of its `expires` day, in UTC. */
export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (rule.expires === undefined) return false;
  return now.getTime() >= Date.parse(`${rule.expires}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}

export interface IgnoreMatcher {
  /** The first rule that names this finding (by any of its ids) and covers its path. */
  match(finding: Finding): IgnoreRule | undefined;
}

/** Whether any rule limits itself to paths: only then is a glob compiler needed. */
export function ignoresNeedGlob(rules: IgnoreRule[]): boolean {
  return rules.some((rule) => rule.paths !== undefined && rule.paths.length > 0);
}

/**
 * Ids match case-insensitively (`b602`, `pysec-…`, `ghsa-…` are the same ids).
 * `glob` is required when ignoresNeedGlob(rules).
 */
export function ignoreMatcher(rules: IgnoreRule[], glob?: GlobCompiler): IgnoreMatcher {
  // The usual case, and a hot loop: nothing to compare ids against.
  if (rules.length === 0) return { match: () => undefined };
  const compile =
    glob ??
    (() => {
      throw new Error('ignoreMatcher: an ignore with paths needs a glob compiler');
    });
  const compiled = rules.map((rule) => ({
    rule,
    id: rule.id.toUpperCase(),
    path: rule.paths && rule.paths.length > 0 ? compile(rule.paths) : undefined,
  }));
  return {
    match(finding) {
      const ids = findingIds(finding).map((id) => id.toUpperCase());
      return compiled.find(({ id, path }) => ids.includes(id) && (path === undefined || path(finding.path)))?.rule;
    },
  };
}
