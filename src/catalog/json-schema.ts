import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { catalogDir } from '../paths.js';
import { eventKindSchema } from './schema.js';

/** Where the generated JSON Schema of a catalog entry lives (editors use it to check YAML files). */
export const catalogJsonSchemaPath = join(catalogDir, 'schema.json');

/** The JSON Schema of one catalog entry file, generated from the zod schema (the file as written, before defaults). */
export function catalogJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(eventKindSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://opsradar.dev/schemas/catalog-entry.json',
    title: 'opsradar catalog entry (catalog/<service>/<id>.yaml)',
  };
}

export function renderCatalogJsonSchema(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}

/** Writes catalog/schema.json; returns true when the file changed. */
export function writeCatalogJsonSchema(path = catalogJsonSchemaPath): boolean {
  const next = renderCatalogJsonSchema();
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === next) return false;
  writeFileSync(path, next);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const changed = writeCatalogJsonSchema();
  process.stdout.write(`${catalogJsonSchemaPath}: ${changed ? 'written' : 'up to date'}\n`);
}
