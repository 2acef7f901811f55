import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rememberToolVersion } from '../../../src/cache/tool-version.js';
import { describeProgram, shebangProgram } from '../../../src/scanners/bandit/identity.js';
import { banditReportProblem } from '../../../src/scanners/bandit/parse.js';
import { tempDir } from '../../helpers/git-repo.js';

function script(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

describe('shebangProgram', () => {
  it('names the interpreter, looking `env` programs up on PATH', () => {
    const dir = tempDir();
    const python = script(dir, 'python3', '');
    expect(shebangProgram('/usr/bin/python3', {})).toBe('/usr/bin/python3');
    expect(shebangProgram('/usr/bin/python3 -I', {})).toBe('/usr/bin/python3');
    expect(shebangProgram('/usr/bin/env python3', { PATH: dir })).toBe(python);
    expect(shebangProgram('/usr/bin/env -S python3 -u', { PATH: dir })).toBe(python);
    expect(shebangProgram('/usr/bin/env PYTHONX=1 python3', { PATH: dir })).toBe(python);
    expect(shebangProgram('/usr/bin/env', {})).toBeUndefined();
    expect(shebangProgram('', {})).toBeUndefined();
  });
});

describe('describeProgram', () => {
  it('differs for another file, an edited file, another interpreter, and the variables that steer Python', () => {
    const dir = tempDir();
    const interpreter = script(dir, 'python-a', '#!/bin/sh\n');
    const other = script(dir, 'python-b', '#!/bin/sh\n');
    const bandit = script(dir, 'bandit', `#!${interpreter}\nimport bandit\n`);
    const lookalike = script(dir, 'bandit-too', `#!${interpreter}\nimport bandit\n`);
    const command = (executable: string) => ({ executable, prefix: [], display: executable });
    const base = describeProgram(command(bandit), {});

    expect(describeProgram(command(bandit), {})).toBe(base);
    expect(describeProgram(command(lookalike), {})).not.toBe(base);
    expect(describeProgram(command(bandit), { PYTHONPATH: '/tmp/fake' })).not.toBe(base);
    expect(describeProgram({ ...command(bandit), prefix: ['-m', 'bandit'] }, {})).not.toBe(base);

    utimesSync(bandit, new Date(2000, 1, 1), new Date(2000, 1, 1));
    const touched = describeProgram(command(bandit), {});
    expect(touched).not.toBe(base);
    writeFileSync(bandit, `#!${other}\nimport bandit\n`);
    utimesSync(bandit, new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(describeProgram(command(bandit), {})).not.toBe(touched);
  });
});

describe('rememberToolVersion', () => {
  it('remembers the version and the program digest for what ran, and probes again when that changes', async () => {
    const common = tempDir();
    mkdirSync(join(common, 'secgate'));
    const bandit = script(tempDir(), 'bandit', '#!/usr/bin/python3\n');
    let probes = 0;
    const probe = async () => {
      probes += 1;
      return '1.6.2';
    };
    const remember = rememberToolVersion(common);
    const first = await remember([bandit], probe, 'ran-a');
    const again = await remember([bandit], probe, 'ran-a');
    expect(again).toEqual(first);
    expect(probes).toBe(1);
    expect(first.program).toMatch(/^[0-9a-f]{16}$/);

    const other = await remember([bandit], probe, 'ran-b');
    expect(probes).toBe(2);
    expect(other.version).toBe('1.6.2');
    expect(other.program).not.toBe(first.program);
  });
});

describe('banditReportProblem', () => {
  const report = (extra: object = {}) => ({ errors: [], results: [], generated_at: 'now', metrics: { _totals: {} }, ...extra });
  const high = { issue_severity: 'HIGH', issue_confidence: 'HIGH' };

  it('accepts what Bandit writes', () => {
    expect(banditReportProblem(report(), 0)).toBeUndefined();
    expect(banditReportProblem(report({ results: [high] }), 1)).toBeUndefined();
    // A result Bandit does not count (UNDEFINED severity) leaves the exit status at 0.
    expect(banditReportProblem(report({ results: [{ issue_severity: 'UNDEFINED', issue_confidence: 'HIGH' }] }), 0)).toBeUndefined();
  });

  it('refuses a report that is not Bandit’s, or an exit status that contradicts it', () => {
    expect(banditReportProblem([], 0)).toMatch(/not a JSON object/);
    expect(banditReportProblem(null, 0)).toMatch(/not a JSON object/);
    expect(banditReportProblem({ ...report(), results: undefined }, 0)).toMatch(/results/);
    expect(banditReportProblem({ ...report(), errors: undefined }, 0)).toMatch(/errors/);
    expect(banditReportProblem({ ...report(), metrics: {} }, 0)).toMatch(/metrics/);
    expect(banditReportProblem({ ...report(), generated_at: undefined }, 0)).toMatch(/generation time/);
    expect(banditReportProblem(report(), 1)).toMatch(/exited 1/);
    expect(banditReportProblem(report({ results: [high] }), 0)).toMatch(/exited 0/);
  });
});
