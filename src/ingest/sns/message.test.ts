import { describe, expect, it } from 'vitest';
import { canonicalString, isSnsCertificateUrl, isSnsSubscribeUrl, parseSnsMessage } from './message.js';

describe('SNS certificate and subscribe URLs', () => {
  it.each([
    ['https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-abc.pem', true],
    ['https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem', true],
    ['http://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-abc.pem', false],
    ['https://sns.ap-northeast-1.amazonaws.com.evil.example/x.pem', false],
    ['https://evil.example/sns.ap-northeast-1.amazonaws.com/x.pem', false],
    ['https://sns.ap-northeast-1.amazonaws.com:8443/x.pem', false],
    ['https://user@sns.ap-northeast-1.amazonaws.com/x.pem', false],
    ['https://sns.ap-northeast-1.amazonaws.com/x.pem?redirect=https://evil', false],
    ['https://sns.ap-northeast-1.amazonaws.com/not-a-cert', false],
    ['https://s3.amazonaws.com/x.pem', false],
    ['not a url', false],
  ])('certificate URL %s → %s', (url, ok) => {
    expect(isSnsCertificateUrl(url)).toBe(ok);
  });

  it.each([
    [
      'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:t&Token=x',
      true,
    ],
    ['http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x', false],
    ['https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&Token=x', false],
    ['https://attacker.example/?Action=ConfirmSubscription', false],
  ])('subscribe URL %s → %s', (url, ok) => {
    expect(isSnsSubscribeUrl(url)).toBe(ok);
  });
});

describe('canonicalString', () => {
  it('signs Notification fields in order, leaving out an absent Subject', () => {
    // Prepare
    const message = parseSnsMessage(
      JSON.stringify({
        Type: 'Notification',
        MessageId: 'm-1',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: 'hello',
        Timestamp: '2026-11-23T00:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertURL: 'https://sns.us-east-1.amazonaws.com/a.pem',
      }),
    );
    // Act / Assess
    expect(canonicalString(message)).toBe(
      'Message\nhello\nMessageId\nm-1\nTimestamp\n2026-11-23T00:00:00.000Z\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nNotification\n',
    );
  });

  it('signs SubscribeURL and Token for a SubscriptionConfirmation', () => {
    const message = parseSnsMessage(
      JSON.stringify({
        Type: 'SubscriptionConfirmation',
        MessageId: 'm-2',
        Token: 'tok',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: 'confirm',
        SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok',
        Timestamp: '2026-11-23T00:00:00.000Z',
      }),
    );
    expect(canonicalString(message)).toBe(
      'Message\nconfirm\nMessageId\nm-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok\nTimestamp\n2026-11-23T00:00:00.000Z\nToken\ntok\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nSubscriptionConfirmation\n',
    );
  });
});
