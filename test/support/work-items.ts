import type { WorkItemKind } from '../../src/core/workitems.js';
import type { CatalogLookup } from '../../src/store/index.js';

/** Literal catalog entries for work item tests: the real rules, fixed here so tests don't drift. */
export const TEST_KINDS: WorkItemKind[] = [
  {
    id: 'ec2-scheduled-event',
    category: 'emergency',
    services: ['EC2'],
    leadTimeDays: 7,
    title: { ja: 'EC2 のスケジュールされたイベント', en: 'EC2 scheduled event' },
    correlation: { keys: ['accountId', 'region', 'resource', 'kind'] },
  },
  {
    id: 'acm-certificate-expiry',
    category: 'scheduled',
    services: ['ACM'],
    leadTimeDays: 30,
    title: { ja: 'ACM 証明書の有効期限', en: 'ACM certificate expiry' },
    correlation: { keys: ['accountId', 'resource', 'eventDay'] },
  },
  {
    id: 'abuse-report',
    category: 'expert',
    services: ['EC2'],
    leadTimeDays: 0,
    title: { ja: '不正利用の報告', en: 'Abuse report' },
    correlation: { keys: ['accountId', 'resource', 'kind'] },
  },
];

export const testCatalog: CatalogLookup = {
  get: (id) => TEST_KINDS.find((kind) => kind.id === id),
};
