import { describe, expect, it } from 'vitest';
import { testPredicate } from '../../../test/support/predicate-cases.js';
import { isAwsSendingDomain, judgeSender, parseAuthenticationResults } from './trust.js';

describe('sender trust', () => {
  testPredicate('isAwsSendingDomain', isAwsSendingDomain, {
    accepts: ['amazon.com', 'aws.amazon.com', 'registrar.amazon.com', 'amazonaws.com', 'notifications.aws'],
    refuses: {
      'a customer EC2 host under amazonaws.com': 'ec2-54-1-2-3.compute-1.amazonaws.com',
      'amazon.com as a prefix of another domain': 'amazon.com.evil.example',
      'amazon.com as a suffix of another name': 'notamazon.com',
      'a look-alike name': 'aws-billing-alerts.com',
    },
  });

  it('trusts an AWS sender whose checks pass', () => {
    // Act
    const trust = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: ['mx; dkim=pass header.d=amazon.com; spf=pass; dmarc=pass'],
      forwarded: 'none',
      authservIds: ['mx'],
    });
    // Assess
    expect(trust).toMatchObject({ verified: true, reason: 'aws-domain', domain: 'amazon.com' });
  });

  it('does not trust an AWS address whose DMARC or SPF failed', () => {
    const trust = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: [
        'mx; dkim=none; spf=fail smtp.mailfrom=amazon.com; dmarc=fail header.from=amazon.com',
      ],
      forwarded: 'none',
      authservIds: ['mx'],
    });
    expect(trust).toMatchObject({ verified: false, reason: 'auth-failed' });
    expect(trust.auth).toMatchObject({ dkim: ['none'], spf: ['fail'], dmarc: ['fail'] });
  });

  it('keeps a good DKIM signature over a broken second one, and ignores results quoted in comments', () => {
    const auth = parseAuthenticationResults([
      'mx; dkim=pass header.d=amazon.com (dkim=fail in comment); dkim=fail',
    ]);
    expect(auth.dkim).toEqual(['pass', 'fail']);
    const trust = judgeSender({
      sender: 'a@amazon.com',
      authenticationResults: ['mx; dkim=pass header.d=amazon.com; dkim=fail'],
      forwarded: 'none',
      authservIds: ['mx'],
    });
    expect(trust.verified).toBe(true);
  });

  it('never trusts a customer host name under amazonaws.com, a look-alike domain or an inline forward', () => {
    expect(
      judgeSender({
        sender: 'root@ec2-1-2-3-4.compute-1.amazonaws.com',
        authenticationResults: [],
        forwarded: 'none',
      }).reason,
    ).toBe('customer-host-domain');
    expect(
      judgeSender({ sender: 'x@aws-alerts.com', authenticationResults: [], forwarded: 'none' }).reason,
    ).toBe('not-aws-domain');
    const forwarded = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: [],
      forwarded: 'inline',
      forwardedBy: 'colleague@example.jp',
    });
    expect(forwarded).toMatchObject({
      verified: false,
      reason: 'forwarded-inline',
      forwardedBy: 'colleague@example.jp',
    });
  });

  it('counts only the topmost result of our own server: forged headers below it, or from others, change nothing', () => {
    const forgedBelow = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: [
        'mx.example.jp; dkim=fail header.d=amazon.com; dmarc=fail header.from=amazon.com',
        'mx.example.jp; dkim=pass header.d=amazon.com; dmarc=pass',
      ],
      forwarded: 'none',
      authservIds: ['mx.example.jp'],
    });
    const otherServer = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: ['mx.attacker.example; dkim=pass header.d=amazon.com; dmarc=pass'],
      forwarded: 'none',
      authservIds: ['mx.example.jp'],
    });
    const noConfig = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: ['mx.example.jp; dkim=pass header.d=amazon.com; dmarc=pass'],
      forwarded: 'none',
    });
    const foreignSignature = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: ['mx.example.jp; dkim=pass header.d=attacker.example'],
      forwarded: 'none',
      authservIds: ['mx.example.jp'],
    });

    expect(forgedBelow).toMatchObject({ verified: false, reason: 'auth-failed' });
    expect(otherServer).toMatchObject({ verified: false, reason: 'no-auth-results' });
    expect(noConfig).toMatchObject({ verified: false, reason: 'no-auth-results' });
    expect(foreignSignature).toMatchObject({ verified: false, reason: 'no-auth-results' });
  });

  it('never trusts the headers of an attached message', () => {
    const trust = judgeSender({
      sender: 'no-reply-aws@amazon.com',
      authenticationResults: ['mx.example.jp; dkim=pass header.d=amazon.com; dmarc=pass'],
      forwarded: 'attached',
      forwardedBy: 'colleague@example.jp',
      authservIds: ['mx.example.jp'],
    });

    expect(trust).toMatchObject({ verified: false, reason: 'forwarded-attached' });
  });
});
