import { describe, expect, it } from 'vitest';
import { testPredicate } from '../../../test/support/predicate-cases.js';
import { canonicalString, isSnsCertificateUrl, isSnsSubscribeUrl, parseSnsMessage } from './message.js';

describe('SNS certificate and subscribe URLs', () => {
  testPredicate('isSnsCertificateUrl', isSnsCertificateUrl, {
    accepts: [
      'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem',
    ],
    refuses: {
      'plain http': 'http://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'an SNS-looking prefix of another host': 'https://sns.ap-northeast-1.amazonaws.com.evil.example/x.pem',
      'the SNS host in the path only': 'https://evil.example/sns.ap-northeast-1.amazonaws.com/x.pem',
      'a port': 'https://sns.ap-northeast-1.amazonaws.com:8443/x.pem',
      'user info': 'https://user@sns.ap-northeast-1.amazonaws.com/x.pem',
      'a query': 'https://sns.ap-northeast-1.amazonaws.com/x.pem?redirect=https://evil',
      'no .pem file': 'https://sns.ap-northeast-1.amazonaws.com/not-a-cert',
      'another AWS service': 'https://s3.amazonaws.com/x.pem',
      'no URL at all': 'not a url',
    },
  });

  testPredicate('isSnsSubscribeUrl', isSnsSubscribeUrl, {
    accepts: [
      'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:t&Token=x',
    ],
    refuses: {
      'plain http': 'http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x',
      'another action': 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&Token=x',
      'another host': 'https://attacker.example/?Action=ConfirmSubscription',
    },
  });
});

describe('canonicalString', () => {
  it.each([
    {
      name: 'Notification fields in order, leaving out an absent Subject',
      fields: {
        Type: 'Notification',
        MessageId: 'm-1',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: 'hello',
        Timestamp: '2026-11-23T00:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertURL: 'https://sns.us-east-1.amazonaws.com/a.pem',
      },
      signed:
        'Message\nhello\nMessageId\nm-1\nTimestamp\n2026-11-23T00:00:00.000Z\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nNotification\n',
    },
    {
      name: 'SubscribeURL and Token for a SubscriptionConfirmation',
      fields: {
        Type: 'SubscriptionConfirmation',
        MessageId: 'm-2',
        Token: 'tok',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
        Message: 'confirm',
        SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok',
        Timestamp: '2026-11-23T00:00:00.000Z',
      },
      signed:
        'Message\nconfirm\nMessageId\nm-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok\nTimestamp\n2026-11-23T00:00:00.000Z\nToken\ntok\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nSubscriptionConfirmation\n',
    },
  ])('signs $name', ({ fields, signed }) => {
    // Prepare
    const message = parseSnsMessage(JSON.stringify(fields));
    // Act / Assess
    expect(canonicalString(message)).toBe(signed);
  });
});
