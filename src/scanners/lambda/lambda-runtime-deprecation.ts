import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { isoDate, lifecycleTableHeader, loadLifecycleTable, rowProvenance } from '../lifecycle.js';
import { isoOrNull, orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'lambda-runtime-deprecation';

/** `data/lifecycle/lambda-runtimes.yaml` (shape documented in its header). */
export const lambdaRuntimeTable = lifecycleTableHeader.extend({
  table: z.literal('lambda-runtimes'),
  regionalDates: z.string().optional(),
  rows: z.array(
    z.object({
      runtime: z.string(),
      name: z.string(),
      os: z.string(),
      deprecation: isoDate.nullable(),
      blockCreate: isoDate.nullable(),
      blockUpdate: isoDate.nullable(),
      ...rowProvenance,
      note: z.string().optional(),
    }),
  ),
});

const day = (date: string | null) => (date === null ? null : `${date}T00:00:00.000Z`);

/**
 * Functions on a managed runtime that is deprecated or will be within the horizon, with the days
 * Lambda stops accepting new functions and updates on it. AWS publishes these dates on a web page
 * only, so they come from the lifecycle table (user rows first). Container-image functions have no
 * runtime and are skipped; runtimes the table does not know are not guessed at.
 */
export const lambdaRuntimeDeprecation: Scanner = {
  id: 'lambda-runtime-deprecation',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['lambda:ListFunctions'],
  summary: {
    ja: 'Lambda ランタイムのサポート終了（非推奨化・関数の作成／更新ブロック日）',
    en: 'Lambda functions on deprecated runtimes, with the dates creating and updating is blocked',
  },
  async *scan(ctx) {
    const table = loadLifecycleTable('lambda-runtimes', lambdaRuntimeTable);
    const lambda = ctx.client(LambdaClient);
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 50 }, {})) {
      for (const fn of page.Functions ?? []) {
        if (fn.PackageType === 'Image' || !fn.Runtime || !fn.FunctionName) continue;
        const row = table.rows.find((r) => r.runtime === fn.Runtime);
        if (!row || row.deprecation === null) continue;
        const deprecation = day(row.deprecation) as string;
        if (!withinHorizon(ctx, KIND, deprecation)) continue;
        const blockUpdate = day(row.blockUpdate);
        const deprecated = Date.parse(deprecation) <= ctx.now.getTime();
        yield {
          kind: KIND,
          resource: fn.FunctionArn ?? fn.FunctionName,
          eventDate: deprecation,
          eventEndDate: blockUpdate,
          title: `Lambda ${fn.FunctionName}: ${row.name} ${deprecated ? 'deprecated since' : 'deprecated on'} ${row.deprecation}`,
          evidence: {
            functionName: fn.FunctionName,
            runtime: fn.Runtime,
            runtimeName: row.name,
            runtimeOs: row.os,
            deprecated,
            deprecationDate: deprecation,
            blockCreateDate: day(row.blockCreate),
            blockUpdateDate: blockUpdate,
            lastModified: isoOrNull(fn.LastModified),
            architectures: fn.Architectures ?? [],
            note: orNull(row.note),
            dateSource: 'lifecycle-table',
            dateSourceUrl: row.source,
            datesReadOn: row.readOn,
          },
        };
      }
    }
  },
};
