import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  loadCatalog,
  normalizeSubject,
  senderAddress,
  userCatalogDir,
} from '../src/catalog/index.js';
import { entry, writeCatalog } from './support/catalog-fixtures.js';

/** A fixture catalog whose rules exercise every matching rule. */
function fixture() {
  const dir = writeCatalog([
    entry('cert-expiry', {
      services: ['ACM'],
      detection: {
        health: {
          services: ['ACM'],
          eventTypeCodes: ['AWS_ACM_RENEWAL_STATE_CHANGE', 'CAA_CHECK_FAILURE'],
          eventTypeCodePatterns: ['AWS_ACM_[A-Z_]*RENEW[A-Z_]*'],
          excludeEventTypeCodePatterns: ['_ISSUE$'],
        },
        email: [
          {
            subject: 'certificate (renewal|expir)',
            from: ['@certificates.amazon.com'],
            samples: ['Certificate renewal for example.com'],
          },
        ],
        eventbridge: [{ source: 'aws.acm', detailType: 'ACM Certificate Expired' }],
      },
    }),
    entry('ec2-event', {
      detection: {
        health: {
          services: ['EC2'],
          eventTypeCodePatterns: ['AWS_EC2_[A-Z_]*_SCHEDULED'],
          excludeEventTypeCodePatterns: ['_ISSUE$'],
        },
      },
    }),
    entry('ec2-retirement', {
      detection: {
        health: { services: ['EC2'], eventTypeCodePatterns: ['AWS_EC2_[A-Z_]*RETIREMENT_SCHEDULED'] },
        email: [
          {
            subject: 'retirement notification',
            body: 'instance store',
            samples: ['[Retirement Notification] Amazon EC2 Instance scheduled for retirement'],
          },
        ],
      },
    }),
    entry('ec2-retirement-ebs', {
      detection: {
        email: [
          {
            subject: 'retirement notification',
            body: 'EBS-backed',
            samples: ['[Retirement Notification] Amazon EC2 Instance scheduled for retirement'],
          },
        ],
      },
    }),
    entry('guardduty-finding', {
      detection: {
        eventbridge: [
          {
            source: 'aws.guardduty',
            detailType: 'GuardDuty Finding',
            detailPattern: { 'service.action.actionType': ['PORT_PROBE', 'NETWORK_CONNECTION'] },
          },
        ],
      },
    }),
  ]);
  return loadCatalog({ builtInDir: dir });
}

describe('matchHealth', () => {
  const catalog = fixture();

  it.each([
    // [code, service, expected kind, expected confidence]
    ['AWS_ACM_RENEWAL_STATE_CHANGE', undefined, 'cert-expiry', 1],
    ['CAA_CHECK_FAILURE', 'ACM', 'cert-expiry', 1],
    ['AWS_ACM_RENEWAL_FAILURE', 'ACM', 'cert-expiry', 0.8],
    ['AWS_EC2_INSTANCE_STOP_SCHEDULED', 'EC2', 'ec2-event', 0.8],
    // The longer (more specific) family wins over the generic one.
    ['AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', 'EC2', 'ec2-retirement', 0.8],
  ])('maps %s (service %s) to %s', (code, service, kind, confidence) => {
    // Act
    const match = catalog.matchHealth({ eventTypeCode: code, service });
    // Assess
    expect(match?.kind.id).toBe(kind);
    expect(match?.confidence).toBe(confidence);
  });

  it.each([
    ['AWS_ACM_OPERATIONAL_ISSUE', 'excluded family member'],
    ['AWS_ACM_RENEWAL_ISSUE', 'exclude wins over the pattern'],
    ['aws_acm_renewal_state_change', 'codes are case-sensitive'],
    ['XAWS_EC2_INSTANCE_STOP_SCHEDULED', 'patterns are anchored at the start'],
    ['AWS_EC2_INSTANCE_STOP_SCHEDULED_V2', 'patterns are anchored at the end'],
    ['AWS_S3_OPERATIONAL_ISSUE', 'unrelated service'],
    ['', 'empty code'],
  ])('answers null for %s (%s)', (code) => {
    expect(catalog.matchHealth({ eventTypeCode: code })).toBeNull();
  });

  it('lets the input service narrow pattern matches but never an exact code', () => {
    // Act
    const pattern = catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_FAILURE', service: 'EC2' });
    const exact = catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE', service: 'EC2' });
    const lower = catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_FAILURE', service: 'acm' });
    // Assess
    expect(pattern).toBeNull();
    expect(exact?.kind.id).toBe('cert-expiry');
    expect(lower?.kind.id).toBe('cert-expiry');
  });

  it('says which rule matched', () => {
    expect(catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_FAILURE' })?.matchedBy).toBe(
      'health.eventTypeCodePattern:AWS_ACM_[A-Z_]*RENEW[A-Z_]*',
    );
  });
});

describe('matchEmail', () => {
  const catalog = fixture();

  it.each([
    ['Fwd: Certificate renewal for example.com'],
    ['FW: RE: Certificate renewal for example.com'],
    ['転送: Certificate renewal for example.com'],
    ['Re:  Fwd:Certificate\r\n  renewal for example.com'],
  ])('strips forwarding prefixes and folding: %j', (subject) => {
    expect(normalizeSubject(subject)).toBe('Certificate renewal for example.com');
    expect(catalog.matchEmail({ subject })?.kind.id).toBe('cert-expiry');
  });

  it.each([
    ['AWS <no-reply@certificates.amazon.com>', 0.95],
    ['no-reply-aws@amazon.com', 0.9],
    ['"Taro Yamada" <taro@example.co.jp>', 0.5],
    [undefined, 0.7],
  ])('weighs the sender %s as %s', (from, confidence) => {
    // Act
    const match = catalog.matchEmail({ subject: 'Certificate renewal for example.com', from });
    // Assess: an unknown sender (a forward) keeps the match but lowers the confidence.
    expect(match?.kind.id).toBe('cert-expiry');
    expect(match?.confidence).toBe(confidence);
  });

  it('uses the body to tell apart notices that share a subject', () => {
    const subject = '[Retirement Notification] Amazon EC2 Instance scheduled for retirement';
    expect(catalog.matchEmail({ subject, body: 'Your EBS-backed instance i-1 ...' })?.kind.id).toBe(
      'ec2-retirement-ebs',
    );
    expect(catalog.matchEmail({ subject, body: 'Your instance store instance i-1 ...' })?.kind.id).toBe(
      'ec2-retirement',
    );
    expect(catalog.matchEmail({ subject, body: 'something else' })).toBeNull();
    // Without a body both rules are possible: still a match, with less confidence.
    expect(catalog.matchEmail({ subject })?.confidence).toBeLessThan(0.7);
  });

  it('answers null for unrelated mail', () => {
    expect(
      catalog.matchEmail({ subject: 'AWS Billing Statement Available', from: 'aws@amazon.com' }),
    ).toBeNull();
    expect(catalog.matchEmail({ subject: '   ' })).toBeNull();
  });

  it('reads the sender address from a display name', () => {
    expect(senderAddress('"AWS, Inc." <Health@AWS.com>')).toBe('health@aws.com');
    expect(senderAddress('not an address')).toBeUndefined();
  });
});

describe('matchEventBridge', () => {
  const catalog = fixture();

  it('defers aws.health events to the eventTypeCode in detail', () => {
    // Act
    const match = catalog.matchEventBridge({
      source: 'aws.health',
      detailType: 'AWS Health Event',
      detail: {
        service: 'ACM',
        eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE',
        eventTypeCategory: 'scheduledChange',
      },
    });
    const issue = catalog.matchEventBridge({
      source: 'aws.health',
      detailType: 'AWS Health Event',
      detail: { service: 'ACM', eventTypeCode: 'AWS_ACM_OPERATIONAL_ISSUE' },
    });
    // Assess
    expect(match?.kind.id).toBe('cert-expiry');
    expect(match?.matchedBy).toContain('health.eventTypeCode:AWS_ACM_RENEWAL_STATE_CHANGE');
    expect(issue).toBeNull();
    expect(catalog.matchEventBridge({ source: 'aws.health', detailType: 'AWS Health Event' })).toBeNull();
  });

  it('matches other sources on source and detail-type, narrowed by the detail pattern', () => {
    expect(
      catalog.matchEventBridge({ source: 'aws.acm', detailType: 'ACM Certificate Expired' })?.kind.id,
    ).toBe('cert-expiry');
    expect(
      catalog.matchEventBridge({ source: 'aws.acm', detailType: 'ACM Certificate Available' }),
    ).toBeNull();
    const finding = (actionType: string) =>
      catalog.matchEventBridge({
        source: 'aws.guardduty',
        detailType: 'GuardDuty Finding',
        detail: { service: { action: { actionType } } },
      });
    expect(finding('PORT_PROBE')?.kind.id).toBe('guardduty-finding');
    expect(finding('DNS_REQUEST')).toBeNull();
  });
});

describe('loadCatalog', () => {
  it('names the file and the field of an invalid entry', () => {
    // Prepare
    const dir = writeCatalog([entry('bad-entry', { leadTimeDays: -1, references: [] })]);
    // Act / Assess
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(CatalogError);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(
      /bad-entry\.yaml[\s\S]*leadTimeDays[\s\S]*references/,
    );
  });

  it('names the line of a YAML syntax error', () => {
    const dir = writeCatalog([{ file: 'x/broken.yaml', text: 'id: broken\ntitle: [unclosed\n' }]);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(/broken\.yaml: not valid YAML.*line/);
  });

  it('requires the file name to equal the id', () => {
    const dir = writeCatalog([{ file: 'x/other-name.yaml', text: JSON.stringify(entry('real-id')) }]);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(
      /id "real-id" must equal the file name "other-name"/,
    );
  });

  it('rejects an id defined twice', () => {
    const one = JSON.stringify(entry('twice'));
    const dir = writeCatalog([
      { file: 'a/twice.yaml', text: one },
      { file: 'b/twice.yaml', text: one },
    ]);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(/already defined/);
  });

  it('rejects a regular expression that does not compile', () => {
    const dir = writeCatalog([
      entry('bad-regex', { detection: { health: { eventTypeCodePatterns: ['AWS_(('] } } }),
    ]);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(
      /eventTypeCodePatterns\[0\]: not a valid regular expression/,
    );
  });

  it('rejects an itemTitle sentence that leaves out {resource} or {date}', () => {
    const itemTitle = {
      ja: { upcoming: '{resource} は {date} に終了します', past: '{resource} は終了しました' },
      en: { upcoming: '{resource} ends on {date}', past: '{resource} ended on {date}' },
    };
    const dir = writeCatalog([entry('bad-title', { itemTitle })]);
    expect(() => loadCatalog({ builtInDir: dir })).toThrow(
      /itemTitle\.ja\.past: an item title names \{resource\} and \{date\}/,
    );
  });

  it('lets a user directory add new ids and override built-in ones', () => {
    // Prepare
    const builtInDir = writeCatalog([entry('kept'), entry('replaced')]);
    const userDir = writeCatalog([
      entry('replaced', { leadTimeDays: 60 }),
      entry('added', { category: 'expert' }),
    ]);
    // Act
    const catalog = loadCatalog({ builtInDir, userDir });
    // Assess
    expect(catalog.entries.map((e) => e.id)).toEqual(['added', 'kept', 'replaced']);
    expect(catalog.require('replaced').leadTimeDays).toBe(60);
    expect(catalog.origin('replaced')).toMatchObject({ builtIn: false, overridesBuiltIn: true });
    expect(catalog.origin('added')).toMatchObject({ builtIn: false, overridesBuiltIn: false });
    expect(catalog.origin('kept')?.builtIn).toBe(true);
  });

  it('explains an invalid user entry and a missing user directory', () => {
    const builtInDir = writeCatalog([entry('kept')]);
    const userDir = writeCatalog([entry('mine', { category: 'nope' as 'expert' })]);
    expect(() => loadCatalog({ builtInDir, userDir })).toThrow(/category[\s\S]*user catalog entry/);
    expect(() => loadCatalog({ builtInDir, userDir: join(userDir, 'missing') })).toThrow(
      /user catalog directory not found/,
    );
  });

  it('throws CATALOG_UNKNOWN_ID for an unknown id', () => {
    const catalog = loadCatalog({ builtInDir: writeCatalog([entry('kept')]) });
    expect(catalog.get('nope')).toBeUndefined();
    expect(() => catalog.require('nope')).toThrow(expect.objectContaining({ code: 'CATALOG_UNKNOWN_ID' }));
  });

  it('removes the spaces YAML folding puts between Japanese characters', () => {
    const dir = writeCatalog([
      {
        file: 'x/folded.yaml',
        text: JSON.stringify(entry('folded')).replace(
          'folded の概要です。',
          '一行目です。\\n二行目、\\n 2027 年です。',
        ),
      },
    ]);
    expect(loadCatalog({ builtInDir: dir }).require('folded').summary.ja).toBe(
      '一行目です。二行目、2027 年です。',
    );
  });
});

describe('userCatalogDir', () => {
  it('takes OPSRADAR_CATALOG_DIR first, then catalog.userDir from the config file', () => {
    // Prepare
    const dir = writeCatalog([]);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'catalog:\n  userDir: /srv/opsradar/catalog\n');
    // Act / Assess
    expect(userCatalogDir({ configPath: config, env: { OPSRADAR_CATALOG_DIR: '/env/dir' } })).toBe(
      '/env/dir',
    );
    expect(userCatalogDir({ configPath: config, env: {} })).toBe('/srv/opsradar/catalog');
    writeFileSync(config, 'catalog:\n  userdir: typo\n');
    expect(() => userCatalogDir({ configPath: config, env: {} })).toThrow(/catalog/);
  });
});
