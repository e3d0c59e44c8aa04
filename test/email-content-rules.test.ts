import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { classifyEmail } from '../src/ingest/email/classify.js';
import { defaultMailLimits } from '../src/ingest/email/limits.js';
import { classifyHealthEvent } from '../src/ingest/health/classify.js';
import { healthEventsFromJson } from '../src/ingest/health/event.js';

/** A user's own kind, as someone would add it under OPSRADAR_CATALOG_DIR: no code change. */
const USER_ENTRY = `
id: glue-version-end-of-support
services: [GLUE]
category: scheduled
title: { ja: Glue バージョンのサポート終了, en: Glue version end of support }
summary: { ja: Glue ジョブのバージョンがサポート終了になります。, en: A Glue job version reaches end of support. }
runbook: { ja: [ジョブを新しいバージョンに移行します。], en: [Move the jobs to a newer version.] }
leadTimeDays: 60
horizonDays: 365
detection:
  content:
    phrases:
      en: ["glue version … end of support"]
      ja: ["Glue バージョン … サポート終了"]
    cues:
      en: ["aws glue"]
    dates:
      cues: { en: ["end of support"] }
    accountWide: true
correlation: { keys: [accountId, kind], rule: { ja: アカウントごとに 1 件です。, en: One per account. } }
avoidance: { ja: 新しいバージョンを使います。, en: Use current versions. }
references:
  - { title: AWS Glue versions, url: 'https://docs.aws.amazon.com/glue/latest/dg/release-notes.html', verifiedOn: '2026-12-02' }
`;

function mail(headers: string, contentType: string, body: string): Buffer {
  return Buffer.from(
    `${headers}Date: Mon, 30 Nov 2026 00:00:00 +0000\r\nContent-Type: ${contentType}; charset=utf-8\r\n\r\n${body}`,
  );
}

describe('content rules in the catalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-user-catalog-'));
  writeFileSync(join(dir, 'glue-version-end-of-support.yaml'), USER_ENTRY);
  const catalog = loadCatalog({ userDir: dir });

  it('reads a subject-less mail and a generic Health code with a user entry, with no code change', async () => {
    // Prepare
    const raw = mail(
      'From: no-reply-aws@amazon.com\r\n',
      'text/plain',
      'Hello,\r\nAWS Glue version 2.0 reaches end of support on April 1, 2027 for your jobs.\r\n',
    );
    const [event] = healthEventsFromJson({
      eventArn: 'arn:aws:health:us-east-1::event/GLUE/AWS_GLUE_PLANNED_LIFECYCLE_EVENT/1',
      service: 'GLUE',
      eventTypeCode: 'AWS_GLUE_PLANNED_LIFECYCLE_EVENT',
      eventTypeCategory: 'scheduledChange',
      eventDescription: [
        { language: 'en_US', latestDescription: 'Glue version 1.0 is reaching end of support.' },
      ],
    });
    // Act
    const outcome = await classifyEmail(raw, { catalog });
    const health = event ? classifyHealthEvent(event, catalog) : null;
    // Assess
    expect(outcome.status).toBe('matched');
    expect(outcome.classification).toMatchObject({
      kind: 'glue-version-end-of-support',
      phrases: ['glue version … end of support', 'aws glue'],
      dates: { eventDate: '2027-04-01T00:00:00.000Z', basis: 'keyword' },
    });
    expect(outcome.classification?.score).toBe(2.5);
    expect(health).toMatchObject({
      kind: 'glue-version-end-of-support',
      phrases: ['glue version … end of support'],
    });
  });

  it('quarantines what matches nothing with the nearest miss in the reason', async () => {
    const raw = mail(
      'From: someone@example.org\r\nSubject: hello\r\n',
      'text/plain',
      'Our AWS Glue jobs ran fine.\r\n',
    );
    const outcome = await classifyEmail(raw, { catalog });
    expect(outcome.status === 'quarantine' ? outcome.reason : null).toEqual({
      code: 'no-match',
      detail: {
        subject: 'hello',
        nearMiss: 'glue-version-end-of-support',
        nearMissScore: 0.5,
        nearMissPhrases: 'aws glue',
      },
    });
  });

  it('reads 200 KB of "<a" HTML to the end (linear HTML reader) and quarantines it as no match', async () => {
    const raw = mail('From: x@example.org\r\nSubject: x\r\n', 'text/html', '<a'.repeat(100_000));
    const outcome = await classifyEmail(raw, { catalog });
    expect(outcome.status === 'quarantine' ? outcome.reason.code : outcome.status).toBe('no-match');
  });

  it('sets a message over its time budget aside, so the mailbox can move on', async () => {
    const raw = mail('From: x@example.org\r\nSubject: x\r\n', 'text/plain', 'hello\r\n');
    const outcome = await classifyEmail(raw, { catalog, limits: { ...defaultMailLimits, timeBudgetMs: -1 } });
    expect(outcome.status === 'quarantine' ? outcome.reason : null).toEqual({
      code: 'over-budget',
      detail: { limit: -1, step: 'parse' },
    });
  });
});
