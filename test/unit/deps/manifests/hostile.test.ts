import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../src/deps/manifests/index.js';
import { tree } from './helpers.js';

/**
 * Every parser is linear: hostile inputs (long runs of spaces, backslashes,
 * brackets, quotes; 10 MB files) finish quickly and never throw. The bounds
 * are guards against a quadratic parser on a loaded CI machine, not a
 * benchmark: bench/deps.js measures.
 */
const BOUND_MS = 15_000;

async function timed(path: string, text: string | Buffer) {
  const started = performance.now();
  const parsed = await parseManifest(path, typeof text === 'string' ? Buffer.from(text) : text, tree());
  return { parsed, ms: performance.now() - started };
}

describe('pip line parser on hostile lines', () => {
  it.each([
    ['a name then 100k spaces', `django${' '.repeat(100_000)}x`],
    ['a name then 400k spaces', `django${' '.repeat(400_000)}x`],
    ['-r then 200k spaces', `-r${' '.repeat(200_000)}x`],
    ['100k continuation lines', 'a \\\n'.repeat(100_000) + 'b'],
    ['a line of 200k backslashes', `a${'\\'.repeat(200_000)}b\\\nc`],
    ['200k spaces before a #', `django==1.0${' '.repeat(200_000)}#`],
  ])('%s', async (_, text) => {
    const { ms } = await timed('requirements.txt', text);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

/** A deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ' ',
  '\t',
  '\\',
  '\n',
  '\r',
  '#',
  '=',
  '==',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '"""',
  ',',
  ';',
  ':',
  '@',
  '-r ',
  '-c ',
  '-e ',
  '--',
  '.',
  '*',
  'a',
  '1',
  'django',
  '==2.2.0',
  '[[package]]',
  '[options]',
  'name = "a"',
  'version = "1"',
  '\\\n',

  '\u00e9',
  '\ufeff',
];
const PATHS = [
  'requirements.txt',
  'pyproject.toml',
  'poetry.lock',
  'Pipfile',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'pylock.toml',
  'setup.cfg',
];

function hostile(next: () => number, size: number): string {
  const out: string[] = [];
  let length = 0;
  while (length < size) {
    const piece = PIECES[Math.floor(next() * PIECES.length)] ?? ' ';
    // Runs: the shapes that make backtracking patterns quadratic.
    const repeat = next() < 0.1 ? Math.floor(next() * 20_000) : 1;
    const chunk = piece.repeat(repeat);
    out.push(chunk);
    length += chunk.length;
  }
  return out.join('');
}

describe('fuzz: every parser on seeded hostile input', () => {
  it.each(PATHS)('%s finishes in bounds and reports problems as errors, never a throw', async (path) => {
    const next = random(0x5ec9a7e ^ path.length);
    let total = 0;
    for (let round = 0; round < 12; round++) {
      const text = hostile(next, round < 10 ? 20_000 : 400_000);
      const { parsed, ms } = await timed(path, text);
      total += ms;
      expect(Array.isArray(parsed.requirements) && Array.isArray(parsed.errors)).toBe(true);
      // parseManifest turns a parser's exception into "could not be parsed": that would be a bug of ours.
      expect(
        parsed.errors.filter((e) => e.message.includes('could not be parsed')),
        `round ${round}`,
      ).toEqual([]);
    }
    expect(total).toBeLessThan(BOUND_MS);
  });
});

/** A 10 MB requirements file and a few MB of each other format, built of the shapes its parser works hardest on. */
const LARGE: [string, () => string][] = [
  ['requirements.txt', () => 'django==2.2.0 --hash=sha256:abc  # c\n'.repeat(280_000)],
  ['pyproject.toml', () => `[project]\nname = "x"\ndependencies = [\n${'  "django==2.2.0",\n'.repeat(100_000)}]\n`],
  // Thousands of extras and dependency groups in one table: each key's strings are found in one index of its table.
  [
    'pyproject.toml',
    () =>
      `[project]\nname = "x"\n[project.optional-dependencies]\n${Array.from({ length: 20_000 }, (_, i) => `e${i} = ["django==2.2.${i % 10}", "flask==1.0"]`).join('\n')}\n[dependency-groups]\n${Array.from({ length: 20_000 }, (_, i) => `g${i} = ["jinja2==2.10"]`).join('\n')}\n`,
  ],
  ['poetry.lock', () => Array.from({ length: 40_000 }, (_, i) => `[[package]]\nname = "a${i}"\nversion = "1.0"\n`).join('\n')],
  [
    'uv.lock',
    () =>
      `version = 1\n${Array.from({ length: 20_000 }, (_, i) => `[[package]]\nname = "a${i}"\nversion = "1.0"\nsource = { registry = "x" }\ndependencies = [{ name = "a${i + 1}" }]\n`).join('\n')}`,
  ],
  [
    'pdm.lock',
    () => Array.from({ length: 40_000 }, (_, i) => `[[package]]\nname = "a${i}"\nversion = "1.0"\ngroups = ["default"]\n`).join('\n'),
  ],
  [
    'pylock.toml',
    () => `lock-version = "1.0"\n${Array.from({ length: 40_000 }, (_, i) => `[[packages]]\nname = "a${i}"\nversion = "1.0"\n`).join('\n')}`,
  ],
  ['Pipfile', () => `[packages]\n${Array.from({ length: 100_000 }, (_, i) => `a${i} = "==1.0"`).join('\n')}\n`],
  [
    'Pipfile.lock',
    () =>
      JSON.stringify({ default: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`a${i}`, { version: '==1.0' }])) }, null, 4),
  ],
  ['setup.cfg', () => `[options]\ninstall_requires =\n${'    django==2.2.0\n'.repeat(150_000)}`],
];

describe('10 MB manifests', () => {
  it.each(LARGE.map(([path, make], n) => [`${path} #${n}`, path, make] as const))('%s', async (_, path, make) => {
    const text = make();
    expect(text.length).toBeGreaterThan(path === 'requirements.txt' ? 10_000_000 : 1_000_000);
    const { parsed, ms } = await timed(path, text);
    expect(parsed.errors.slice(0, 1)).toEqual([]);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});
