import { paginateListDomains, Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { isoOrNull, orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'route53-domain-expiry';

/**
 * Domains registered with Route 53 that expire within the horizon, with their auto-renew setting
 * (off = the registration lapses unless someone renews it by hand).
 */
export const route53DomainExpiry: Scanner = {
  id: 'route53-domain-expiry',
  eventKinds: [KIND],
  // The Route 53 Domains API exists in us-east-1 only.
  scope: 'global',
  globalRegion: 'us-east-1',
  permissions: ['route53domains:ListDomains'],
  summary: {
    ja: 'Route 53 で登録したドメインの有効期限と自動更新の設定',
    en: 'Route 53 registered domains nearing expiry, with their auto-renew setting',
  },
  async *scan(ctx) {
    const pages = paginateListDomains({ client: ctx.client(Route53DomainsClient), pageSize: 100 }, {});
    for await (const page of pages) {
      for (const domain of page.Domains ?? []) {
        const expiry = isoOrNull(domain.Expiry);
        // Without an expiry date there is no fact to report.
        if (!domain.DomainName || expiry === null || !withinHorizon(ctx, KIND, expiry)) continue;
        const autoRenew = domain.AutoRenew ?? null;
        yield {
          kind: KIND,
          resource: domain.DomainName,
          eventDate: expiry,
          title: `Domain ${domain.DomainName} ${Date.parse(expiry) < ctx.now.getTime() ? 'expired on' : 'expires'} ${expiry.slice(0, 10)}${autoRenew === false ? ' (auto-renew off)' : ''}`,
          evidence: {
            domainName: domain.DomainName,
            expiry,
            autoRenew,
            transferLock: orNull(domain.TransferLock),
          },
        };
      }
    }
  },
};
