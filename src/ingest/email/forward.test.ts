import { describe, expect, it } from 'vitest';
import { findInlineForward, stripSubjectPrefixes } from './forward.js';

describe('forwarded notices', () => {
  it.each([
    ['Fwd: AWS VPN Planned Maintenance Notification', 'AWS VPN Planned Maintenance Notification', true],
    ['FW: RE: Fwd: Your Amazon EC2 Abuse Report', 'Your Amazon EC2 Abuse Report', true],
    ['転送: [Retirement Notification] Amazon EC2', '[Retirement Notification] Amazon EC2', true],
    ['転送：Re: AWS Direct Connect', 'AWS Direct Connect', true],
    ['[Fwd: DDoS threat level elevated]', 'DDoS threat level elevated', true],
    ['Re: [Retirement Notification] x', '[Retirement Notification] x', false],
  ])('strips "%s"', (subject, stripped, forwarded) => {
    expect(stripSubjectPrefixes(subject)).toEqual({ subject: stripped, forwarded });
  });

  it('unwraps a Gmail forward', () => {
    // Prepare
    const body = [
      'FYI',
      '',
      '---------- Forwarded message ---------',
      'From: Amazon Web Services <no-reply-aws@amazon.com>',
      'Date: Wed, Jan 31, 2018 at 8:00 PM',
      'Subject: AWS VPN Planned Maintenance Notification [AWS Account: 123456789012]',
      'To: <root@example.com>',
      '',
      'Hello, vpn-0123abcd will be maintained.',
    ].join('\n');
    // Act
    const forward = findInlineForward(body);
    // Assess
    expect(forward).toEqual({
      from: 'no-reply-aws@amazon.com',
      fromName: 'Amazon Web Services',
      date: '2018-01-31T20:00:00.000Z',
      subject: 'AWS VPN Planned Maintenance Notification [AWS Account: 123456789012]',
      body: 'Hello, vpn-0123abcd will be maintained.',
    });
  });

  it('unwraps a Thunderbird 転送メッセージ block with Japanese field names and a quoted Apple Mail forward', () => {
    const thunderbird = findInlineForward(
      '各位\n\n-------- 転送メッセージ --------\n件名: \tAWS Direct Connect Planned Maintenance Notification\n日付: \tWed, 31 Jan 2018 11:00:00 +0000\n差出人: \tAWS <no-reply-aws@amazon.com>\n\n本文',
    );
    expect(thunderbird).toMatchObject({
      from: 'no-reply-aws@amazon.com',
      subject: 'AWS Direct Connect Planned Maintenance Notification',
      date: '2018-01-31T11:00:00.000Z',
      body: '本文',
    });
    const apple = findInlineForward(
      'Begin forwarded message:\n\n> From: no-reply-aws@amazon.com\n> Subject: Your Amazon EC2 Abuse Report\n>\n> Instance i-0123abcd',
    );
    expect(apple).toMatchObject({ from: 'no-reply-aws@amazon.com', subject: 'Your Amazon EC2 Abuse Report' });
    expect(apple?.body).toBe('Instance i-0123abcd');
  });

  it('finds nothing in a plain message', () => {
    expect(findInlineForward('Hello,\nnothing forwarded here.\n')).toBeNull();
  });
});
