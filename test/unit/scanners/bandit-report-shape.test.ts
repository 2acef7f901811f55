import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportShapeProblem } from '../../../src/scanners/bandit/parse.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/bandit/${name}`, import.meta.url), 'utf8'));

/** A well-formed report with one result, with `change` applied to that result. */
function withResult(change: Record<string, unknown>): unknown {
  const result = {
    filename: 'app.py',
    test_id: 'B602',
    test_name: 'subprocess_popen_with_shell_equals_true',
    issue_severity: 'HIGH',
    issue_confidence: 'HIGH',
    issue_text: 'shell=True',
    line_number: 3,
    ...change,
  };
  return { errors: [], results: [result], metrics: {} };
}

describe('reportShapeProblem: both real shapes are reports', () => {
  it('Bandit 1.6.2', () => {
    expect(reportShapeProblem(fixture('report-1.6.2.json'))).toBeUndefined();
  });

  it('Bandit 1.8 (columns, issue_cwe, skipped_tests)', () => {
    expect(reportShapeProblem(fixture('report-1.8.json'))).toBeUndefined();
  });

  it('a clean report', () => {
    expect(reportShapeProblem({ errors: [], results: [], metrics: { _totals: { loc: 1 } } })).toBeUndefined();
  });
});

describe('reportShapeProblem: any other shape is named, never read', () => {
  it.each([
    ['null', null, 'not an object'],
    ['a list', [], 'not an object'],
    ['a number', 7, 'not an object'],
    ['results as an object', { errors: [], results: { 'app.py': [] } }, '"results" is not a list'],
    ['results missing', { errors: [] }, '"results" is missing'],
    ['errors missing', { results: [] }, '"errors" is missing'],
    ['errors as a string', { errors: 'none', results: [] }, '"errors" is not a list'],
    ['metrics as a list', { errors: [], results: [], metrics: [] }, '"metrics" is not an object'],
    ['a result that is null', { errors: [], results: [null] }, 'results[0] is not an object'],
    ['an error without a file name', { errors: [{ reason: 'x' }], results: [] }, 'errors[0].filename is missing'],
  ])('%s', (_name, report, problem) => {
    expect(reportShapeProblem(report)).toContain(problem);
  });

  it.each([
    ['a numeric severity', { issue_severity: 3 }, 'results[0].issue_severity is 3'],
    ['a numeric confidence', { issue_confidence: 2 }, 'results[0].issue_confidence'],
    ['no severity', { issue_severity: undefined }, 'results[0].issue_severity is missing'],
    ['a file name that is a number', { filename: 1 }, 'results[0].filename'],
    ['no file name', { filename: undefined }, 'results[0].filename is missing'],
    ['a line that is text', { line_number: '3' }, 'results[0].line_number'],
    ['a fractional line', { line_number: 2.5 }, 'results[0].line_number'],
    ['a test id that is a list', { test_id: ['B602'] }, 'results[0].test_id'],
    ['issue_cwe as a number', { issue_cwe: 78 }, 'results[0].issue_cwe'],
  ])('a result with %s', (_name, change, problem) => {
    expect(reportShapeProblem(withResult(change))).toContain(problem);
  });

  it('an unknown severity word is still a report (graded UNKNOWN, which blocks)', () => {
    expect(reportShapeProblem(withResult({ issue_severity: 'UNDEFINED' }))).toBeUndefined();
  });
});
