import { DescribeDomainsCommand, type DomainStatus, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { ENGINE_EOS_KIND, type EngineResource, engineEosFindings } from '../engine-support.js';
import { openSearchDomainNames } from '../shared.js';
import { findingsOf, isoOrNull, orNull, withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const MAINTENANCE = 'engine-maintenance';
/** DescribeDomains takes at most 5 names per call. */
const BATCH = 5;

async function domains(ctx: ScanContext, client: OpenSearchClient): Promise<DomainStatus[]> {
  const names = await openSearchDomainNames(ctx);
  const out: DomainStatus[] = [];
  for (let i = 0; i < names.length; i += BATCH) {
    const page = await client.send(new DescribeDomainsCommand({ DomainNames: names.slice(i, i + BATCH) }));
    out.push(...(page.DomainStatusList ?? []).filter((d) => !d.Deleted));
  }
  return out;
}

/** AWS reports "no automated update" as the epoch (1970-01-01). */
function automatedUpdate(d: DomainStatus): string | null {
  const date = isoOrNull(d.ServiceSoftwareOptions?.AutomatedUpdateDate);
  return date !== null && Date.parse(date) > 0 ? date : null;
}

function maintenance(ctx: ScanContext, d: DomainStatus): Finding | null {
  const s = d.ServiceSoftwareOptions;
  if (!s?.UpdateAvailable || !d.DomainName) return null;
  const date = automatedUpdate(d);
  // An optional update without a date is not deadline work.
  if (date === null && s.OptionalDeployment !== false) return null;
  if (date !== null && !withinHorizon(ctx, MAINTENANCE, date)) return null;
  return {
    kind: MAINTENANCE,
    resource: d.ARN ?? d.DomainName,
    eventDate: date,
    title: `OpenSearch ${d.DomainName}: service software ${s.NewVersion || 'update'}${date ? ` applied automatically from ${date.slice(0, 10)}` : ' required'}`,
    evidence: {
      service: 'opensearch',
      domainName: d.DomainName,
      engineVersion: orNull(d.EngineVersion),
      currentVersion: orNull(s.CurrentVersion),
      newVersion: s.NewVersion ? s.NewVersion : null,
      updateStatus: orNull(s.UpdateStatus),
      optionalDeployment: orNull(s.OptionalDeployment),
      automatedUpdateDate: date,
      description: orNull(s.Description),
    },
  };
}

/**
 * OpenSearch Service domains: a service software update that AWS will apply by itself
 * (AutomatedUpdateDate) or that is required (OptionalDeployment false) → engine-maintenance; an
 * OpenSearch or Elasticsearch version leaving standard support within the horizon →
 * engine-end-of-support, dated from AWS Health's version catalog (service ES) when the support
 * plan gives it, else from the engine-versions table.
 */
export const opensearchDomainLifecycle: Scanner = {
  id: 'opensearch-domain-lifecycle',
  eventKinds: [MAINTENANCE, ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: ['es:DescribeDomains', 'es:ListDomainNames', 'health:DescribeServiceLifecycle'],
  summary: {
    ja: 'OpenSearch Service ドメインのサービスソフトウェア更新（自動適用日）とエンジンバージョンの標準サポート終了',
    en: 'OpenSearch Service domains: service software updates (automated update date) and engine versions leaving standard support',
  },
  async *scan(ctx) {
    const list = await domains(ctx, ctx.client(OpenSearchClient));
    if (list.length === 0) return;
    yield* findingsOf(list, (d) => maintenance(ctx, d));
    yield* engineEosFindings(ctx, 'ES', list, domainEngine);
  },
};

/** EngineVersion reads `OpenSearch_2.11` or `Elasticsearch_7.10`. */
function domainEngine(d: DomainStatus): EngineResource | null {
  const engineVersion = d.EngineVersion;
  if (!engineVersion || !d.DomainName) return null;
  const [engine = '', version = ''] = engineVersion.split('_');
  const product = engine === 'Elasticsearch' ? 'amazon-opensearch-elasticsearch' : 'amazon-opensearch';
  return {
    lookup: { spellings: [engineVersion], product, version },
    resource: d.ARN ?? d.DomainName,
    title: (ended, day) =>
      `OpenSearch ${d.DomainName}: ${engine} ${version} standard support ${ended ? 'ended' : 'ends'} ${day}`,
    evidence: { service: 'opensearch', domainName: d.DomainName, engine, engineVersion },
  };
}
