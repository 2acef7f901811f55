import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const CHECKOUT = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
const { MINIMUM, nodeVersionProblem } = require('../../../bin/node-version.js') as {
  MINIMUM: number[];
  nodeVersionProblem: (version: string) => string | undefined;
};

describe('the Node.js version check in bin/', () => {
  it('passes Node 20.9 and later', () => {
    for (const version of ['20.9.0', '20.20.2', '21.0.0', '22.11.0', '24.4.0', '100.0.0'])
      expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('refuses older ones in one line that names both versions and how to get a newer Node', () => {
    for (const version of ['20.8.1', '20.0.0', '18.19.0', '16.20.2', '12.22.9', '8.10.0']) {
      const problem = nodeVersionProblem(version);
      expect(problem).toContain('secgate needs Node.js >= 20.9');
      expect(problem).toContain(`this is Node.js ${version}`);
      expect(problem).toContain('NodeSource');
      expect(problem).not.toContain('\n');
    }
  });

  it('checks what package.json engines asks for', () => {
    const manifest = JSON.parse(readFileSync(`${CHECKOUT}package.json`, 'utf8')) as { engines: { node: string } };
    expect(manifest.engines.node).toBe(`>=${MINIMUM.join('.')}`);
  });

  it('is written in syntax every Node since 12 parses (ES2019, CommonJS)', () => {
    const linter = new Linter({ configType: 'flat' });
    for (const file of ['bin/secgate.js', 'bin/node-version.js']) {
      const source = readFileSync(`${CHECKOUT}${file}`, 'utf8');
      const fatal = linter
        .verify(source, { languageOptions: { ecmaVersion: 2019, sourceType: 'commonjs' } })
        .filter((message) => message.fatal);
      expect(fatal, file).toEqual([]);
    }
    // The check itself: a newer construct is a fatal parse error at ES2019.
    const newer = linter.verify('a ??= b;', { languageOptions: { ecmaVersion: 2019, sourceType: 'commonjs' } });
    expect(newer.some((message) => message.fatal)).toBe(true);
  });
});
