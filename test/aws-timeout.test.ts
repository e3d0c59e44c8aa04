import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSession } from '../src/aws/clients.js';

/** An endpoint that accepts connections and never answers: a stalled AWS endpoint or proxy. */
let server: Server;
let url: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a request AWS does not answer', () => {
  it('fails with a timeout after requestTimeout, on every attempt, instead of hanging', async () => {
    const session = new AwsSession({
      endpoint: url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'AKIATIMEOUTTEST00001', secretAccessKey: 'secret' },
      maxAttempts: 2,
      requestTimeout: 200,
    });
    try {
      const sts = session.pool('123456789012').client(STSClient, 'ap-northeast-1');
      const error = await sts.send(new GetCallerIdentityCommand({})).then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata?: { attempts?: number } },
      );
      expect(error?.name).toBe('TimeoutError');
      // The timeout is transient: the SDK retried it before giving up.
      expect(error?.$metadata?.attempts).toBe(2);
      expect(sockets.length).toBeGreaterThanOrEqual(2);
    } finally {
      session.destroy();
    }
  }, 20_000);
});
