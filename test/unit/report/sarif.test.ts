import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { sarifReport } from '../../../src/report/sarif.js';
import { REPORTERS } from '../../../src/report/index.js';
import { HOMEPAGE, VERSION } from '../../../src/version.js';
import { sarifSchemaErrors } from '../../helpers/sarif.js';
import { B602_INFO, code, dependency, everyKind, verdictOf } from './verdicts.js';

function parse(text: string): Log {
  return JSON.parse(text) as Log;
}

function onlyRun(log: Log) {
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  if (!run) throw new Error('no run');
  return run;
}

function resultsOf(log: Log): Result[] {
  return onlyRun(log).results ?? [];
}

describe('sarifReport', () => {
  it('is valid SARIF 2.1.0 for every kind of finding in every status', () => {
    const log = parse(sarifReport(everyKind(), ['Bandit crashed on big.py']));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
  });

  it('is valid for a verdict with nothing in it', () => {
    const log = parse(sarifReport(verdictOf([])));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(onlyRun(log).results).toEqual([]);
    expect(onlyRun(log).tool.driver.rules).toEqual([]);
  });

  it('is caught by the schema check when it is wrong (the check can fail)', () => {
    const log = parse(sarifReport(everyKind()));
    const first = resultsOf(log)[0];
    if (!first) throw new Error('no result');
    (first as { level: string }).level = 'blocking';
    expect(sarifSchemaErrors(log).join('\n')).toContain('/runs/0/results/0/level');
  });

  it('names secgate as the tool, with its version and where to read about it', () => {
    const { driver } = onlyRun(parse(sarifReport(everyKind()))).tool;
    expect(driver).toMatchObject({ name: 'secgate', version: VERSION, informationUri: HOMEPAGE });
  });

  it('gives blocking findings level error, warnings warning, ignored ones note with an external suppression', () => {
    const results = resultsOf(parse(sarifReport(everyKind())));
    const summary = results.map((result) => [result.ruleId, result.level, result.suppressions ?? null]);
    expect(summary).toEqual([
      ['secgate/parse-error', 'error', null],
      ['B404', 'warning', null],
      ['B602', 'error', null],
      ['B602', 'warning', null],
      ['PYSEC-2019-217', 'error', null],
      ['GHSA-w235-7p84-xx57', 'warning', null],
      ['secgate/unpinned', 'warning', null],
      ['secgate/url', 'note', [{ kind: 'external', justification: 'ignored by the policy in the secgate configuration' }]],
      ['B101', 'note', [{ kind: 'external', justification: 'asserts are how pytest works' }]],
    ]);
  });

  it('points at the repository path from %SRCROOT%, percent-encoded, with the line and the column when known', () => {
    const results = resultsOf(parse(sarifReport(everyKind())));
    const where = (ruleId: string, index = 0) =>
      results.filter((result) => result.ruleId === ruleId)[index]?.locations?.[0]?.physicalLocation;
    expect(where('B602')).toEqual({
      artifactLocation: { uri: 'deploy.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 5 },
    });
    expect(where('B602', 1)).toEqual({
      artifactLocation: { uri: 'my%20scripts/run%20job.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2 },
    });
    // A dependency finding points at its line in the manifest.
    expect(where('GHSA-w235-7p84-xx57')).toEqual({
      artifactLocation: { uri: 'requirements.txt', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2 },
    });
  });

  it('leaves out the region when the line is unknown, as SARIF lines start at 1', () => {
    const results = resultsOf(parse(sarifReport(verdictOf([{ ...dependency({ line: 0 }), status: 'blocking' }]))));
    expect(results[0]?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'requirements.txt', uriBaseId: '%SRCROOT%' } });
  });

  it('has one rule per id, sorted, and each result indexes its own rule', () => {
    const run = onlyRun(parse(sarifReport(everyKind())));
    const rules = run.tool.driver.rules ?? [];
    const ids = rules.map((rule) => rule.id);
    expect(ids).toEqual([
      'B101',
      'B404',
      'B602',
      'GHSA-w235-7p84-xx57',
      'PYSEC-2019-217',
      'secgate/parse-error',
      'secgate/unpinned',
      'secgate/url',
    ]);
    for (const result of run.results ?? []) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
  });

  it("describes a Bandit rule by its test and links Bandit's page for it", () => {
    const rules = onlyRun(parse(sarifReport(everyKind()))).tool.driver.rules ?? [];
    const b602 = rules.find((rule) => rule.id === 'B602');
    expect(b602).toMatchObject({
      name: 'subprocess_popen_with_shell_equals_true',
      shortDescription: { text: 'B602: subprocess_popen_with_shell_equals_true' },
      helpUri: B602_INFO,
      properties: { tags: ['security', 'bandit', 'external/cwe/cwe-78'], 'security-severity': '8.0' },
    });
    // Every blacklist test is named "blacklist"; its message says what it is.
    expect(rules.find((rule) => rule.id === 'B404')?.shortDescription?.text).toBe(
      'B404: Consider possible security implications associated with subprocess module.',
    );
  });

  it('describes an advisory by its summary, aliases and references', () => {
    const rules = onlyRun(parse(sarifReport(everyKind()))).tool.driver.rules ?? [];
    const advisory = rules.find((rule) => rule.id === 'PYSEC-2019-217');
    expect(advisory).toMatchObject({
      shortDescription: { text: 'Jinja2 sandbox escape via str.format_map' },
      helpUri: 'https://osv.dev/vulnerability/PYSEC-2019-217',
      properties: {
        aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
        references: ['https://github.com/pallets/jinja/releases/tag/2.10.1'],
      },
    });
    expect(advisory?.help?.text).toContain('https://github.com/pallets/jinja/releases/tag/2.10.1');
  });

  it("gives what secgate reports itself (unscanned, unaudited) secgate's own rules, with no made-up severity", () => {
    const rules = onlyRun(parse(sarifReport(everyKind()))).tool.driver.rules ?? [];
    const parseError = rules.find((rule) => rule.id === 'secgate/parse-error');
    expect(parseError?.shortDescription?.text).toMatch(/could not parse/);
    expect(parseError?.properties?.['security-severity']).toBeUndefined();
    expect(rules.find((rule) => rule.id === 'secgate/unpinned')?.shortDescription?.text).toMatch(/exact version/);
  });

  it('gives a rule the highest severity any of its results has', () => {
    const verdict = verdictOf([
      { ...code({ severity: 'MEDIUM', line: 1 }), status: 'blocking' },
      { ...code({ severity: 'HIGH', line: 9 }), status: 'blocking' },
    ]);
    const rules = onlyRun(parse(sarifReport(verdict))).tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.properties?.['security-severity'])).toEqual(['8.0']);
  });

  it("carries each finding's severity, confidence and facts as properties", () => {
    const results = resultsOf(parse(sarifReport(everyKind())));
    expect(results.find((result) => result.ruleId === 'B602')?.properties).toEqual({
      status: 'blocking',
      severity: 'HIGH',
      confidence: 'HIGH',
    });
    expect(results.find((result) => result.ruleId === 'PYSEC-2019-217')?.properties).toEqual({
      status: 'blocking',
      severity: 'HIGH',
      package: 'jinja2',
      dev: false,
      version: '2.10',
      aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
      fixed: ['2.10.1'],
    });
  });

  it('says in a dependency result what fixes it', () => {
    const results = resultsOf(parse(sarifReport(everyKind())));
    expect(results.find((result) => result.ruleId === 'PYSEC-2019-217')?.message.text).toBe(
      'jinja2 2.10: Jinja2 sandbox escape via str.format_map; upgrade jinja2 to 2.10.1 or later',
    );
  });

  it('fingerprints every result differently, and a dependency the same when its line moves', () => {
    const fingerprints = resultsOf(parse(sarifReport(everyKind()))).map((result) => result.partialFingerprints?.['secgate/v1']);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    const at = (line: number) =>
      resultsOf(parse(sarifReport(verdictOf([{ ...dependency({ line }), status: 'blocking' }]))))[0]?.partialFingerprints;
    expect(at(1)).toEqual(at(7));
  });

  it('carries notices and errors as tool notifications, and says the run failed when there were errors', () => {
    const [invocation] = onlyRun(parse(sarifReport(everyKind(), ['Bandit crashed on big.py']))).invocations ?? [];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.map((n) => [n.level, n.message.text])).toEqual([
      ['warning', 'The advisory database is 40 days old.'],
      ['error', 'Bandit crashed on big.py'],
    ]);
  });

  it('is byte-for-byte the same for the same verdict, and results follow the verdict', () => {
    const verdict = everyKind();
    expect(sarifReport(verdict)).toBe(sarifReport(everyKind()));
    const uris = resultsOf(parse(sarifReport(verdict))).map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    expect(uris).toEqual(verdict.findings.map((finding) => finding.path.split('/').map(encodeURIComponent).join('/')));
  });

  it('is the registry entry for --format sarif', async () => {
    const verdict = everyKind();
    expect(await REPORTERS.sarif(verdict, { color: true })).toBe(sarifReport(verdict));
  });
});
