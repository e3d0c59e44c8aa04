import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { routingSchema } from '../src/core/routing.js';
import { comebacks } from '../src/core/work-item-sync.js';
import { ingestMail } from '../src/ingest/email/ingest.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const catalog = loadCatalog();
const routing = routingSchema.parse({});
const OUR_SERVER = { authservIds: ['mx.example.co.jp'] };
const NOW = new Date('2026-11-24T00:00:00Z');

/** An EC2 retirement notice; `results` are its Authentication-Results headers, topmost first. */
function retirementMail(input: { messageId: string; stopAt: string; results: string[] }): Buffer {
  return Buffer.from(
    [
      ...input.results.map((r) => `Authentication-Results: ${r}`),
      'From: "Amazon Web Services, Inc." <no-reply-aws@amazon.com>',
      'To: aws-root@example.co.jp',
      'Subject: [Retirement Notification] Amazon EC2 Instance scheduled for retirement.',
      'Date: Mon, 23 Nov 2026 00:00:00 GMT',
      `Message-ID: <${input.messageId}>`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'Dear Amazon EC2 Customer,',
      '',
      'We have important news about your account (AWS Account ID: 234567890123). EC2 has detected degradation of the',
      'underlying hardware hosting your Amazon EC2 instance (instance-ID: i-0a1b2c3d4e5f60718) in the ap-northeast-1',
      `region. After ${input.stopAt} your instance, which has an EBS volume as the root device, will be stopped.`,
      '',
    ].join('\r\n'),
  );
}

const GENUINE =
  'mx.example.co.jp; dkim=pass header.d=amazon.com; spf=pass smtp.mailfrom=amazonses.com; dmarc=pass';
/** What our server wrote for the attacker's message, and the header the attacker wrote below it. */
const OURS_FAILED = 'mx.example.co.jp; dkim=fail header.d=amazon.com; spf=none';
const FORGED = 'mx.example.co.jp; dkim=pass header.d=amazon.com';

describe.each(storeTargets())('mail trust on $name', ({ open }) => {
  let store: Store;

  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  let hour = 0;
  /** Each mail arrives an hour after the previous one. */
  async function ingest(raw: Buffer, origin: string) {
    hour += 1;
    const at = new Date(NOW.getTime() + hour * 3_600_000);
    const summary = await ingestMail(store, [{ origin, raw }], { catalog, now: () => at, trust: OUR_SERVER });
    await store.workItems.refresh(catalog, routing, { now: at });
    return summary.results[0];
  }

  it('stores a mail with a forged Authentication-Results header as unverified, and it changes no item', async () => {
    // Prepare: the genuine notice made the item
    await ingest(
      retirementMail({
        messageId: 'genuine-1@email.amazonses.com',
        stopAt: '2026-12-06 02:00 UTC',
        results: [GENUINE],
      }),
      'genuine.eml',
    );
    const [before] = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items;

    // Act: a forged notice about the same instance, moving the date
    const forged = await ingest(
      retirementMail({
        messageId: 'forged-1@attacker.example',
        stopAt: '2026-11-25 02:00 UTC',
        results: [OURS_FAILED, FORGED],
      }),
      'forged.eml',
    );
    // ...and its "update", which would reschedule the item if it were trusted
    await ingest(
      retirementMail({
        messageId: 'forged-1@attacker.example',
        stopAt: '2026-11-26 02:00 UTC',
        results: [OURS_FAILED, FORGED],
      }),
      'forged-update.eml',
    );

    // Assess
    expect(forged?.status).toBe('recorded');
    expect(forged?.verified).toBe(false);
    const [after] = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items;
    expect(after?.id).toBe(before?.id);
    expect(after?.eventDate).toBe('2026-12-06T02:00:00.000Z');
    expect(after?.dueDate).toBe(before?.dueDate);
    expect(after?.status).toBe('open');
    const detail = await store.workItems.get(after?.id ?? 0);
    const evidence = detail?.occurrences.map((o) => [o.sourceRef, o.verified]).sort();
    expect(evidence).toEqual([
      ['email:forged-1@attacker.example', false],
      ['email:genuine-1@email.amazonses.com', true],
    ]);
  });

  it('keeps the first verified version of a notice when an unverified copy re-uses its Message-ID', async () => {
    await ingest(
      retirementMail({
        messageId: 'genuine-2@email.amazonses.com',
        stopAt: '2026-12-06 02:00 UTC',
        results: [GENUINE],
      }),
      'genuine.eml',
    );

    const replay = await ingest(
      retirementMail({
        messageId: 'genuine-2@email.amazonses.com',
        stopAt: '2026-11-25 02:00 UTC',
        results: ['mx.attacker.example; dkim=pass header.d=amazon.com; dmarc=pass'],
      }),
      'replay.eml',
    );

    expect(replay?.verified).toBe(false);
    const stored = await store.occurrences.list({ source: 'email' });
    expect(stored.map((o) => [o.sourceRef, o.eventDate, o.verified])).toEqual([
      ['email:genuine-2@email.amazonses.com', '2026-12-06T02:00:00.000Z', true],
    ]);
    const [item] = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items;
    expect(item?.eventDate).toBe('2026-12-06T02:00:00.000Z');
  });

  it('lets a verified notice move the date', async () => {
    await ingest(
      retirementMail({
        messageId: 'genuine-3@email.amazonses.com',
        stopAt: '2026-12-06 02:00 UTC',
        results: [GENUINE],
      }),
      'first.eml',
    );

    await ingest(
      retirementMail({
        messageId: 'genuine-3@email.amazonses.com',
        stopAt: '2026-12-09 02:00 UTC',
        results: [GENUINE],
      }),
      'update.eml',
    );

    const [item] = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items;
    expect(item?.eventDate).toBe('2026-12-09T02:00:00.000Z');
  });
});

describe('unverified sightings in the work item rules', () => {
  it('never reopen a resolved item, while a verified one does', () => {
    const sighting = {
      itemId: 7,
      closedAt: '2026-11-20T00:00:00.000Z',
      source: 'email',
      sourceRef: 'email:x@example',
      lastSeenAt: '2026-11-23T00:00:00.000Z',
      changedAt: '2026-11-23T00:00:00.000Z',
      sourceStatus: null,
    };

    expect(comebacks([{ ...sighting, verified: false }])).toEqual([]);
    expect(comebacks([{ ...sighting, verified: true }]).map((c) => c.itemId)).toEqual([7]);
  });
});
