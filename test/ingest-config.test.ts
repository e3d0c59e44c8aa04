import { describe, expect, it } from 'vitest';
import { ConfigError, configSection } from '../src/config/index.js';
import { ingestConfigSchema as imapReader } from '../src/ingest/email/imap.js';
import { createApp } from '../src/server/app.js';
import { ingestSettings } from '../src/server/ingest/index.js';
import type { Store } from '../src/store/index.js';
import { catalog } from './e2e/seed.js';

/** One config.yaml feeds both `serve` (push routes) and `ingest imap`: each must accept the other's keys. */
const CONFIG = {
  path: '/home/ops/.config/opsradar/config.yaml',
  raw: {
    ingest: {
      eventbridge: { apiKeyHeader: 'x-opsradar-key', apiKey: 'k3y-for-tests-only-0123456789' },
      sns: { allowedTopicArns: ['arn:aws:sns:ap-northeast-1:111122223333:opsradar-health'] },
      imap: { host: 'imap.example.jp', user: 'aws-root@example.jp', folders: ['INBOX', 'AWS'] },
    },
  },
};

describe('the ingest section of config.yaml', () => {
  it('is read by serve with an imap block beside eventbridge and sns', () => {
    const settings = ingestSettings(CONFIG, {});

    expect(settings.eventbridge).toEqual({
      apiKeyHeader: 'x-opsradar-key',
      apiKey: 'k3y-for-tests-only-0123456789',
    });
    expect(settings.sns.allowedTopicArns).toHaveLength(1);
    expect(() => createApp({ store: {} as Store, catalog, config: CONFIG })).not.toThrow();
  });

  it('is read by ingest imap with eventbridge and sns blocks beside imap', () => {
    const imap = configSection(CONFIG, 'ingest', imapReader).imap;

    expect(imap).toMatchObject({ host: 'imap.example.jp', folders: ['INBOX', 'AWS'], tls: 'implicit' });
  });

  it('still refuses a misspelt key, naming it', () => {
    const config = { ...CONFIG, raw: { ingest: { ...CONFIG.raw.ingest, imapp: { host: 'x' } } } };

    expect(() => ingestSettings(config, {})).toThrow(ConfigError);
    expect(() => ingestSettings(config, {})).toThrow(/imapp/);
  });
});
