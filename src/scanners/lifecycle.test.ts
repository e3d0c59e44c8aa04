import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configureLifecycleTables,
  elbSecurityPolicyTable,
  LifecycleTableError,
  loadLifecycleTable,
  osLifecycleTable,
  staleLifecycleTables,
  userLifecycleDir,
} from './lifecycle.js';

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const header = (asOf: string) =>
  `table: os\nasOf: '${asOf}'\nsources: [{ title: t, url: 'https://example.com/', checkedOn: '${asOf}' }]\n`;

describe('lifecycle tables', () => {
  it('loads the built-in OS and ELB tables with their sources', () => {
    // Act
    const os = loadLifecycleTable('os', osLifecycleTable, { userDir: null });
    const elb = loadLifecycleTable('elb-security-policies', elbSecurityPolicyTable, { userDir: null });
    // Assess
    expect(os.rows.find((r) => r.name === 'Amazon Linux 2')?.endOfSupport).toBe('2026-06-30');
    expect(elb.rows.find((r) => r.policy === 'ELBSecurityPolicy-2016-08')?.status).toBe('outdated');
    expect(os.sources.length).toBeGreaterThan(0);
  });

  it("puts the user's rows first so they override the built-in ones", () => {
    // Prepare
    const userDir = tempDir({
      'os.yaml': `${header('2026-11-01')}rows:\n  - { family: amazon-linux, version: '2', name: Amazon Linux 2 (our contract), match: 'amazon linux 2(?!0)', endOfStandardSupport: null, endOfSupport: '2027-06-30', endOfExtendedSupport: null, source: 'https://example.com/contract', readOn: '2026-11-01' }\n`,
    });
    // Act
    const os = loadLifecycleTable('os', osLifecycleTable, { userDir });
    // Assess
    const first = os.rows.find((r) => new RegExp(r.match, 'i').test('Amazon Linux 2'));
    expect(first?.endOfSupport).toBe('2027-06-30');
    expect(os.rows.some((r) => r.name === 'Amazon Linux 2023')).toBe(true);
    expect(os.asOf).toBe('2026-11-01');
  });

  it('sees a user table written after it was first loaded (a long-running worker after `lifecycle update`)', () => {
    // Prepare
    const row = (date: string) =>
      `rows:\n  - { family: amazon-linux, version: '2', name: Amazon Linux 2 (our contract), match: 'amazon linux 2(?!0)', endOfStandardSupport: null, endOfSupport: '${date}', endOfExtendedSupport: null, source: 'https://example.com/contract', readOn: '2026-11-01' }\n`;
    const userDir = tempDir({});
    const file = join(userDir, 'os.yaml');
    const al2 = () =>
      loadLifecycleTable('os', osLifecycleTable, { userDir }).rows.find((r) =>
        new RegExp(r.match, 'i').test('Amazon Linux 2'),
      )?.endOfSupport;
    // Act
    const before = al2();
    writeFileSync(file, `${header('2026-11-01')}${row('2027-06-30')}`);
    utimesSync(file, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    const written = al2();
    writeFileSync(file, `${header('2026-12-01')}${row('2028-06-30')}`);
    utimesSync(file, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    const rewritten = al2();
    // Assess
    expect([before, written, rewritten]).toEqual(['2026-06-30', '2027-06-30', '2028-06-30']);
  });

  it("takes lifecycle.dir from the command's config file, read once per command; OPSRADAR_LIFECYCLE_DIR wins", () => {
    // Prepare
    const configs = tempDir({
      'a.yaml': 'lifecycle:\n  dir: /srv/tables-a\n',
      'b.yaml': 'lifecycle:\n  dir: /srv/tables-b\n',
    });
    try {
      // Act + Assess
      configureLifecycleTables(join(configs, 'a.yaml'));
      expect(userLifecycleDir({})).toBe('/srv/tables-a');
      // Every scanner task asks; the file is not read again while the command runs.
      writeFileSync(join(configs, 'a.yaml'), 'lifecycle:\n  dir: /srv/edited\n');
      expect(userLifecycleDir({})).toBe('/srv/tables-a');
      configureLifecycleTables(join(configs, 'b.yaml'));
      expect(userLifecycleDir({})).toBe('/srv/tables-b');
      expect(userLifecycleDir({ OPSRADAR_LIFECYCLE_DIR: '/srv/env' })).toBe('/srv/env');
      configureLifecycleTables(join(configs, 'a.yaml'));
      expect(userLifecycleDir({})).toBe('/srv/edited');
    } finally {
      configureLifecycleTables(undefined);
    }
  });

  it('names the file and the field of an invalid user table', () => {
    // Prepare
    const userDir = tempDir({
      'os.yaml': `${header('2026-11-01')}rows:\n  - { family: x, version: '1', name: X, match: '(', endOfSupport: 'soon' }\n`,
    });
    // Act + Assess
    expect(() => loadLifecycleTable('os', osLifecycleTable, { userDir })).toThrow(LifecycleTableError);
    expect(() => loadLifecycleTable('os', osLifecycleTable, { userDir })).toThrow(/os\.yaml.*\n.*rows\.0\./);
  });

  it('reports tables whose asOf is more than 90 days old', () => {
    // Prepare
    const builtinDir = tempDir({ 'os.yaml': `${header('2026-01-01')}rows: []\n` });
    const userDir = tempDir({ 'os.yaml': `${header('2026-06-01')}rows: []\n` });
    // Act
    const fresh = staleLifecycleTables(new Date('2026-03-31T00:00:00Z'), { builtinDir, userDir });
    const stale = staleLifecycleTables(new Date('2026-04-15T00:00:00Z'), { builtinDir, userDir });
    // Assess
    expect(fresh).toEqual([]);
    expect(stale).toEqual([
      { table: 'os', file: join(builtinDir, 'os.yaml'), asOf: '2026-01-01', ageDays: 104 },
    ]);
  });

  it('finds the shipped tables fresh today-ish and stale a year later', () => {
    // Act
    const later = staleLifecycleTables(new Date('2028-01-01T00:00:00Z'), { userDir: null });
    // Assess
    expect(later.map((t) => t.table)).toEqual(expect.arrayContaining(['os', 'elb-security-policies']));
  });
});
