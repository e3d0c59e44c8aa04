import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { dataDir } from '../paths.js';

/**
 * Which regions offer a service, from data/service-regions.yaml (AWS's endpoint data, with its
 * source and read date). Keys are IAM prefixes, as scanners declare them in `permissions`.
 */
const fileSchema = z.object({
  source: z.string().url(),
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  regions: z.array(z.string()).min(1),
  global: z.array(z.string()),
  partial: z.record(z.string(), z.object({ endpoint: z.string(), regions: z.array(z.string()) })),
});

export type ServiceRegions = z.output<typeof fileSchema>;

let loaded: ServiceRegions | undefined;

export function serviceRegions(): ServiceRegions {
  loaded ??= fileSchema.parse(parse(readFileSync(join(dataDir, 'service-regions.yaml'), 'utf8')));
  return loaded;
}

/**
 * False only when the data knows the region and says the service has no endpoint there. A region
 * newer than the data, or a service it does not list as partial, counts as offered.
 */
export function isOffered(service: string, region: string, data: ServiceRegions = serviceRegions()): boolean {
  const partial = data.partial[service];
  if (!partial || !data.regions.includes(region)) return true;
  return partial.regions.includes(region);
}

/** Services called through one global endpoint (IAM, Health...): never a reason to skip a region. */
export function isGlobalService(service: string, data: ServiceRegions = serviceRegions()): boolean {
  return data.global.includes(service);
}

/**
 * The one regional service a scanner looks at, from its permissions (IAM prefixes), leaving out
 * global services and CloudWatch (metrics about the service, offered everywhere); undefined when
 * it looks at several (such a scanner asks `ctx.offered` per service).
 */
export function scannerService(permissions: readonly string[], data: ServiceRegions = serviceRegions()) {
  const services = new Set(
    permissions
      .map((p) => p.split(':')[0] as string)
      .filter((s) => s !== 'cloudwatch' && !isGlobalService(s, data)),
  );
  return services.size === 1 ? [...services][0] : undefined;
}
