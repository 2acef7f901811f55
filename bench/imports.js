// What each package costs to import, as the first import() of a fresh Node:
// the figures behind "The five base packages" in the README (why the hooks'
// path starts processes with node:child_process, and simple-git and execa
// serve only the commands a person runs).
//   import:   time of `await import(name)` inside the process
//   process:  wall time of the whole `node -e` process, against a bare `node -e ''`
// Rounds are interleaved (each round runs every case once), so a change in the
// machine's load hits every case alike. Medians.
// Usage: node bench/imports.js [--runs 21]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
const runs = Number(values.runs);
const PACKAGES = ['node:child_process', 'simple-git', 'execa', 'cosmiconfig', 'listr2', 'picocolors'];
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_EXTRA_CA_CERTS' && key !== 'NODE_OPTIONS'));

function once(name) {
  const code =
    name === undefined
      ? ''
      : `const t = process.hrtime.bigint(); await import(${JSON.stringify(name)}); process.stdout.write(String(process.hrtime.bigint() - t));`;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node -e import(${name}) failed: ${result.stderr}`);
  return { wall, import: name === undefined ? 0 : Number(result.stdout) / 1e6 };
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const cases = [undefined, ...PACKAGES];
const samples = new Map(cases.map((name) => [name, { wall: [], import: [] }]));
once(undefined); // warm the file cache
for (let round = 0; round < runs; round++) {
  for (const name of cases) {
    const { wall, import: time } = once(name);
    samples.get(name).wall.push(wall);
    samples.get(name).import.push(time);
  }
}
const bare = median(samples.get(undefined).wall);
const childProcess = median(samples.get('node:child_process').import);
// Read from node_modules: execa's exports do not include its package.json.
const versions = Object.fromEntries(
  PACKAGES.filter((name) => !name.startsWith('node:')).map((name) => [
    name,
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version,
  ]),
);
console.log(`node ${process.version}, ${runs} rounds, medians; bare \`node -e ''\`: ${bare.toFixed(0)} ms`);
console.log('| import | version | import() | × node:child_process | whole process | × bare node |');
console.log('| --- | --- | --: | --: | --: | --: |');
for (const name of PACKAGES) {
  const { wall, import: time } = samples.get(name);
  const imp = median(time);
  const proc = median(wall);
  console.log(
    `| \`${name}\` | ${versions[name] ?? '-'} | ${imp.toFixed(0)} ms | ${(imp / childProcess).toFixed(1)}x | ${proc.toFixed(0)} ms | ${(proc / bare).toFixed(2)}x |`,
  );
}
