import { z } from 'zod';
import { arn, dateSpec, type Handler, type HandlerContext } from './types.js';

/**
 * Amazon RDS databases for the lifecycle scanners: DB instances and clusters, their pending
 * maintenance actions, the CA certificates and the engine major versions' lifecycles. Spread
 * into the `rds` service (`rds.ts`): scenario key `rds`.
 */

const maintenanceAction = z.object({
  action: z.string(),
  description: z.string().optional(),
  autoAppliedAfter: dateSpec.optional(),
  forcedApply: dateSpec.optional(),
  currentApply: dateSpec.optional(),
  /** immediate | next-maintenance | undo-opt-in; absent when the user has not opted in. */
  optInStatus: z.string().optional(),
});

const dbInstance = z.object({
  id: z.string(),
  engine: z.string().default('mysql'),
  engineVersion: z.string().default('8.0.40'),
  instanceClass: z.string().default('db.t3.medium'),
  status: z.string().default('available'),
  /** Aurora instances belong to a cluster. */
  clusterId: z.string().optional(),
  caCertificate: z.string().default('rds-ca-rsa2048-g1'),
  /** CertificateDetails.ValidTill: the server certificate's end; default one year ahead. */
  serverCertificateValidTill: dateSpec.default('365d'),
  /** open-source-rds-extended-support | open-source-rds-extended-support-disabled; AWS omits it for some engines. */
  engineLifecycleSupport: z.string().optional(),
  pendingMaintenance: z.array(maintenanceAction).default([]),
});

const dbCluster = z.object({
  id: z.string(),
  engine: z.string().default('aurora-mysql'),
  engineVersion: z.string().default('8.0.mysql_aurora.3.08.0'),
  status: z.string().default('available'),
  engineLifecycleSupport: z.string().optional(),
  pendingMaintenance: z.array(maintenanceAction).default([]),
});

const caCertificate = z.object({
  id: z.string(),
  validFrom: dateSpec,
  validTill: dateSpec,
});

const lifecycle = z.object({
  name: z.enum(['open-source-rds-standard-support', 'open-source-rds-extended-support']),
  start: dateSpec,
  end: dateSpec,
});

const majorEngineVersion = z.object({
  engine: z.string(),
  majorVersion: z.string(),
  lifecycles: z.array(lifecycle).default([]),
});

/**
 * The RDS CA certificates AWS offers (DescribeCertificates), as the AWS page "Certificate
 * authorities" lists them: rds-ca-2019 ended in August 2024, the G1 CAs last 40 / 100 years.
 */
const DEFAULT_CAS: z.input<typeof caCertificate>[] = [
  { id: 'rds-ca-2019', validFrom: '2019-08-22T17:08:50Z', validTill: '2024-08-22T17:08:50Z' },
  { id: 'rds-ca-ecc384-g1', validFrom: '2021-05-25T23:40:23Z', validTill: '2121-05-25T23:40:23Z' },
  { id: 'rds-ca-rsa2048-g1', validFrom: '2021-05-25T23:34:57Z', validTill: '2061-05-25T23:34:57Z' },
  { id: 'rds-ca-rsa4096-g1', validFrom: '2021-05-25T23:38:09Z', validTill: '2121-05-25T23:38:09Z' },
];

export const databaseScenario = {
  dbInstances: z.array(dbInstance).default([]),
  dbClusters: z.array(dbCluster).default([]),
  /** Replaces the default CA list when given. */
  caCertificates: z.array(caCertificate).optional(),
  /** DescribeDBMajorEngineVersions rows; tests and scenarios give the ones they need. */
  majorEngineVersions: z.array(majorEngineVersion).default([]),
};

const databaseData = z.object(databaseScenario);
type DatabaseData = z.output<typeof databaseData>;
type Ctx = HandlerContext<DatabaseData>;
type MaintenanceAction = z.output<typeof maintenanceAction>;

const instanceArn = (ctx: Ctx, id: string) => arn('rds', ctx.region, ctx.accountId, `db:${id}`);
const clusterArn = (ctx: Ctx, id: string) => arn('rds', ctx.region, ctx.accountId, `cluster:${id}`);

function maintenanceDetails(ctx: Ctx, actions: MaintenanceAction[]) {
  return actions.map((a) => ({
    Action: a.action,
    AutoAppliedAfterDate: a.autoAppliedAfter ? ctx.date(a.autoAppliedAfter) : undefined,
    ForcedApplyDate: a.forcedApply ? ctx.date(a.forcedApply) : undefined,
    OptInStatus: a.optInStatus,
    CurrentApplyDate: a.currentApply ? ctx.date(a.currentApply) : undefined,
    Description: a.description,
  }));
}

function certificates(ctx: Ctx) {
  return (ctx.data.caCertificates ?? DEFAULT_CAS.map((c) => caCertificate.parse(c))).map((c) => ({
    CertificateIdentifier: c.id,
    CertificateType: 'CA',
    Thumbprint: c.id
      .replace(/[^a-z0-9]/g, '')
      .padEnd(40, '0')
      .slice(0, 40),
    ValidFrom: ctx.date(c.validFrom),
    ValidTill: ctx.date(c.validTill),
    CertificateArn: arn('rds', ctx.region, '', `cert:${c.id}`),
  }));
}

/** The `engine` filter of DescribeDBClusters (DocumentDB and Neptune share the RDS endpoint and use it). */
function engineFilter(filters: unknown, engine: string): boolean {
  const list = (filters as Array<{ Name?: string; Values?: string[] }> | undefined) ?? [];
  return list.every((f) => f.Name !== 'engine' || (f.Values ?? []).includes(engine));
}

export const databaseHandlers: Record<string, Handler<DatabaseData>> = {
  DescribeDBInstances: (ctx) => ({
    DBInstances: ctx.data.dbInstances
      .filter((i) => !ctx.input.DBInstanceIdentifier || ctx.input.DBInstanceIdentifier === i.id)
      .map((i) => ({
        DBInstanceIdentifier: i.id,
        DBInstanceClass: i.instanceClass,
        Engine: i.engine,
        DBInstanceStatus: i.status,
        EngineVersion: i.engineVersion,
        DBClusterIdentifier: i.clusterId,
        CACertificateIdentifier: i.caCertificate,
        DBInstanceArn: instanceArn(ctx, i.id),
        DbiResourceId: `db-${i.id
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
          .padEnd(26, 'X')
          .slice(0, 26)}`,
        CertificateDetails: {
          CAIdentifier: i.caCertificate,
          ValidTill: ctx.date(i.serverCertificateValidTill),
        },
        EngineLifecycleSupport: i.engineLifecycleSupport,
        AutoMinorVersionUpgrade: true,
        MultiAZ: false,
      })),
  }),
  DescribeDBClusters: (ctx) => ({
    DBClusters: ctx.data.dbClusters
      .filter((c) => !ctx.input.DBClusterIdentifier || ctx.input.DBClusterIdentifier === c.id)
      .filter((c) => engineFilter(ctx.input.Filters, c.engine))
      .map((c) => ({
        DBClusterIdentifier: c.id,
        Status: c.status,
        Engine: c.engine,
        EngineVersion: c.engineVersion,
        DBClusterArn: clusterArn(ctx, c.id),
        DBClusterMembers: ctx.data.dbInstances
          .filter((i) => i.clusterId === c.id)
          .map((i, n) => ({ DBInstanceIdentifier: i.id, IsClusterWriter: n === 0 })),
        EngineLifecycleSupport: c.engineLifecycleSupport,
      })),
  }),
  DescribePendingMaintenanceActions: (ctx) => {
    const all = [
      ...ctx.data.dbInstances.map((i) => ({ arn: instanceArn(ctx, i.id), actions: i.pendingMaintenance })),
      ...ctx.data.dbClusters.map((c) => ({ arn: clusterArn(ctx, c.id), actions: c.pendingMaintenance })),
    ].filter((r) => r.actions.length > 0);
    return {
      PendingMaintenanceActions: all
        .filter((r) => !ctx.input.ResourceIdentifier || ctx.input.ResourceIdentifier === r.arn)
        .map((r) => ({
          ResourceIdentifier: r.arn,
          PendingMaintenanceActionDetails: maintenanceDetails(ctx, r.actions),
        })),
    };
  },
  DescribeCertificates: (ctx) => {
    const list = certificates(ctx).filter(
      (c) => !ctx.input.CertificateIdentifier || ctx.input.CertificateIdentifier === c.CertificateIdentifier,
    );
    return { DefaultCertificateForNewLaunches: 'rds-ca-rsa2048-g1', Certificates: list };
  },
  DescribeDBMajorEngineVersions: (ctx) => ({
    DBMajorEngineVersions: ctx.data.majorEngineVersions
      .filter((v) => !ctx.input.Engine || ctx.input.Engine === v.engine)
      .filter((v) => !ctx.input.MajorEngineVersion || ctx.input.MajorEngineVersion === v.majorVersion)
      .map((v) => ({
        Engine: v.engine,
        MajorEngineVersion: v.majorVersion,
        SupportedEngineLifecycles: v.lifecycles.map((l) => ({
          LifecycleSupportName: l.name,
          LifecycleSupportStartDate: ctx.date(l.start),
          LifecycleSupportEndDate: ctx.date(l.end),
        })),
      })),
  }),
};
