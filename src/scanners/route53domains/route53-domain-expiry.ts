import { paginateListDomains, Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { dateWithinHorizon, expiresOn, orNull, pageItems } from '../support.js';
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
    for await (const domain of pageItems(pages, (page) => page.Domains)) {
      // Without an expiry date there is no fact to report.
      const expiry = dateWithinHorizon(ctx, KIND, domain.Expiry);
      if (!domain.DomainName || expiry === null) continue;
      const autoRenew = domain.AutoRenew ?? null;
      yield {
        kind: KIND,
        resource: domain.DomainName,
        eventDate: expiry,
        title: `Domain ${domain.DomainName} ${expiresOn(ctx.now, expiry)}${autoRenew === false ? ' (auto-renew off)' : ''}`,
        evidence: {
          domainName: domain.DomainName,
          expiry,
          autoRenew,
          transferLock: orNull(domain.TransferLock),
        },
      };
    }
  },
};
