import { describe, expect, it } from 'vitest';
import { displayWidth, renderCsv, renderTable, truncate } from './output.js';

describe('terminal output', () => {
  it('counts Japanese, full-width and CJK Extension B characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('証明書')).toBe(6);
    expect(displayWidth('ＡＷＳ')).toBe(6);
    // 𠮷 (U+20BB7, Extension B) is one character in a family name and two columns on a terminal.
    expect(displayWidth('𠮷野家')).toBe(6);
  });

  it('lines up columns whatever the mix of scripts', () => {
    const table = renderTable(
      ['id', 'title'],
      [
        ['#1', 'ACM 証明書の期限'],
        ['#12', '𠮷野 RDS'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'id   title',
      '---  ----------------',
      '#1   ACM 証明書の期限',
      '#12  𠮷野 RDS',
    ]);
  });

  it('cuts text to a width without splitting a wide character, and marks the cut', () => {
    expect(truncate('証明書の期限切れ', 7)).toBe('証明書…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('quotes CSV fields that need it', () => {
    expect(renderCsv(['a', 'b'], [['x,y', 'say "hi"']])).toBe('a,b\r\n"x,y","say ""hi"""');
  });
});
