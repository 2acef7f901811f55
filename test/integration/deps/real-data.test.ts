import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../src/deps/osv/database.js';
import { foldAdvisories } from '../../../src/deps/osv/fold.js';
import { affects } from '../../../src/deps/osv/match.js';
import { vulnerabilitySeverity } from '../../../src/deps/osv/severity.js';
import type { OsvRecord } from '../../../src/deps/osv/types.js';
import { normalizeName } from '../../../src/deps/requirement.js';
import { cvss3BaseScore, cvss3Rating } from '../../helpers/cvss3.js';
import { SHARED_ZIP, requireDataAndBuild } from './support.js';

/**
 * The matcher, folding and severity on the real snapshot, through the
 * compact index a hook reads, each checked against the raw JSON of the zip.
 */

let raw: OsvRecord[] = [];
let byId = new Map<string, OsvRecord>();
let database: OpenedDatabase;
let cache: string;

beforeAll(async () => {
  requireDataAndBuild();
  raw = Object.values(unzipSync(readFileSync(SHARED_ZIP))).map((bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as OsvRecord);
  byId = new Map(raw.map((record) => [record.id, record]));
  cache = mkdtempSync(join(tmpdir(), 'secgate-real-data-'));
  database = await openDatabase(SHARED_ZIP, { HOME: cache, XDG_CACHE_HOME: cache });
}, 120_000);
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const packagesOf = (record: OsvRecord) => [...new Set((record.affected ?? []).map((entry) => normalizeName(entry.package?.name ?? '')))];
const listedVersions = (record: OsvRecord, name: string) =>
  (record.affected ?? []).filter((entry) => normalizeName(entry.package?.name ?? '') === name).flatMap((entry) => entry.versions ?? []);

async function advisoriesFor(name: string, version: string) {
  const records = (await database.recordsFor([name])).get(normalizeName(name)) ?? [];
  return foldAdvisories(records, name, version, (id) => database.recordById(id));
}

describe('the compact index answers as the raw data does', () => {
  it('for every record, at every listed version and bound and their neighbours (listed versions a range covers are dropped from the index)', async () => {
    let cases = 0;
    let affected = 0;
    const disagreements: string[] = [];
    for (const record of raw) {
      if (record.withdrawn) continue;
      const indexed = await database.recordById(record.id);
      expect(indexed, record.id).toBeDefined();
      for (const name of packagesOf(record)) {
        const bounds = (record.affected ?? []).flatMap((entry) =>
          (entry.ranges ?? []).flatMap((range) => range.events.flatMap((event) => Object.values(event))),
        );
        for (const base of new Set([...listedVersions(record, name), ...bounds])) {
          for (const version of [base, `${base}.post1`, `${base}rc1`, `${base}+local`]) {
            const expected = affects(record, name, version);
            cases += 1;
            if (expected) affected += 1;
            if (affects(indexed as OsvRecord, name, version) !== expected) disagreements.push(`${record.id} ${name} ${version}`);
          }
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(cases).toBeGreaterThan(400_000);
    expect(affected).toBeGreaterThan(100_000);
  });

  it('counts what db status shows: non-withdrawn PyPI advisories, withdrawn ones apart', () => {
    expect(database.advisories).toBe(raw.filter((record) => !record.withdrawn).length);
    expect(database.withdrawn).toBe(raw.filter((record) => record.withdrawn).length);
    expect(database.withdrawn).toBe(10);
    expect(database.updated.toISOString().slice(0, 10)).toBe('2024-10-10');
  });
});

describe('alias folding on the real data', () => {
  it('records of one package that share an alias are one finding, the other record ids among its aliases', async () => {
    // Found in the raw data, not hard-coded: pairs of records of one package joined by a shared alias.
    const groups: { name: string; ids: string[]; version: string }[] = [];
    const byPackage = new Map<string, OsvRecord[]>();
    for (const record of raw)
      if (!record.withdrawn) for (const name of packagesOf(record)) byPackage.set(name, [...(byPackage.get(name) ?? []), record]);
    for (const [name, records] of byPackage) {
      for (const [i, a] of records.entries()) {
        for (const b of records.slice(i + 1)) {
          if (!(a.aliases ?? []).some((alias) => (b.aliases ?? []).includes(alias))) continue;
          const version = listedVersions(a, name).find((v) => listedVersions(b, name).includes(v));
          if (version) groups.push({ name, ids: [a.id, b.id], version });
        }
      }
    }
    expect(groups.length).toBeGreaterThanOrEqual(5);
    expect(groups.map((group) => group.name)).toEqual(expect.arrayContaining(['accesscontrol', 'distributed', 'parlai', 'zope']));

    for (const { name, ids, version } of groups) {
      const found = (await advisoriesFor(name, version)).filter((advisory) =>
        ids.some((id) => [advisory.id, ...advisory.aliases].includes(id)),
      );
      expect(found, `${name} ${version}`).toHaveLength(1);
      const all = [found[0]?.id, ...(found[0]?.aliases ?? [])];
      for (const id of ids) expect(all).toContain(id);
      // Every alias of every folded record is listed once.
      for (const id of ids) for (const alias of byId.get(id)?.aliases ?? []) expect(all.filter((x) => x === alias)).toHaveLength(1);
    }
  });

  it('distributed 2021.9.1: PYSEC-2021-871 first, PYSEC-2021-872, both GHSA ids and the CVE as aliases', async () => {
    const found = await advisoriesFor('distributed', '2021.9.1');
    expect(found.map((advisory) => advisory.id)).toEqual(['PYSEC-2021-871']);
    expect([...(found[0]?.aliases ?? [])].sort()).toEqual([
      'CVE-2021-42343',
      'GHSA-hwqr-f3v9-hwxr',
      'GHSA-j8fq-86c5-5v2r',
      'PYSEC-2021-872',
    ]);
    expect(found[0]?.fixed).toEqual(['2021.10.0']);
  });
});

describe('severity from the CVSS vectors in the data', () => {
  it('every record with a vector is rated as the specification computes it, from the index and from the raw record', async () => {
    const rated = raw.filter((record) => !record.withdrawn && (record.severity ?? []).length > 0);
    expect(rated.length).toBeGreaterThan(150);
    const seen = new Set<string>();
    for (const record of rated) {
      const expected = Math.max(...(record.severity ?? []).map((entry) => cvss3BaseScore(entry.score)));
      const rating = cvss3Rating(expected);
      seen.add(rating);
      const indexed = (await database.recordById(record.id)) as OsvRecord;
      expect(await vulnerabilitySeverity([indexed]), record.id).toEqual({ severity: rating, score: expected });
      expect(await vulnerabilitySeverity([record]), record.id).toEqual({ severity: rating, score: expected });
    }
    // The data has every rating, so each mapping was exercised.
    expect([...seen].sort()).toEqual(['CRITICAL', 'HIGH', 'LOW', 'MEDIUM']);
  });
});

describe('last_affected and withdrawn advisories', () => {
  it('py: PYSEC-2022-42969 says last_affected 1.11.0, so 1.11.0 is affected and nothing after it', async () => {
    const record = byId.get('PYSEC-2022-42969');
    expect(JSON.stringify(record?.affected)).toContain('"last_affected":"1.11.0"');
    const ids = async (version: string) => (await advisoriesFor('py', version)).map((advisory) => advisory.id);
    expect(await ids('1.11.0')).toContain('PYSEC-2022-42969');
    expect(await ids('1.4.0')).toContain('PYSEC-2022-42969');
    expect(await ids('1.11.0.post1')).not.toContain('PYSEC-2022-42969');
    expect(await ids('1.11.1')).not.toContain('PYSEC-2022-42969');
  });

  it('a withdrawn advisory matches no version of its packages', async () => {
    const withdrawn = raw.filter((record) => record.withdrawn);
    expect(withdrawn).toHaveLength(10);
    for (const record of withdrawn) {
      expect(await database.recordById(record.id)).toBeUndefined();
      for (const name of packagesOf(record)) {
        // Its own listed versions, which it would match were it not withdrawn.
        for (const version of [...listedVersions(record, name), '0.0.1', '99.0']) {
          const found = (await advisoriesFor(name, version)).flatMap((advisory) => [advisory.id, ...advisory.aliases]);
          expect(found, `${record.id} ${name} ${version}`).not.toContain(record.id);
        }
      }
    }
    // pynetbox's only advisory is withdrawn and covered every version ("introduced": "0").
    expect(await advisoriesFor('pynetbox', '7.2.0')).toEqual([]);
    expect(affects({ ...byId.get('PYSEC-2023-141'), withdrawn: undefined } as OsvRecord, 'pynetbox', '7.2.0')).toBe(true);
  });
});
