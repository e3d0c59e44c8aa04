import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { dataDir } from '../paths.js';

/** A token bucket as AWS describes throttling: `rate` requests per second, at most `burst` at once. */
export interface PublishedRate {
  rate: number;
  burst: number;
}

const rate = z.object({ rate: z.number().positive(), burst: z.number().int().positive() });
const fileSchema = z.object({
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  fallback: rate,
  services: z.record(
    z.string(),
    z.object({
      client: z.string(),
      source: z.string().url(),
      default: rate.optional(),
      operations: z.record(z.string(), rate).default({}),
    }),
  ),
});

export type PublishedRates = z.output<typeof fileSchema>;

let loaded: PublishedRates | undefined;

/** data/aws-rates.yaml: the rates AWS publishes per account and Region, each with its source. */
export function publishedRates(): PublishedRates {
  loaded ??= fileSchema.parse(parse(readFileSync(join(dataDir, 'aws-rates.yaml'), 'utf8')));
  return loaded;
}
