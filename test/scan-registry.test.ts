import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { packageRoot } from '../src/paths.js';
import { scanners } from '../src/scanners/index.js';

const scannersDir = join(packageRoot, 'src', 'scanners');

/** Scanner modules on disk: src/scanners/<service>/<id>.ts (tests excluded). */
function scannerFiles(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(scannersDir)) {
    const dir = join(scannersDir, entry);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.ts') && !file.endsWith('.test.ts')) files.push(join(dir, file));
    }
  }
  return files.sort();
}

const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('scanner registry', () => {
  it('registers every scanner module, once, sorted by id', async () => {
    // Prepare
    const onDisk = scannerFiles().map((file) => basename(file, '.ts'));
    // Act
    const registered = scanners.map((s) => s.id);
    // Assess
    expect([...registered].sort()).toEqual([...onDisk].sort());
    expect(registered).toEqual([...registered].sort());
    expect(new Set(registered).size).toBe(registered.length);
  });

  it.each(scanners.map((s) => [s.id, s] as const))(
    '%s: file, export name, test and declaration are honest',
    async (id, scanner) => {
      // Prepare
      const file = scannerFiles().find((f) => basename(f, '.ts') === id);
      // Assess
      expect(file, `src/scanners/<service>/${id}.ts`).toBeDefined();
      const module = (await import(file as string)) as Record<string, unknown>;
      expect(module[camel(id)], `${relative(packageRoot, file as string)} exports ${camel(id)}`).toBe(
        scanner,
      );
      expect(existsSync((file as string).replace(/\.ts$/, '.test.ts')), `${id}.test.ts beside it`).toBe(true);
      expect(scanner.eventKinds.length).toBeGreaterThan(0);
      expect(scanner.permissions.length).toBeGreaterThan(0);
      expect([...scanner.permissions]).toEqual([...scanner.permissions].sort());
      for (const action of scanner.permissions) expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      expect(scanner.summary.ja.trim()).not.toBe('');
      expect(scanner.summary.en.trim()).not.toBe('');
      if (scanner.scope === 'global') expect(scanner.globalRegion).toMatch(/^[a-z]{2}(-[a-z]+)+-\d+$/);
    },
  );

  it('names catalog ids that exist, and each catalog entry names the scanner back', () => {
    // Prepare
    const catalog = loadCatalog();
    // Act
    const problems: string[] = [];
    for (const scanner of scanners) {
      for (const kind of scanner.eventKinds) {
        const entry = catalog.get(kind);
        if (!entry) problems.push(`${scanner.id}: catalog has no entry ${kind}`);
        else if (!entry.detection.scanners.includes(scanner.id)) {
          problems.push(`${scanner.id}: catalog ${kind} does not list it in detection.scanners`);
        }
      }
    }
    // Assess
    expect(problems).toEqual([]);
  });
});
