import { describe, expect, it } from 'vitest';
import { findDates, parseDate } from './dates.js';

describe('findDates', () => {
  const cases: Array<[written: string, iso: string]> = [
    ['Wed, 31 Jan 2018 11:00:00 GMT', '2018-01-31T11:00:00.000Z'],
    ['Wed, 31 Jan 2018 20:00:00 +0900', '2018-01-31T11:00:00.000Z'],
    ['2018-01-31 11:00 UTC', '2018-01-31T11:00:00.000Z'],
    ['2018-01-31T11:00:00Z', '2018-01-31T11:00:00.000Z'],
    ['2018/01/31 20:00 (UTC+9)', '2018-01-31T11:00:00.000Z'],
    ['2018-01-31 20:00 JST', '2018-01-31T11:00:00.000Z'],
    ['January 31, 2018', '2018-01-31T00:00:00.000Z'],
    ['Wednesday, January 31, 2018 at 3:00 AM PST', '2018-01-31T11:00:00.000Z'],
    ['31 January 2018', '2018-01-31T00:00:00.000Z'],
    ['2018年1月31日', '2018-01-31T00:00:00.000Z'],
    ['2018年1月31日(水) 午後8時00分 (日本時間)', '2018-01-31T11:00:00.000Z'],
    ['2018年1月31日 20:00', '2018-01-31T11:00:00.000Z'],
    ['2018年1月31日 11:00 UTC', '2018-01-31T11:00:00.000Z'],
  ];
  it.each(cases)('reads "%s" as %s', (written, iso) => {
    // Act
    const found = findDates(`The date is ${written}. Thank you.`);
    // Assess
    expect(found.map((d) => d.iso)).toEqual([iso]);
  });

  it('finds both ends of a window in order, and ignores impossible dates and account ids', () => {
    // Prepare
    const text =
      'from Tue, 13 Mar 2018 14:00:00 GMT to Tue, 13 Mar 2018 18:00:00 GMT. Account 1234-5678-9012, 2018-02-30.';
    // Act
    const found = findDates(text);
    // Assess
    expect(found.map((d) => d.iso)).toEqual(['2018-03-13T14:00:00.000Z', '2018-03-13T18:00:00.000Z']);
  });

  it('parses a forwarded header date, falling back to the platform parser', () => {
    expect(parseDate('2018年1月30日 18:02')).toBe('2018-01-30T09:02:00.000Z');
    expect(parseDate('no date here')).toBeNull();
  });
});
