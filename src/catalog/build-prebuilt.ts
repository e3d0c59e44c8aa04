import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogDir } from '../paths.js';
import { loadCatalog } from './index.js';
import { builtInFiles, catalogSourceHash, PREBUILT_CATALOG_PATH, type PrebuiltCatalog } from './prebuilt.js';

/** Validates the built-in YAML (as every load does) and writes it as JSON with its source hash. */
export function buildPrebuiltCatalog(dir = catalogDir, out = PREBUILT_CATALOG_PATH): PrebuiltCatalog {
  const catalog = loadCatalog({ builtInDir: dir, prebuilt: false });
  const files = new Map(
    builtInFiles(dir).map((file) => [
      basename(file, extname(file)),
      relative(dir, file).split(sep).join('/'),
    ]),
  );
  const prebuilt: PrebuiltCatalog = {
    sourceHash: catalogSourceHash(dir),
    entries: catalog.entries.map((entry) => ({ file: files.get(entry.id) ?? '', entry })),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(prebuilt)}\n`);
  return prebuilt;
}

// `node dist/catalog/build-prebuilt.js` (the last step of `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = buildPrebuiltCatalog();
  process.stdout.write(`${PREBUILT_CATALOG_PATH}: ${written.entries.length} catalog entries\n`);
}
