import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import {
  HEALTH_SHAPES,
  ISSUE_11_IDS,
  loadRealCorpusIndex,
  type RealCorpusItem,
  readRealCorpusItem,
  realCorpusDir,
} from './support/real-corpus.js';

// The index is what the classification score (issue #10) is computed over: a file missing from it, a typo in an
// expected id or an item without its source would silently change the score, so the index itself is checked here.
/** ESC $ B: the switch into JIS X 0208 that every ISO-2022-JP Japanese text carries. */
const ISO_2022_JP_KANJI_IN = '\u001b$B';
const index = loadRealCorpusIndex();
const catalog = loadCatalog();
const knownIds = new Set<string>([...catalog.entries.map((e) => e.id), ...ISSUE_11_IDS]);
const original = (type: RealCorpusItem['type']): RealCorpusItem[] =>
  index.items.filter((i) => i.type === type && i.derivedFrom === undefined);

describe('real corpus index', () => {
  it('lists each file once, and every listed file exists in the folder its type names', () => {
    const files = index.items.map((i) => i.file);
    expect(new Set(files).size).toBe(files.length);
    for (const item of index.items) {
      expect(existsSync(join(realCorpusDir, item.file)), item.file).toBe(true);
      expect(item.file.startsWith(`${item.type}/`), item.file).toBe(true);
    }
  });

  it('lists every file of mail/ and health/', () => {
    const listed = new Set(index.items.map((i) => i.file));
    const onDisk = ['mail', 'health'].flatMap((dir) =>
      readdirSync(join(realCorpusDir, dir)).map((name) => `${dir}/${name}`),
    );
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
  });

  it('gives every item a web source and a retrieval date', () => {
    for (const item of index.items) {
      expect(item.source, item.file).toMatch(/^https?:\/\/[^\s/]+\.[^\s/]+\//);
      expect(Number.isNaN(Date.parse(item.retrieved)), item.file).toBe(false);
    }
  });

  it('expects only known catalog ids (or the ids issue #11 adds), or null', () => {
    const unknown = index.items.filter((i) => i.expected !== null && !knownIds.has(i.expected));
    expect(unknown.map((i) => `${i.file}: ${i.expected}`)).toEqual([]);
  });

  it('names the shape of every Health item and of no mail item', () => {
    for (const item of index.items) {
      if (item.type === 'health') expect(item.shape, item.file).toBeDefined();
      else expect(item.shape, item.file).toBeUndefined();
    }
  });

  it('derives variants only from listed original items of the same type', () => {
    const byFile = new Map(index.items.map((i) => [i.file, i]));
    for (const item of index.items.filter((i) => i.derivedFrom !== undefined)) {
      const base = byFile.get(item.derivedFrom ?? '');
      expect(base, item.file).toBeDefined();
      expect(base?.derivedFrom, item.file).toBeUndefined();
      expect(base?.type, item.file).toBe(item.type);
    }
  });

  it('holds RFC 822 messages under mail/ and JSON under health/', () => {
    for (const item of index.items) {
      const bytes = readRealCorpusItem(item);
      if (item.type === 'health') {
        expect(() => JSON.parse(bytes.toString('utf8')), item.file).not.toThrow();
        continue;
      }
      const text = bytes.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      expect(end, item.file).toBeGreaterThan(0);
      // Some real mails lack From (a ticket system kept only X-Original-From) or Subject, never both.
      expect(text.slice(0, end), item.file).toMatch(/^(From|Subject): /im);
    }
  });

  it('measures precision too: each type has notices that need no work', () => {
    expect(original('mail').some((i) => i.expected === null)).toBe(true);
    expect(original('health').some((i) => i.expected === null)).toBe(true);
  });
});

describe('real corpus size and variety', () => {
  it('holds at least 40 real mails and 30 Health items', () => {
    // Mail variants are forwards of mails already counted, so only originals count; Health shape variants count
    // because each shape is a separate input the classifier must accept (see README: real vs derived).
    expect(original('mail').length).toBeGreaterThanOrEqual(40);
    expect(index.items.filter((i) => i.type === 'health').length).toBeGreaterThanOrEqual(30);
  });

  it('has Japanese forwards in ISO-2022-JP inline and in Shift_JIS with the original attached', () => {
    const variants = index.items.filter((i) => i.type === 'mail' && i.derivedFrom !== undefined);
    const heads = variants.map((i) => readRealCorpusItem(i).toString('latin1'));
    expect(heads.some((h) => /charset=ISO-2022-JP/i.test(h) && h.includes(ISO_2022_JP_KANJI_IN))).toBe(true);
    expect(
      heads.some((h) => /charset="?shift_jis/i.test(h) && /Content-Type: message\/rfc822/i.test(h)),
    ).toBe(true);
  });

  it('has every Health shape at least once', () => {
    const shapes = new Set(index.items.map((i) => i.shape).filter((s) => s !== undefined));
    expect([...shapes].sort()).toEqual([...HEALTH_SHAPES].sort());
  });
});

describe('real corpus coverage', () => {
  it('has a sample of every kind AWS announces by mail or Health, or says why not', () => {
    const announced = catalog.entries.filter(
      (e) => e.detection.email.length > 0 || e.detection.health !== undefined,
    );
    const expected = new Set(index.items.map((i) => i.expected));
    const uncovered = new Set(index.uncovered.map((u) => u.id));
    const missing = announced.map((e) => e.id).filter((id) => !expected.has(id) && !uncovered.has(id));
    expect(missing).toEqual([]);
  });

  it('lists as uncovered only catalog ids that really have no sample', () => {
    const expected = new Set(index.items.map((i) => i.expected));
    for (const u of index.uncovered) {
      expect(knownIds.has(u.id), u.id).toBe(true);
      expect(expected.has(u.id), u.id).toBe(false);
    }
  });
});
