import {
  type DBMajorEngineVersion,
  paginateDescribeDBMajorEngineVersions,
  RDSClient,
} from '@aws-sdk/client-rds';
import { eventDate, findVersion, type VersionCatalogAnswer } from '../../core/version-catalog.js';
import { rdsClusters, rdsInstances } from '../shared.js';
import { isoOrNull, orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'rds-engine-end-of-support';
const STANDARD = 'open-source-rds-standard-support';
const EXTENDED = 'open-source-rds-extended-support';

interface Database {
  arn: string;
  id: string;
  type: 'instance' | 'cluster';
  engine: string;
  engineVersion: string;
  engineLifecycleSupport: string | null;
}

/** The published major version of `version`: the longest `MajorEngineVersion` that is a dotted prefix of it. */
function majorOf(rows: readonly DBMajorEngineVersion[], engine: string, version: string) {
  return rows
    .filter(
      (r) =>
        r.Engine === engine &&
        r.MajorEngineVersion !== undefined &&
        (version === r.MajorEngineVersion || version.startsWith(`${r.MajorEngineVersion}.`)),
    )
    .sort((a, b) => (b.MajorEngineVersion?.length ?? 0) - (a.MajorEngineVersion?.length ?? 0))[0];
}

/** End of standard and extended support: the version catalog's when it lists the version, else the RDS API's. */
function supportDates(
  row: DBMajorEngineVersion,
  catalog: VersionCatalogAnswer,
  engine: string,
  region: string,
) {
  const lifecycles = row.SupportedEngineLifecycles ?? [];
  const api = {
    standardEnd: isoOrNull(
      lifecycles.find((l) => l.LifecycleSupportName === STANDARD)?.LifecycleSupportEndDate,
    ),
    extendedEnd: isoOrNull(
      lifecycles.find((l) => l.LifecycleSupportName === EXTENDED)?.LifecycleSupportEndDate,
    ),
    dateSource: 'rds-api' as const,
  };
  const major = row.MajorEngineVersion ?? '';
  const entry = catalog.available ? findVersion(catalog.entries, `${engine} ${major}`) : undefined;
  const standardEnd = entry ? eventDate(entry, ['END_OF_STANDARD_SUPPORT', 'END_OF_SUPPORT'], region) : null;
  if (!entry || standardEnd === null) return api;
  return {
    standardEnd,
    extendedEnd: eventDate(entry, ['END_OF_EXTENDED_SUPPORT'], region) ?? api.extendedEnd,
    dateSource: 'version-catalog' as const,
  };
}

/**
 * DB instances and clusters whose engine major version leaves RDS standard support within the
 * horizon (or already has), with the Extended Support end — both dates from the RDS API
 * DescribeDBMajorEngineVersions (SupportedEngineLifecycles), unless AWS Health's version catalog
 * (service RDS, version "<engine> <major>") gives them: with a support plan it wins. Engines the API publishes no
 * lifecycle for (Oracle, SQL Server...) are not reported. Aurora instances are reported through
 * their cluster.
 */
export const rdsEngineEndOfSupport: Scanner = {
  id: 'rds-engine-end-of-support',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'health:DescribeServiceLifecycle',
    'rds:DescribeDBClusters',
    'rds:DescribeDBInstances',
    'rds:DescribeDBMajorEngineVersions',
  ],
  summary: {
    ja: 'RDS / Aurora のエンジンのメジャーバージョンの標準サポート終了日・延長サポート終了日',
    en: 'RDS / Aurora engine major versions reaching end of standard support and of Extended Support',
  },
  async *scan(ctx) {
    const rds = ctx.client(RDSClient);
    const databases: Database[] = [];
    for (const c of await rdsClusters(ctx)) {
      if (!c.DBClusterIdentifier || !c.Engine || !c.EngineVersion) continue;
      databases.push({
        arn: c.DBClusterArn ?? c.DBClusterIdentifier,
        id: c.DBClusterIdentifier,
        type: 'cluster',
        engine: c.Engine,
        engineVersion: c.EngineVersion,
        engineLifecycleSupport: orNull(c.EngineLifecycleSupport),
      });
    }
    for (const i of await rdsInstances(ctx)) {
      // A cluster member runs the cluster's version: reported once, as the cluster.
      if (!i.DBInstanceIdentifier || !i.Engine || !i.EngineVersion || i.DBClusterIdentifier) continue;
      databases.push({
        arn: i.DBInstanceArn ?? i.DBInstanceIdentifier,
        id: i.DBInstanceIdentifier,
        type: 'instance',
        engine: i.Engine,
        engineVersion: i.EngineVersion,
        engineLifecycleSupport: orNull(i.EngineLifecycleSupport),
      });
    }
    if (databases.length === 0) return;
    const rows: DBMajorEngineVersion[] = [];
    for await (const page of paginateDescribeDBMajorEngineVersions({ client: rds, pageSize: 100 }, {})) {
      rows.push(...(page.DBMajorEngineVersions ?? []));
    }
    const catalog = await ctx.versionCatalog('RDS');
    for (const db of databases) {
      const row = majorOf(rows, db.engine, db.engineVersion);
      if (!row) continue;
      const { standardEnd, extendedEnd, dateSource } = supportDates(row, catalog, db.engine, ctx.region);
      if (standardEnd === null || !withinHorizon(ctx, KIND, standardEnd)) continue;
      const inExtended = Date.parse(standardEnd) <= ctx.now.getTime();
      yield {
        kind: KIND,
        resource: db.arn,
        eventDate: standardEnd,
        eventEndDate: extendedEnd,
        title: `RDS ${db.id}: ${db.engine} ${row.MajorEngineVersion} standard support ${inExtended ? 'ended' : 'ends'} ${standardEnd.slice(0, 10)}`,
        evidence: {
          resourceType: db.type,
          resourceId: db.id,
          engine: db.engine,
          engineVersion: db.engineVersion,
          majorEngineVersion: orNull(row.MajorEngineVersion),
          standardSupportEnd: standardEnd,
          extendedSupportEnd: extendedEnd,
          // Past the standard end the database runs (and is billed) on Extended Support unless disabled.
          inExtendedSupport: inExtended,
          engineLifecycleSupport: db.engineLifecycleSupport,
          dateSource,
        },
      };
    }
  },
};
