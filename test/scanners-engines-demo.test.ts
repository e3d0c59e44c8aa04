import { describe, expect, it } from 'vitest';
import { loadScenarioSource } from '../src/sandbox/scenario.js';
import { docdbNeptuneEngineLifecycle } from '../src/scanners/docdb/docdb-neptune-engine-lifecycle.js';
import { elasticacheEngineEndOfSupport } from '../src/scanners/elasticache/elasticache-engine-end-of-support.js';
import { elasticacheServiceUpdates } from '../src/scanners/elasticache/elasticache-service-updates.js';
import { mskKafkaVersionEndOfSupport } from '../src/scanners/kafka/msk-kafka-version-end-of-support.js';
import { memorydbClusterLifecycle } from '../src/scanners/memorydb/memorydb-cluster-lifecycle.js';
import { mqBrokerLifecycle } from '../src/scanners/mq/mq-broker-lifecycle.js';
import { opensearchDomainLifecycle } from '../src/scanners/opensearch/opensearch-domain-lifecycle.js';
import type { Scanner } from '../src/scanners/types.js';
import { runCase } from './support/scanner-tester.js';

/**
 * The demo scenario scanned like `opsradar demo` does (whole organization, today's clock, the
 * catalog's horizons): the managed-engine findings of data/scenarios/demo/engines.yaml, with
 * production's end-of-support dates from the version catalog and staging's from the tables.
 */
const PROD = '222222222222';
const STG = '333333333333';
const TOKYO = 'ap-northeast-1';

type Row = [account: string, kind: string, resource: string, dateSource: string | null];
const expected: Array<[Scanner, Row[]]> = [
  [
    elasticacheServiceUpdates,
    [
      [
        PROD,
        'engine-maintenance',
        `arn:aws:elasticache:${TOKYO}:${PROD}:replicationgroup:prod-sessions`,
        null,
      ],
    ],
  ],
  [
    elasticacheEngineEndOfSupport,
    [
      [
        PROD,
        'engine-end-of-support',
        `arn:aws:elasticache:${TOKYO}:${PROD}:replicationgroup:prod-sessions`,
        'version-catalog',
      ],
      [
        STG,
        'engine-end-of-support',
        `arn:aws:elasticache:${TOKYO}:${STG}:replicationgroup:staging-cache`,
        'lifecycle-table',
      ],
    ],
  ],
  [
    opensearchDomainLifecycle,
    [[PROD, 'engine-maintenance', `arn:aws:es:${TOKYO}:${PROD}:domain/prod-search`, null]],
  ],
  [
    docdbNeptuneEngineLifecycle,
    [
      [
        PROD,
        'engine-end-of-support',
        `arn:aws:rds:${TOKYO}:${PROD}:cluster:prod-catalog-docdb`,
        'version-catalog',
      ],
      [STG, 'engine-end-of-support', `arn:aws:rds:${TOKYO}:${STG}:cluster:staging-graph`, 'lifecycle-table'],
    ],
  ],
  [
    memorydbClusterLifecycle,
    [[STG, 'engine-maintenance', `arn:aws:memorydb:${TOKYO}:${STG}:cluster/staging-ledger`, null]],
  ],
];

describe('managed-engine scanners over the demo scenario', () => {
  const demo = loadScenarioSource('demo').input;
  const run = (scanner: Scanner) =>
    runCase(
      scanner,
      { now: new Date().toISOString() },
      {
        name: 'demo',
        scenario: demo,
        org: true,
        regions: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'],
      },
    );

  it.each(expected.map(([scanner, rows]) => [scanner.id, scanner, rows] as const))(
    '%s finds the demo findings, dated from the catalog in production and the tables in staging',
    async (_id, scanner, rows) => {
      // Act
      const result = await run(scanner);
      // Assess
      const seen = result.occurrences.map(
        (o): Row => [o.accountId, o.kind, o.resource, (o.evidence.dateSource as string | undefined) ?? null],
      );
      expect(seen).toEqual(
        [...rows].sort((a, b) => `${a[0]}/${a[2]}/${a[1]}`.localeCompare(`${b[0]}/${b[2]}/${b[1]}`)),
      );
      expect(result.coverage.filter((c) => c.status === 'failed')).toEqual([]);
    },
  );

  it('Amazon MQ and MSK: a pending upgrade in production, versions past end of support in staging', async () => {
    // Act
    const mq = await run(mqBrokerLifecycle);
    const msk = await run(mskKafkaVersionEndOfSupport);
    // Assess
    expect(mq.occurrences.map((o) => [o.accountId, o.kind, o.evidence.brokerName])).toEqual([
      [PROD, 'engine-maintenance', 'prod-orders-broker'],
      [STG, 'engine-end-of-support', 'staging-rabbit'],
    ]);
    expect(msk.occurrences.map((o) => [o.accountId, o.evidence.clusterName, o.evidence.dateSource])).toEqual([
      [STG, 'staging-events', 'lifecycle-table'],
    ]);
  });
});
