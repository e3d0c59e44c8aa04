import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/index.js';
import { type MessageItem, messageItem, type NotifyItem, type NotifyMessage } from './message.js';
import { renderMessage } from './render.js';

const catalog = loadCatalog();

const certificate: NotifyItem = {
  id: 7,
  ref: '#7',
  kind: 'acm-certificate-expiry',
  category: 'scheduled',
  service: 'ACM',
  accountId: '111122223333',
  region: 'ap-northeast-1',
  resource: 'arn:aws:acm:ap-northeast-1:111122223333:certificate/0f1e2d3c',
  // The source's own English wording, which a Japanese reader must not be shown as the title.
  title: 'ACM certificate shop.example.com expires',
  eventDate: '2026-12-23T20:00:00.000Z',
  dueDate: '2026-12-09T00:00:00.000Z',
  status: 'open',
  owner: null,
  team: null,
  createdAt: '2026-11-01T00:00:00.000Z',
};

function message(purpose: 'announce' | 'digest', item: MessageItem, plannedAt: string): NotifyMessage {
  return {
    purpose,
    channel: 'ops',
    idempotencyKey: `test|${purpose}`,
    plannedAt,
    item: purpose === 'announce' ? item : null,
    reminderDays: null,
    escalatedFrom: null,
    digest:
      purpose === 'digest'
        ? {
            day: '2026-12-02',
            timeZone: 'Asia/Tokyo',
            newItems: [item],
            dueSoon: [],
            overdue: [],
            omitted: 0,
          }
        : null,
  };
}

describe('renderMessage titles', () => {
  it("reads the catalog's item title in the reader's language and time zone", () => {
    // Prepare
    const item = messageItem(certificate, (id) => catalog.get(id), 'https://opsradar.example.com');
    const options = { timeZone: 'Asia/Tokyo', baseUrl: 'https://opsradar.example.com' };
    // Act
    const ja = renderMessage(message('announce', item, '2026-12-02T01:00:00Z'), { ...options, lang: 'ja' });
    const en = renderMessage(message('announce', item, '2026-12-02T01:00:00Z'), { ...options, lang: 'en' });
    const digest = renderMessage(message('digest', item, '2026-12-02T01:00:00Z'), { ...options, lang: 'ja' });
    // Assess: 20:00 UTC on the 23rd is the 24th in Tokyo.
    expect(ja.subject).toBe(
      '[opsradar] 新しい作業: #7 ACM 証明書 0f1e2d3c は 2026-12-24 に期限切れになります',
    );
    expect(ja.headline).toBe('#7 ACM 証明書 0f1e2d3c は 2026-12-24 に期限切れになります');
    expect(ja.text).not.toContain('shop.example.com expires');
    expect(en.subject).toBe('[opsradar] New work: #7 ACM certificate 0f1e2d3c expires on 2026-12-24');
    expect(digest.text).toContain('#7 ACM 証明書 0f1e2d3c は 2026-12-24 に期限切れになります');
  });

  it('words the title in the past tense once the event day has passed when the message is planned', () => {
    const item = messageItem(certificate, (id) => catalog.get(id), 'https://opsradar.example.com');
    const rendered = renderMessage(message('announce', item, '2026-12-30T00:00:00Z'), {
      lang: 'ja',
      timeZone: 'Asia/Tokyo',
      baseUrl: 'https://opsradar.example.com',
    });
    expect(rendered.headline).toBe('#7 ACM 証明書 0f1e2d3c は 2026-12-24 に期限切れになりました');
  });

  it('falls back to the kind title, resource and day for a message planned without the wording', () => {
    const { itemTitle: _, ...older } = messageItem(
      certificate,
      (id) => catalog.get(id),
      'https://opsradar.example.com',
    );
    const rendered = renderMessage(message('announce', older, '2026-12-02T01:00:00Z'), {
      lang: 'en',
      timeZone: 'UTC',
      baseUrl: 'https://opsradar.example.com',
    });
    expect(rendered.headline).toBe(
      `#7 ${catalog.get('acm-certificate-expiry')?.title.en}: 0f1e2d3c (2026-12-23)`,
    );
  });
});
