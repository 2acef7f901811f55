import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { affects } from '../../../src/deps/osv/match.js';
import type { OsvRecord } from '../../../src/deps/osv/types.js';
import { normalizeName } from '../../../src/deps/requirement.js';

const ZIP = fileURLToPath(new URL('../../../../shared/osv/PyPI.zip', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../../helpers/osv-reference.py', import.meta.url));

/** A python3 that has `packaging`: the one on PATH, else Debian's. */
function pythonWithPackaging(): string {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import packaging.version'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    "Python's `packaging` is missing: neither python3 nor /usr/bin/python3 can import it. Install it (Debian: apt-get install python3-packaging; else pip install packaging).",
  );
}

let python = '';
let records: OsvRecord[] = [];
beforeAll(() => {
  if (!existsSync(ZIP)) throw new Error(`The shared OSV data is missing: ${ZIP} (the checkout's ../shared/osv/PyPI.zip).`);
  python = pythonWithPackaging();
  const files = unzipSync(readFileSync(ZIP));
  records = Object.values(files).map((bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as OsvRecord);
});

/** Versions worth asking about for one package: every bound and listed version, and their pre/post/dev/local neighbours. */
function candidates(versions: Set<string>): string[] {
  const out = new Set<string>();
  for (const version of versions) {
    if (version === '0') continue;
    out.add(version);
    for (const suffix of ['rc1', '.dev0', '.post1', '+local.1', '.0', 'a1']) out.add(`${version}${suffix}`);
  }
  out.add('0.0.1');
  out.add('1!0.1');
  out.add('99999');
  return [...out];
}

describe("the matcher agrees with Python's packaging on the real advisory data", () => {
  // Two million cases: about 35 s in all (20 s of it Python), more on a busy machine, hence its own timeout.
  it('for every package in the data, at every bound, listed version and their neighbours', () => {
    const byPackage = new Map<string, { records: OsvRecord[]; versions: Set<string> }>();
    for (const record of records) {
      for (const entry of record.affected ?? []) {
        if (entry.package?.ecosystem !== 'PyPI' || !entry.package.name) continue;
        const name = normalizeName(entry.package.name);
        const slot = byPackage.get(name) ?? { records: [], versions: new Set<string>() };
        if (!slot.records.includes(record)) slot.records.push(record);
        for (const listed of entry.versions ?? []) slot.versions.add(listed);
        for (const range of entry.ranges ?? []) {
          if (range.type !== 'ECOSYSTEM') continue;
          for (const event of range.events)
            for (const bound of Object.values(event)) if (typeof bound === 'string') slot.versions.add(bound);
        }
        byPackage.set(name, slot);
      }
    }
    expect(byPackage.size).toBeGreaterThan(600);

    const cases: [string, string, string][] = [];
    for (const [name, slot] of byPackage) {
      for (const version of candidates(slot.versions)) for (const record of slot.records) cases.push([record.id, name, version]);
    }
    const byId = new Map(records.map((record) => [record.id, record]));
    const ours = cases.map(([id, name, version]) => affects(byId.get(id) ?? { id }, name, version));

    const input = JSON.stringify({ records: Object.fromEntries(records.map((record) => [record.id, record])), cases });
    const reference = JSON.parse(execFileSync(python, [REFERENCE], { input, encoding: 'utf8', maxBuffer: 1 << 30 })) as boolean[];
    expect(reference).toHaveLength(cases.length);

    const disagreements = cases.flatMap(([id, name, version], i) =>
      ours[i] === reference[i] ? [] : [`${id} ${name} ${version}: ours ${String(ours[i])}`],
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
    // Enough of both answers that agreement means something.
    expect(cases.length).toBeGreaterThan(100_000);
    expect(ours.filter(Boolean).length).toBeGreaterThan(10_000);
    expect(ours.filter((answer) => !answer).length).toBeGreaterThan(10_000);
  }, 300_000);
});
