import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/defaults.js';
import { configNotices } from '../../../src/config/notices.js';
import type { Config } from '../../../src/config/types.js';
import { loadGlob } from '../../../src/files/glob.js';
import { mergeVerdicts } from '../../../src/policy/merge.js';

const glob = await loadGlob();
const withSettings = (change: (config: Config) => void): Config => {
  const config = defaultConfig();
  change(config);
  return config;
};

describe('configNotices: a setting that turns a check off, one line each', () => {
  it('the defaults say nothing', () => expect(configNotices(defaultConfig(), glob)).toEqual([]));

  it('each switch-off has its line', () => {
    const notices = configNotices(
      withSettings((c) => {
        c.code.enabled = false;
        c.deps.enabled = false;
        c.failOn = 'critical';
      }),
      glob,
    );
    expect(notices).toHaveLength(3);
    expect(notices.join('\n')).toMatch(/code\.enabled[\s\S]*deps\.enabled[\s\S]*critical/);
  });

  it.each([['**'], ['**/*'], ['*', '**/*.py'], ['**/*.py', '**/*.txt', '**/*.lock', '**/*.toml']])(
    'excludes %j drop every file',
    (...patterns) => {
      const notices = configNotices(
        withSettings((c) => {
          c.code.exclude = patterns;
          c.deps.exclude = patterns;
        }),
        glob,
      );
      expect(notices.some((n) => n.startsWith('code.exclude'))).toBe(true);
    },
  );

  it.each([['tests/**'], ['*.py'], ['src/**']])('exclude %j leaves files to judge: no line', (pattern) => {
    const config = withSettings((c) => {
      c.code.exclude = [pattern];
      c.deps.exclude = [pattern];
    });
    expect(configNotices(config, glob)).toEqual([]);
  });
});

describe('mergeVerdicts', () => {
  it('adds counts, keeps every finding and each notice once', () => {
    const base = { findings: [], files: 1, cached: 1, summary: { blocking: 1, warnings: 0, ignored: 0 } };
    const merged = mergeVerdicts([
      { ...base, notices: [{ message: 'a' }] },
      { ...base, notices: [{ message: 'a' }, { message: 'b' }], summary: { blocking: 0, warnings: 2, ignored: 1 } },
    ]);
    expect(merged.files).toBe(2);
    expect(merged.cached).toBe(2);
    expect(merged.summary).toEqual({ blocking: 1, warnings: 2, ignored: 1 });
    expect(merged.notices.map((n) => n.message)).toEqual(['a', 'b']);
    expect(mergeVerdicts([]).files).toBe(0);
  });
});
