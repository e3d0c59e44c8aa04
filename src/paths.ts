import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The opsradar package root, the same whether running from src/ (tests) or dist/ (built). */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
/** Built-in catalog entries: catalog/<service>/<id>.yaml */
export const catalogDir = join(packageRoot, 'catalog');
/** Data tables (lifecycles without an API) and sandbox scenarios. */
export const dataDir = join(packageRoot, 'data');
/** AWS API models (JSON) the sandbox serves, vendored from aws-sdk-js v2 by scripts/refresh-aws-models.ts. */
export const awsModelsDir = join(dataDir, 'aws-models');
