import { describe, expect, it } from 'vitest';
import { banditSettings, parseBanditIni } from '../../../src/scanners/bandit/settings.js';

describe('parseBanditIni', () => {
  it('reads skips and tests from the [bandit] section', () => {
    expect(parseBanditIni('[bandit]\nskips = B101,B102\ntests = B602, B608\n')).toEqual({
      skips: ['B101', 'B102'],
      tests: ['B602', 'B608'],
    });
  });

  it('accepts ":" as the separator, spaces, CRLF, and an empty list', () => {
    expect(parseBanditIni('[bandit]\r\n  skips:  B101 ,  B311  \r\ntests =\r\n')).toEqual({ skips: ['B101', 'B311'], tests: [] });
  });

  it('ignores other sections, keys outside any section, comments and other keys', () => {
    const text = [
      'skips = B000',
      '[other]',
      'skips = B999',
      '[bandit]',
      '# skips = B777',
      '; tests = B666',
      'exclude = tests/',
      'targets = src',
      'skips = B105',
      '[later]',
      'tests = B555',
    ].join('\n');
    expect(parseBanditIni(text)).toEqual({ skips: ['B105'], tests: [] });
  });

  it('is empty for an empty file or one without the section', () => {
    expect(parseBanditIni('')).toEqual({ skips: [], tests: [] });
    expect(parseBanditIni('[tool.bandit]\nskips = B101\n')).toEqual({ skips: [], tests: [] });
  });
});

describe('banditSettings: the tree’s Bandit settings as arguments', () => {
  const pyproject = { toml: '[tool.bandit]\nskips = [ "B101" ]\n', skips: ['B101'], tests: [] };

  it('Bandit 1.7+: [tool.bandit] goes to Bandit as a file of its own (a -c copy), never a repository path', async () => {
    const settings = await banditSettings({ pyproject }, '1.7.5');
    expect(settings.args).toEqual([]);
    expect(settings.configFile).toEqual({ name: 'pyproject.toml', content: pyproject.toml });
  });

  it('Bandit 1.6: its skips and tests as options, with a note', async () => {
    const settings = await banditSettings({ pyproject }, '1.6.2');
    expect(settings.args).toEqual(['--skip', 'B101']);
    expect(settings.configFile).toBeUndefined();
    expect(settings.notices).toHaveLength(1);
  });

  it('code.banditConfig keeps TOML or YAML by its name, and replaces the others', async () => {
    const toml = await banditSettings({ configFile: { path: 'cfg/bandit.toml', text: 'x' }, ini: '[bandit]\nskips = B1\n' }, '1.8.0');
    expect(toml.configFile?.name).toBe('bandit.toml');
    expect(toml.args).toEqual([]);
    expect((await banditSettings({ configFile: { path: 'bandit.yml', text: 'x' } }, '1.8.0')).configFile?.name).toBe('bandit.yaml');
  });

  it('the digest is of the content used: same content, same digest; other content, another', async () => {
    const a = await banditSettings({ ini: '[bandit]\nskips = B101\n' }, '1.6.2');
    const b = await banditSettings({ ini: '[bandit]\nskips = B101\n' }, '1.6.2');
    const c = await banditSettings({ ini: '[bandit]\nskips = B102\n' }, '1.6.2');
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
    expect((await banditSettings({}, '1.6.2')).digest).toBe('defaults');
  });
});
