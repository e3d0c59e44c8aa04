import { z } from 'zod';
import { arn, dateSpec, defineService, stableId } from './types.js';

const lambdaFunction = z.object({
  name: z.string(),
  /** Absent for container-image functions. */
  runtime: z.string().optional(),
  packageType: z.enum(['Zip', 'Image']).default('Zip'),
  handler: z.string().optional(),
  memorySize: z.number().int().default(128),
  lastModified: dateSpec.default('-30d'),
  architectures: z.array(z.enum(['x86_64', 'arm64'])).default(['x86_64']),
});

/** AWS Lambda: ListFunctions (50 per page, as AWS pages it). */
export const lambda = defineService({
  name: 'lambda',
  model: 'lambda-2015-03-31',
  scope: 'regional',
  scenario: z.object({ functions: z.array(lambdaFunction).default([]) }),
  defaultPageSize: { ListFunctions: 50 },
  handlers: {
    ListFunctions: ({ data, accountId, region, date }) => ({
      Functions: data.functions.map((f) => ({
        FunctionName: f.name,
        FunctionArn: arn('lambda', region, accountId, `function:${f.name}`),
        Runtime: f.packageType === 'Image' ? undefined : f.runtime,
        Role: `arn:aws:iam::${accountId}:role/${f.name}-role`,
        Handler: f.packageType === 'Image' ? undefined : (f.handler ?? 'index.handler'),
        CodeSize: 1024,
        Description: '',
        Timeout: 3,
        MemorySize: f.memorySize,
        // Lambda writes LastModified as 2026-01-01T00:00:00.000+0000.
        LastModified: date(f.lastModified).toISOString().replace('Z', '+0000'),
        CodeSha256: Buffer.from(stableId(`${accountId}/${region}/${f.name}`, 32)).toString('base64'),
        Version: '$LATEST',
        PackageType: f.packageType,
        Architectures: f.architectures,
        EphemeralStorage: { Size: 512 },
      })),
    }),
  },
});
