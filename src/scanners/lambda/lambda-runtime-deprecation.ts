import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { z } from 'zod';
import {
  eventDate,
  findVersion,
  VERSION_CATALOG_SOURCE,
  type VersionCatalogAnswer,
} from '../../core/version-catalog.js';
import { lambdaRuntimeTable, loadLifecycleTable } from '../lifecycle.js';
import { isoOrNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'lambda-runtime-deprecation';

const day = (date: string | null) => (date === null ? null : `${date}T00:00:00.000Z`);

type Row = z.output<typeof lambdaRuntimeTable>['rows'][number];

/** A runtime's dates and where they came from. */
interface RuntimeDates {
  name: string;
  os: string | null;
  deprecation: string;
  blockCreate: string | null;
  blockUpdate: string | null;
  recommendedVersion: string | null;
  note: string | null;
  dateSource: 'version-catalog' | 'lifecycle-table';
  dateSourceUrl: string;
  datesReadOn: string;
}

/** The version catalog's dates for `runtime` in `region`, when it lists the runtime with a deprecation date. */
function fromCatalog(
  catalog: VersionCatalogAnswer,
  runtime: string,
  region: string,
  row: Row | undefined,
): RuntimeDates | null {
  if (!catalog.available) return null;
  const entry = findVersion(catalog.entries, runtime);
  const deprecation = entry ? eventDate(entry, ['END_OF_SUPPORT'], region) : null;
  if (!entry || deprecation === null) return null;
  return {
    name: entry.title ?? row?.name ?? runtime,
    os: row?.os ?? null,
    deprecation,
    blockCreate: eventDate(entry, ['BLOCK_RESOURCE_CREATE'], region),
    blockUpdate: eventDate(entry, ['BLOCK_RESOURCE_UPDATE'], region),
    recommendedVersion: entry.recommendedVersion ?? null,
    note: null,
    dateSource: 'version-catalog',
    dateSourceUrl: VERSION_CATALOG_SOURCE,
    datesReadOn: catalog.retrievedAt.slice(0, 10),
  };
}

function fromTable(row: Row | undefined): RuntimeDates | null {
  if (!row || row.deprecation === null) return null;
  return {
    name: row.name,
    os: row.os,
    deprecation: day(row.deprecation) as string,
    blockCreate: day(row.blockCreate),
    blockUpdate: day(row.blockUpdate),
    recommendedVersion: null,
    note: row.note ?? null,
    dateSource: 'lifecycle-table',
    dateSourceUrl: row.source,
    datesReadOn: row.readOn,
  };
}

/**
 * Functions on a managed runtime that is deprecated or will be within the horizon, with the days
 * Lambda stops accepting new functions and updates on it. Dates come from AWS Health's version
 * catalog (per Region) when the account's support plan gives it, else from the lifecycle table
 * (user rows first). Container-image functions have no runtime and are skipped; runtimes neither
 * source knows are not guessed at.
 */
export const lambdaRuntimeDeprecation: Scanner = {
  id: 'lambda-runtime-deprecation',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['health:DescribeServiceLifecycle', 'lambda:ListFunctions'],
  summary: {
    ja: 'Lambda ランタイムのサポート終了（非推奨化・関数の作成／更新ブロック日）',
    en: 'Lambda functions on deprecated runtimes, with the dates creating and updating is blocked',
  },
  async *scan(ctx) {
    const table = loadLifecycleTable('lambda-runtimes', lambdaRuntimeTable);
    const lambda = ctx.client(LambdaClient);
    let catalog: VersionCatalogAnswer | undefined;
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 50 }, {})) {
      for (const fn of page.Functions ?? []) {
        if (fn.PackageType === 'Image' || !fn.Runtime || !fn.FunctionName) continue;
        // Asked only once a function needs it, so empty regions cost no Health call.
        catalog ??= await ctx.versionCatalog('LAMBDA');
        const row = table.rows.find((r) => r.runtime === fn.Runtime);
        const dates = fromCatalog(catalog, fn.Runtime, ctx.region, row) ?? fromTable(row);
        if (!dates || !withinHorizon(ctx, KIND, dates.deprecation)) continue;
        const deprecated = Date.parse(dates.deprecation) <= ctx.now.getTime();
        yield {
          kind: KIND,
          resource: fn.FunctionArn ?? fn.FunctionName,
          eventDate: dates.deprecation,
          eventEndDate: dates.blockUpdate,
          title: `Lambda ${fn.FunctionName}: ${dates.name} ${deprecated ? 'deprecated since' : 'deprecated on'} ${dates.deprecation.slice(0, 10)}`,
          evidence: {
            functionName: fn.FunctionName,
            runtime: fn.Runtime,
            runtimeName: dates.name,
            runtimeOs: dates.os,
            deprecated,
            deprecationDate: dates.deprecation,
            blockCreateDate: dates.blockCreate,
            blockUpdateDate: dates.blockUpdate,
            recommendedVersion: dates.recommendedVersion,
            lastModified: isoOrNull(fn.LastModified),
            architectures: fn.Architectures ?? [],
            note: dates.note,
            dateSource: dates.dateSource,
            dateSourceUrl: dates.dateSourceUrl,
            datesReadOn: dates.datesReadOn,
          },
        };
      }
    }
  },
};
