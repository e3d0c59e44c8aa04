import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/index.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './channels/webhook.js';
import { notifierFromConfig } from './index.js';
import type { KindLookup } from './message.js';
import { type PassSummary, runNotifyPass } from './run.js';

/** What the demo's own webhook receiver got: verified deliveries by idempotency key. */
export interface DemoReceiver {
  url: string;
  received: Map<string, number>;
  rejected: number;
  close(): Promise<void>;
}

/** A local receiver that checks every delivery's signature the way docs/webhooks.md tells receivers to. */
export async function startDemoReceiver(secret: string, now: () => Date): Promise<DemoReceiver> {
  const received = new Map<string, number>();
  const state = { rejected: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const ok = verifyWebhook(
        secret,
        { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), body },
        now(),
      );
      if (!ok) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      const key = header(IDEMPOTENCY_HEADER) ?? '';
      received.set(key, (received.get(key) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/opsradar`,
    received,
    get rejected() {
      return state.rejected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The demo's notifications: a webhook channel (`demo-hook`, every category) to a receiver the demo
 * starts itself, with a fresh signing secret, and one pass over the demo's work items.
 */
export async function demoNotifications(options: {
  store: Pick<Store, 'workItems' | 'notifyOutbox'>;
  kinds: KindLookup;
  dashboardUrl: string;
  now: Date;
}): Promise<{ receiver: DemoReceiver; summary: PassSummary }> {
  const secret = randomBytes(24).toString('hex');
  const receiver = await startDemoReceiver(secret, () => options.now);
  const config = {
    path: null,
    raw: {
      notify: {
        baseUrl: options.dashboardUrl,
        channels: [
          { name: 'demo-hook', type: 'webhook', url: receiver.url, secretEnv: 'OPSRADAR_DEMO_HOOK_SECRET' },
        ],
        rules: [{ channel: 'demo-hook', categories: ['scheduled', 'request', 'emergency', 'expert'] }],
      },
    },
  };
  const notifier = notifierFromConfig(config, {
    store: options.store,
    kinds: options.kinds,
    now: () => options.now,
    env: { OPSRADAR_DEMO_HOOK_SECRET: secret },
  });
  try {
    return { receiver, summary: await runNotifyPass(notifier.deps) };
  } catch (error) {
    await receiver.close();
    throw error;
  } finally {
    notifier.close();
  }
}
