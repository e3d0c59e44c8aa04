import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultConfigPath } from '../config/paths.js';
import { catalogDir } from '../paths.js';
import { type Catalog, CompiledCatalog } from './match.js';
import { readPrebuiltCatalog } from './prebuilt.js';

/**
 * The built-in catalog straight from dist/catalog.json, without loading the YAML parser or zod,
 * when nothing can add to it: no OPSRADAR_CATALOG_DIR and no config file that mentions `catalog`
 * (which could name a user directory). Otherwise undefined, and the caller loads the full way.
 */
export function quickBuiltInCatalog(
  options: { configPath?: string; env?: NodeJS.ProcessEnv } = {},
): Catalog | undefined {
  const env = options.env ?? process.env;
  if (env.OPSRADAR_CATALOG_DIR) return undefined;
  const config = options.configPath ?? env.OPSRADAR_CONFIG ?? defaultConfigPath(env);
  if (existsSync(config)) {
    if (/catalog/i.test(readFileSync(config, 'utf8'))) return undefined;
  } else if (options.configPath) {
    return undefined; // a missing --config is an error the full path reports
  }
  const prebuilt = readPrebuiltCatalog(catalogDir);
  if (!prebuilt) return undefined;
  const origins = new Map(
    prebuilt.map(({ file, entry }) => {
      const shown = relative(process.cwd(), join(catalogDir, file)) || file;
      return [entry.id, { file: shown, builtIn: true, overridesBuiltIn: false }] as const;
    }),
  );
  return new CompiledCatalog(
    prebuilt.map((e) => e.entry),
    origins,
  );
}
