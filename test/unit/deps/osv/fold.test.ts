import { describe, expect, it } from 'vitest';
import { foldAdvisories } from '../../../../src/deps/osv/fold.js';
import type { OsvRecord } from '../../../../src/deps/osv/types.js';

const affected = (fixed: string) => [
  { package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] },
];
const none = async () => undefined;

describe('foldAdvisories', () => {
  it('folds records that share an alias into one advisory listing every other id', async () => {
    const pysec: OsvRecord = {
      id: 'PYSEC-2019-217',
      aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
      summary: 'sandbox escape',
      affected: affected('2.10.1'),
    };
    const ghsa: OsvRecord = {
      id: 'GHSA-462w-v97r-4m45',
      aliases: ['CVE-2019-10906'],
      affected: affected('2.10.1'),
      database_specific: { severity: 'HIGH' },
    };
    const other: OsvRecord = { id: 'PYSEC-2021-66', aliases: ['CVE-2020-28493'], affected: affected('2.11.3') };
    const folded = await foldAdvisories([ghsa, other, pysec], 'Jinja2', '2.10', none);
    expect(folded.map((advisory) => advisory.id)).toEqual(['PYSEC-2019-217', 'PYSEC-2021-66']);
    expect(folded[0]).toMatchObject({
      aliases: ['GHSA-462w-v97r-4m45', 'CVE-2019-10906'],
      severity: 'HIGH',
      fixed: ['2.10.1'],
      summary: 'sandbox escape',
    });
    expect(folded[1]).toMatchObject({ aliases: ['CVE-2020-28493'], severity: 'UNKNOWN', fixed: ['2.11.3'] });
  });

  it('takes severity from an alias that is a record of its own, even when only one record matched', async () => {
    const pysec: OsvRecord = { id: 'PYSEC-1', aliases: ['GHSA-aaaa'], affected: affected('3.0') };
    const ghsa: OsvRecord = { id: 'GHSA-aaaa', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] };
    const folded = await foldAdvisories([pysec], 'jinja2', '2.0', async (id) => (id === 'GHSA-aaaa' ? ghsa : undefined));
    expect(folded).toHaveLength(1);
    expect(folded[0]?.severity).toBe('CRITICAL');
  });

  it('returns nothing for a version no record affects', async () => {
    expect(await foldAdvisories([{ id: 'PYSEC-1', affected: affected('2.0') }], 'jinja2', '2.0', none)).toEqual([]);
  });
});
