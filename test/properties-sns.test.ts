import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseSnsMessage,
  type SnsMessage,
  SnsRejection,
  verifySnsMessage,
} from '../src/ingest/sns/message.js';
import { makeTestSigner, notification, signSnsMessage, TEST_TOPIC, type TestSigner } from './sns-signer.js';

/** Seeded property tests: the same cases on every run, so a failure replays exactly. */
const seed = (n: number): number => Number(process.env.PROP_SEED ?? n);
const runs = (n: number): number => Number(process.env.PROP_RUNS ?? n);
/** The test certificate is made now and valid for two days, so messages are dated now too. */
const now = new Date();
let signer: TestSigner;

beforeAll(() => {
  signer = makeTestSigner();
});

const options = () => ({
  fetchCertificate: async () => signer.certPem,
  allowedTopicArns: [TEST_TOPIC],
  now,
});

async function accepted(message: SnsMessage): Promise<boolean> {
  try {
    await verifySnsMessage(message, options());
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(SnsRejection);
    return false;
  }
}

type Field = 'Message' | 'MessageId' | 'Subject' | 'Timestamp' | 'TopicArn' | 'Type';
const SIGNED: Field[] = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];

/** What an attacker can do to a captured message: edit a field, drop one, or move text across a boundary. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    field: fc.constantFrom(...SIGNED),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 3 }),
    drop: fc.nat(3),
  }),
  fc.record({ kind: fc.constant('drop-subject' as const) }),
  fc.record({ kind: fc.constant('version' as const), version: fc.constantFrom('1', '2', '3', '') }),
  // The canonical string is "Key\nValue\n...": text shifted from one field into the one before it.
  fc.record({ kind: fc.constant('shift' as const), field: fc.constantFrom(...SIGNED.slice(1)) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(message: SnsMessage, m: Mutation): SnsMessage | null {
  const record = { ...message } as Record<string, string | null | undefined>;
  if (m.kind === 'edit') {
    const value = record[m.field] ?? '';
    const at = value.length === 0 ? 0 : m.at % (value.length + 1);
    record[m.field] = value.slice(0, at) + m.text + value.slice(at + m.drop);
  } else if (m.kind === 'drop-subject') {
    if (record.Subject === undefined) return null;
    delete record.Subject;
  } else if (m.kind === 'version') {
    if (m.version === message.SignatureVersion) return null;
    record.SignatureVersion = m.version;
  } else {
    // Fold this field, with its key, into the previous present field's value.
    const present = SIGNED.filter((f) => typeof record[f] === 'string');
    const index = present.indexOf(m.field);
    const before = present[index - 1];
    if (index <= 0 || !before || m.field === 'Type' || m.field === 'TopicArn' || m.field === 'Timestamp') {
      return null;
    }
    record[before] = `${record[before]}\n${m.field}\n${record[m.field]}`;
    if (m.field === 'Subject') delete record.Subject;
    else if (m.field === 'MessageId') return null; // required: cannot be removed
  }
  const changed = JSON.stringify(record) !== JSON.stringify(message);
  return changed ? (record as unknown as SnsMessage) : null;
}

const unsigned = fc.record({
  messageId: fc.uuid(),
  subject: fc.option(
    fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
    { nil: undefined },
  ),
  message: fc.string({ maxLength: 200 }),
  version: fc.constantFrom('1' as const, '2' as const),
});

describe('SNS verification: cases the properties found', () => {
  it('refuses a replay whose Subject was folded into a new MessageId under the same signature', async () => {
    // Prepare: "MessageId\nX\nSubject\nS\n" signs the same bytes as MessageId "X\nSubject\nS" without Subject
    const genuine = signSnsMessage(notification({}, now, { MessageId: 'm-1', Subject: 'S' }), signer);
    const { Subject: _dropped, ...rest } = genuine as SnsMessage & { Subject?: string };
    const forged = { ...rest, MessageId: 'm-1\nSubject\nS' } as SnsMessage;
    // Act
    const result = verifySnsMessage(forged, options());
    // Assess
    await expect(result).rejects.toMatchObject({ reason: 'malformed', status: 400 });
    expect(await accepted(genuine)).toBe(true);
  });
});

describe('SNS message properties', () => {
  it('parses any body to a message or a SnsRejection, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (body) => {
          try {
            parseSnsMessage(body);
          } catch (error) {
            expect(error).toBeInstanceOf(SnsRejection);
          }
        },
      ),
      { seed: seed(1521), numRuns: runs(1000) },
    );
  });

  it('accepts every genuinely signed message and no mutation of one', async () => {
    await fc.assert(
      fc.asyncProperty(unsigned, mutation, async (m, change) => {
        const signed = signSnsMessage(
          notification({ any: 'event' }, now, {
            MessageId: m.messageId,
            Message: m.message,
            ...(m.subject !== undefined ? { Subject: m.subject } : {}),
          }),
          signer,
          m.version,
        );
        expect(await accepted(signed)).toBe(true);
        const mutated = mutate(signed, change);
        if (mutated) expect(await accepted(mutated)).toBe(false);
      }),
      { seed: seed(1522), numRuns: runs(300) },
    );
  });
});
