import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { packageRoot } from '../paths.js';
import type { EventKind } from './schema.js';

/**
 * The built-in catalog as JSON, written by `npm run build` (dist/catalog.json): reading 30-odd YAML
 * files and validating them took about a second of every CLI start. It holds a hash of the YAML it
 * came from; when the YAML has changed since (an edit without a rebuild) it is ignored, so it can
 * never say something the YAML no longer does.
 */
export const PREBUILT_CATALOG_PATH = join(packageRoot, 'dist', 'catalog.json');

export interface PrebuiltCatalog {
  /** sha256 of the built-in YAML files (relative path and content, in name order). */
  sourceHash: string;
  /** Validated entries, sorted by id, with their file relative to the catalog directory. */
  entries: Array<{ file: string; entry: EventKind }>;
}

/** The built-in entry files: `<service>/<id>.yaml` one level down, as loadCatalog reads them. */
export function builtInFiles(dir: string, depth = 1): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (depth > 0) out.push(...builtInFiles(path, depth - 1));
    } else if (extname(name) === '.yaml' || extname(name) === '.yml') {
      out.push(path);
    }
  }
  return out;
}

export function catalogSourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of builtInFiles(dir)) {
    hash.update(relative(dir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The prebuilt entries when the file exists and matches the YAML in `dir`; else undefined. */
export function readPrebuiltCatalog(
  dir: string,
  path = PREBUILT_CATALOG_PATH,
): PrebuiltCatalog['entries'] | undefined {
  if (!existsSync(path)) return undefined;
  let prebuilt: PrebuiltCatalog;
  try {
    prebuilt = JSON.parse(readFileSync(path, 'utf8')) as PrebuiltCatalog;
  } catch {
    return undefined;
  }
  if (!Array.isArray(prebuilt.entries) || prebuilt.sourceHash !== catalogSourceHash(dir)) return undefined;
  return prebuilt.entries;
}
