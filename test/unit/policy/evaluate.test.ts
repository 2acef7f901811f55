import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/defaults.js';
import type { Config, IgnoreRule, Threshold } from '../../../src/config/types.js';
import type {
  CodeFinding,
  Confidence,
  DependencyFinding,
  Finding,
  Severity,
  UnauditedFinding,
  UnscannedFinding,
} from '../../../src/findings.js';
import { compareFindings, evaluate, verdictExitCode } from '../../../src/policy/evaluate.js';
import { isExpired } from '../../../src/policy/ignore.js';
import { loadGlob } from '../../../src/files/glob.js';

const glob = await loadGlob();

const NOW = new Date('2026-06-01T12:00:00Z');

function config(
  overrides: Partial<Omit<Config, 'code' | 'deps'>> & { code?: Partial<Config['code']>; deps?: Partial<Config['deps']> } = {},
): Config {
  const base = defaultConfig();
  return {
    ...base,
    ...overrides,
    code: { ...base.code, ...overrides.code },
    deps: { ...base.deps, ...overrides.deps },
  } as Config;
}

function code(severity: Severity, extra: Partial<CodeFinding> = {}): CodeFinding {
  return {
    kind: 'code',
    id: 'B602',
    name: 'subprocess_popen_with_shell_equals_true',
    severity,
    confidence: 'HIGH',
    path: 'app.py',
    line: 3,
    message: 'm',
    ...extra,
  };
}

function dep(severity: Severity, extra: Partial<DependencyFinding> = {}): DependencyFinding {
  return {
    kind: 'dependency',
    id: 'PYSEC-2019-217',
    aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
    package: 'jinja2',
    version: '2.10',
    severity,
    fixed: ['2.10.1'],
    path: 'requirements.txt',
    line: 1,
    dev: false,
    message: 'sandbox escape',
    ...extra,
  };
}

const unscanned: UnscannedFinding = {
  kind: 'unscanned',
  id: 'parse-error',
  severity: 'UNKNOWN',
  path: 'bad.py',
  line: 1,
  message: 'syntax error',
};
const unpinned: UnauditedFinding = {
  kind: 'unaudited',
  id: 'unpinned',
  severity: 'UNKNOWN',
  package: 'requests',
  requirement: 'requests>=2',
  path: 'requirements.txt',
  line: 2,
  dev: false,
  message: 'not pinned',
};

const run = (findings: Finding[], cfg: Config = config(), options: { now?: Date; reportUnusedIgnores?: boolean } = {}) =>
  evaluate(findings, cfg, {
    now: options.now ?? NOW,
    files: 1,
    cached: 0,
    ...(options.reportUnusedIgnores ? { reportUnusedIgnores: true } : {}),
    glob,
  });

const statusOf = (finding: Finding, cfg?: Config, now?: Date) => run([finding], cfg, now ? { now } : {}).findings[0]?.status;

describe('evaluate: the default policy of DESIGN.md', () => {
  it('no finding passes', () => {
    const verdict = run([]);
    expect(verdict.summary).toEqual({ blocking: 0, warnings: 0, ignored: 0 });
    expect(verdictExitCode(verdict)).toBe(0);
  });

  it('LOW warns (exit 0), MEDIUM, HIGH and CRITICAL block (exit 1)', () => {
    expect(statusOf(code('LOW'))).toBe('warning');
    expect(statusOf(code('MEDIUM'))).toBe('blocking');
    expect(statusOf(code('HIGH'))).toBe('blocking');
    expect(statusOf(dep('CRITICAL'))).toBe('blocking');
    expect(verdictExitCode(run([code('LOW')]))).toBe(0);
    expect(verdictExitCode(run([code('LOW'), code('MEDIUM', { line: 9 })]))).toBe(1);
  });

  it('counts the summary', () => {
    const verdict = run([code('LOW'), code('HIGH', { line: 4 }), dep('LOW'), unscanned]);
    expect(verdict.summary).toEqual({ blocking: 2, warnings: 2, ignored: 0 });
    expect(verdict.files).toBe(1);
    expect(verdict.cached).toBe(0);
  });

  it('an UNKNOWN code severity (Bandit UNDEFINED) blocks even under failOn critical', () => {
    expect(statusOf(code('UNKNOWN'))).toBe('blocking');
    expect(statusOf(code('UNKNOWN'), config({ failOn: 'critical' }))).toBe('blocking');
  });
});

describe('evaluate: failOn thresholds', () => {
  const table: [Threshold, Record<'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL', 'blocking' | 'warning'>][] = [
    ['low', { LOW: 'blocking', MEDIUM: 'blocking', HIGH: 'blocking', CRITICAL: 'blocking' }],
    ['medium', { LOW: 'warning', MEDIUM: 'blocking', HIGH: 'blocking', CRITICAL: 'blocking' }],
    ['high', { LOW: 'warning', MEDIUM: 'warning', HIGH: 'blocking', CRITICAL: 'blocking' }],
    ['critical', { LOW: 'warning', MEDIUM: 'warning', HIGH: 'warning', CRITICAL: 'blocking' }],
  ];
  it.each(table)('failOn %s', (failOn, expected) => {
    for (const [severity, status] of Object.entries(expected)) {
      expect(statusOf(dep(severity as Severity), config({ failOn })), `${severity} under ${failOn}`).toBe(status);
      if (severity !== 'CRITICAL')
        expect(statusOf(code(severity as Severity), config({ failOn })), `code ${severity} under ${failOn}`).toBe(status);
    }
  });
});

describe('evaluate: code.minConfidence', () => {
  const at = (confidence: Confidence) => code('HIGH', { confidence });

  it('low (the default) keeps every known confidence', () => {
    expect(statusOf(at('LOW'))).toBe('blocking');
    expect(statusOf(at('MEDIUM'))).toBe('blocking');
    expect(statusOf(at('HIGH'))).toBe('blocking');
  });

  it('medium shows LOW-confidence findings as ignored, with a note naming the setting', () => {
    const cfg = config({ code: { minConfidence: 'medium' } });
    const [finding] = run([at('LOW')], cfg).findings;
    expect(finding?.status).toBe('ignored');
    expect(finding?.note).toContain('minConfidence');
    expect(statusOf(at('MEDIUM'), cfg)).toBe('blocking');
  });

  it('high keeps only HIGH confidence', () => {
    const cfg = config({ code: { minConfidence: 'high' } });
    expect(statusOf(at('MEDIUM'), cfg)).toBe('ignored');
    expect(statusOf(at('HIGH'), cfg)).toBe('blocking');
  });

  it('with the default (no confidence filter), an UNDEFINED confidence is not dropped: unknown is never quietly passed', () => {
    // Bandit's default confidence for a result is UNDEFINED (bandit/core/constants.py CONFIDENCE_DEFAULT).
    expect(statusOf(at('UNDEFINED'))).toBe('blocking');
  });
});

describe('evaluate: ignores', () => {
  const ignore = (rule: Partial<IgnoreRule>): IgnoreRule[] => [{ id: 'B602', reason: 'input is a constant', ...rule }];

  it('ignores by id, case-insensitively, and shows the reason', () => {
    const [finding] = run([code('HIGH')], config({ ignore: ignore({ id: 'b602' }) })).findings;
    expect(finding?.status).toBe('ignored');
    expect(finding?.note).toBe('input is a constant');
  });

  it('matches a dependency by any alias, case-insensitively', () => {
    expect(statusOf(dep('HIGH'), config({ ignore: ignore({ id: 'cve-2019-10906' }) }))).toBe('ignored');
    expect(statusOf(dep('HIGH'), config({ ignore: ignore({ id: 'ghsa-462w-v97r-4m45' }) }))).toBe('ignored');
    expect(statusOf(dep('HIGH'), config({ ignore: ignore({ id: 'CVE-2000-0001' }) }))).toBe('blocking');
  });

  it('an ignore with paths applies only to matching paths (globs)', () => {
    const cfg = config({ ignore: ignore({ paths: ['scripts/**', '*.pyw'] }) });
    expect(statusOf(code('HIGH', { path: 'scripts/deploy/run.py' }), cfg)).toBe('ignored');
    expect(statusOf(code('HIGH', { path: 'gui.pyw' }), cfg)).toBe('ignored');
    expect(statusOf(code('HIGH', { path: 'app/main.py' }), cfg)).toBe('blocking');
    expect(statusOf(code('HIGH', { path: 'app/scripts/run.py' }), cfg)).toBe('blocking');
  });

  it('globs match dot folders too', () => {
    const cfg = config({ ignore: ignore({ paths: ['ci/**'] }) });
    expect(statusOf(code('HIGH', { path: 'ci/.hidden/x.py' }), cfg)).toBe('ignored');
  });

  it('an ignore for another id does not apply', () => {
    expect(statusOf(code('HIGH'), config({ ignore: ignore({ id: 'B603' }) }))).toBe('blocking');
  });

  it('an ignore applies through the whole of its expiry day in UTC, then the finding blocks again with a note', () => {
    const cfg = config({ ignore: ignore({ expires: '2026-11-24' }) });
    expect(statusOf(code('HIGH'), cfg, new Date('2026-11-24T00:00:00Z'))).toBe('ignored');
    expect(statusOf(code('HIGH'), cfg, new Date('2026-11-24T23:59:59Z'))).toBe('ignored');
    expect(statusOf(code('HIGH'), cfg, new Date('2026-11-24T23:59:59.999Z'))).toBe('ignored');
    const [expired] = run([code('HIGH')], cfg, { now: new Date('2026-11-25T00:00:00Z') }).findings;
    expect(expired?.status).toBe('blocking');
    expect(expired?.note).toContain('expired');
    expect(expired?.note).toContain('2026-11-24');
    expect(expired?.note).toContain('input is a constant');
  });

  it('an expired ignore on a LOW finding leaves it a warning, not a block', () => {
    const cfg = config({ ignore: ignore({ expires: '2020-01-01' }) });
    expect(statusOf(code('LOW'), cfg)).toBe('warning');
  });

  it('isExpired: no expiry never expires; the boundary is midnight UTC after the day', () => {
    expect(isExpired({ id: 'x', reason: 'why' }, new Date('2999-01-01T00:00:00Z'))).toBe(false);
    expect(isExpired({ id: 'x', reason: 'why', expires: '2026-11-24' }, new Date('2026-11-24T23:59:59Z'))).toBe(false);
    expect(isExpired({ id: 'x', reason: 'why', expires: '2026-11-24' }, new Date('2026-11-25T00:00:00Z'))).toBe(true);
    // 2026-11-24T20:00 in New York is already 2026-11-25T01:00Z: expired.
    expect(isExpired({ id: 'x', reason: 'why', expires: '2026-11-24' }, new Date('2026-11-24T20:00:00-05:00'))).toBe(true);
  });

  it('reports unused ignores only when asked', () => {
    const cfg = config({
      ignore: [
        { id: 'B602', reason: 'used one' },
        { id: 'B999', reason: 'stale one' },
      ],
    });
    expect(run([code('HIGH')], cfg).notices).toEqual([]);
    const notices = run([code('HIGH')], cfg, { reportUnusedIgnores: true }).notices.map((n) => n.message);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('B999');
  });

  it('an expired ignore that matched is not reported as unused', () => {
    const cfg = config({ ignore: ignore({ expires: '2020-01-01' }) });
    expect(run([code('HIGH')], cfg, { reportUnusedIgnores: true }).notices).toEqual([]);
  });

  it('keeps notices passed in', () => {
    const verdict = evaluate([], config(), { now: NOW, files: 0, cached: 0, notices: [{ message: 'hello' }] });
    expect(verdict.notices).toEqual([{ message: 'hello' }]);
  });
});

describe('evaluate: unscanned files (code.onParseError)', () => {
  it('fail (the default) blocks', () => {
    expect(statusOf(unscanned)).toBe('blocking');
  });

  it('warn warns with a note, whatever failOn is', () => {
    const [finding] = run([unscanned], config({ code: { onParseError: 'warn' }, failOn: 'low' })).findings;
    expect(finding?.status).toBe('warning');
    expect(finding?.note).toContain('onParseError');
  });

  it('fail blocks even under failOn critical', () => {
    expect(statusOf(unscanned, config({ failOn: 'critical' }))).toBe('blocking');
  });
});

describe('evaluate: unreadable manifests (deps.onParseError)', () => {
  const unreadable: UnauditedFinding = {
    ...unpinned,
    id: 'unreadable',
    package: '',
    requirement: 'pyproject.toml',
    message: 'could not be parsed',
  };

  it('fail (the default) blocks, whatever deps.unpinned says', () => {
    expect(statusOf(unreadable, config({ deps: { unpinned: 'ignore' } }))).toBe('blocking');
    expect(statusOf(unpinned, config({ deps: { unpinned: 'ignore' } }))).toBe('ignored');
  });

  it('warn warns with a note', () => {
    const [finding] = run([unreadable], config({ deps: { onParseError: 'warn' } })).findings;
    expect(finding?.status).toBe('warning');
    expect(finding?.note).toBe('deps.onParseError is "warn"');
  });
});

describe('evaluate: dependencies', () => {
  it('an advisory of unknown severity counts as deps.unknownSeverity (default high: blocks)', () => {
    expect(statusOf(dep('UNKNOWN'))).toBe('blocking');
    expect(statusOf(dep('UNKNOWN'), config({ deps: { unknownSeverity: 'low' } }))).toBe('warning');
    expect(statusOf(dep('UNKNOWN'), config({ failOn: 'critical' }))).toBe('warning');
    expect(statusOf(dep('UNKNOWN'), config({ failOn: 'critical', deps: { unknownSeverity: 'critical' } }))).toBe('blocking');
  });

  it('an advisory that blocks for want of a severity names the setting; one that blocks by its own severity, or warns, has no note', () => {
    const [unknown] = run([dep('UNKNOWN')]).findings;
    expect(unknown?.note).toBe('no severity is known for this advisory, and deps.unknownSeverity ("high") counts that as blocking');
    const [critical] = run([dep('UNKNOWN')], config({ failOn: 'critical', deps: { unknownSeverity: 'critical' } })).findings;
    expect(critical?.note).toContain('deps.unknownSeverity ("critical")');
    expect(run([dep('HIGH')]).findings[0]?.note).toBeUndefined();
    expect(run([dep('UNKNOWN')], config({ deps: { unknownSeverity: 'low' } })).findings[0]?.note).toBeUndefined();
    // A dev-only one keeps its devOnly note: the demotion is what decides it.
    expect(run([dep('UNKNOWN', { dev: true })]).findings[0]?.note).toContain('devOnly');
  });

  it('deps.devOnly: warn (default) demotes a blocking dev-only finding to a warning with a note', () => {
    const [finding] = run([dep('HIGH', { dev: true })]).findings;
    expect(finding?.status).toBe('warning');
    expect(finding?.note).toContain('devOnly');
  });

  it('deps.devOnly: fail judges dev-only findings like any other', () => {
    const cfg = config({ deps: { devOnly: 'fail' } });
    expect(statusOf(dep('HIGH', { dev: true }), cfg)).toBe('blocking');
    expect(statusOf(dep('LOW', { dev: true }), cfg)).toBe('warning');
  });

  it('deps.devOnly: ignore shows them as ignored', () => {
    const cfg = config({ deps: { devOnly: 'ignore' } });
    expect(statusOf(dep('HIGH', { dev: true }), cfg)).toBe('ignored');
    expect(statusOf(dep('LOW', { dev: true }), cfg)).toBe('ignored');
  });

  it('deps.devOnly never promotes: a LOW dev-only finding stays a warning under warn', () => {
    expect(statusOf(dep('LOW', { dev: true }))).toBe('warning');
  });

  it('devOnly does not touch non-dev findings', () => {
    expect(statusOf(dep('HIGH'), config({ deps: { devOnly: 'ignore' } }))).toBe('blocking');
  });

  it('deps.unpinned: warn (default), fail, ignore', () => {
    expect(statusOf(unpinned)).toBe('warning');
    expect(statusOf(unpinned, config({ deps: { unpinned: 'fail' } }))).toBe('blocking');
    expect(statusOf(unpinned, config({ deps: { unpinned: 'ignore' } }))).toBe('ignored');
  });
});

describe('evaluate: deterministic order', () => {
  const findings: Finding[] = [
    code('LOW', { path: 'b.py', line: 2, id: 'B101' }),
    code('HIGH', { path: 'a.py', line: 10, id: 'B602' }),
    unscanned,
    code('MEDIUM', { path: 'a.py', line: 2, id: 'B301' }),
    code('LOW', { path: 'a.py', line: 2, id: 'B101' }),
    dep('HIGH'),
    unpinned,
  ];

  it('sorts by path, then line, then id', () => {
    const order = run(findings).findings.map((f) => `${f.path}:${f.line}:${f.id}`);
    expect(order).toEqual([
      'a.py:2:B101',
      'a.py:2:B301',
      'a.py:10:B602',
      'b.py:2:B101',
      'bad.py:1:parse-error',
      'requirements.txt:1:PYSEC-2019-217',
      'requirements.txt:2:unpinned',
    ]);
  });

  it('gives the same order whatever the input order', () => {
    const expected = run(findings).findings;
    for (let seed = 1; seed <= 20; seed++) {
      // Fisher-Yates with a small linear congruential generator: reproducible shuffles.
      const shuffled = [...findings];
      let state = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const j = state % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as Finding, shuffled[i] as Finding];
      }
      expect(run(shuffled).findings).toEqual(expected);
    }
  });

  it('compareFindings is consistent (antisymmetric)', () => {
    const graded = run(findings).findings;
    for (const a of graded) for (const b of graded) expect(Math.sign(compareFindings(a, b)) + Math.sign(compareFindings(b, a))).toBe(0);
  });
});
