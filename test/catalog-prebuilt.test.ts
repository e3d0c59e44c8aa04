import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPrebuiltCatalog } from '../src/catalog/build-prebuilt.js';
import { loadCatalog } from '../src/catalog/index.js';
import { PREBUILT_CATALOG_PATH, readPrebuiltCatalog } from '../src/catalog/prebuilt.js';
import { quickBuiltInCatalog } from '../src/catalog/quick.js';
import { catalogDir } from '../src/paths.js';

describe('the prebuilt catalog (dist/catalog.json) the CLI starts from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-prebuilt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fromYaml = loadCatalog({ prebuilt: false });

  it('holds exactly what the YAML says', () => {
    const out = join(dir, 'catalog.json');
    buildPrebuiltCatalog(catalogDir, out);
    const entries = readPrebuiltCatalog(catalogDir, out);
    expect(entries?.map((e) => e.entry)).toEqual(fromYaml.entries);
    expect(entries?.find((e) => e.entry.id === 'acm-certificate-expiry')?.file).toBe(
      'acm/acm-certificate-expiry.yaml',
    );
  });

  it('is ignored once the YAML changed after it was built, so it can never drift', () => {
    const copy = join(dir, 'catalog');
    cpSync(catalogDir, copy, { recursive: true });
    const out = join(dir, 'copy.json');
    buildPrebuiltCatalog(copy, out);
    const file = join(copy, 'acm', 'acm-certificate-expiry.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('leadTimeDays: 30', 'leadTimeDays: 31'));
    expect(readPrebuiltCatalog(copy, out)).toBeUndefined();
    expect(loadCatalog({ builtInDir: copy }).get('acm-certificate-expiry')?.leadTimeDays).toBe(31);
  });

  // `npm test` builds first: the shipped file must match the YAML it is shipped with.
  it.skipIf(!existsSync(PREBUILT_CATALOG_PATH))(
    'dist/catalog.json matches the YAML (npm run build writes it)',
    () => {
      const shipped = readPrebuiltCatalog(catalogDir);
      expect(shipped, 'dist/catalog.json is older than the YAML: run npm run build').toBeDefined();
      expect(shipped?.map((e) => e.entry)).toEqual(fromYaml.entries);
      const quick = quickBuiltInCatalog({ env: { XDG_CONFIG_HOME: join(dir, 'no-config') } });
      expect(quick?.entries).toEqual(fromYaml.entries);
      expect(quick?.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE' })?.kind.id).toBe(
        'acm-certificate-expiry',
      );
    },
  );

  it('is not used when a user catalog directory or a config mentioning the catalog may change it', () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'catalog:\n  userDir: /somewhere\n');
    expect(quickBuiltInCatalog({ env: { OPSRADAR_CATALOG_DIR: dir } })).toBeUndefined();
    expect(quickBuiltInCatalog({ configPath: config, env: {} })).toBeUndefined();
    expect(quickBuiltInCatalog({ configPath: join(dir, 'missing.yaml'), env: {} })).toBeUndefined();
  });
});
