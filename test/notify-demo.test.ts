import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo.js';
import { openStore } from '../src/store/index.js';
import { launchChromium } from './e2e/browser.js';
import { type HttpReceiver, startHttpReceiver } from './support/notify-receivers.js';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [main, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The README's example config, with the receiver's URL swapped for the local one (keys unchanged). */
function exampleConfig(url: string): string {
  return `notify:
  channels:
    - { name: ops-hook, type: webhook, url: ${url}, secretEnv: OPSRADAR_HOOK_SECRET }
  rules:
    - { channel: ops-hook, categories: [scheduled, request, emergency, expert] }
`;
}

describe('notifications in the demo and `opsradar notify run`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-notify-demo-'));
  const db = join(dir, 'demo.sqlite');
  let receiver: HttpReceiver;
  let demoReceived = 0;
  let demoRejected = -1;
  let outboxRows = '';
  let deadEmpty = '';
  let demoOutput = '';
  let serverUrl = '';

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    const collect = (text: string) => {
      demoOutput += text;
    };
    const demo = await runDemo({ port: 0, db, lang: 'en' }, { out: collect, err: collect });
    serverUrl = demo.server.url;
    try {
      demoReceived = demo.receiver ? [...demo.receiver.received.values()].reduce((a, b) => a + b, 0) : 0;
      demoRejected = demo.receiver?.rejected ?? -1;
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(demo.loginUrl);
        await page.goto(new URL('/notifications?lang=ja', demo.server.url).href);
        outboxRows = (await page.locator('#outbox tbody tr').first().textContent()) ?? '';
        deadEmpty = (await page.locator('#dead-letters-empty').textContent()) ?? '';
        await page.getByRole('link', { name: '通知' }).first().waitFor();
      } finally {
        await browser.close();
      }
    } finally {
      await demo.close();
    }
  }, 240_000);

  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the demo delivers to its own webhook receiver, every signature verified', () => {
    expect(demoReceived).toBeGreaterThan(0);
    expect(demoRejected).toBe(0);
  });

  it('the demo points at the outbox page with one slash, though the server URL ends with one', () => {
    expect(serverUrl).toMatch(/\/$/);
    expect(demoOutput).toContain(`(the outbox: ${serverUrl}notifications)`);
    expect(demoOutput).not.toMatch(/[^:]\/\/notifications/);
  });

  it('the dashboard shows the outbox and an empty dead-letter list', () => {
    expect(outboxRows).toContain('demo-hook');
    expect(outboxRows).toContain('送信済み');
    expect(deadEmpty).toBe('該当するものはありません。');
  });

  it('a first run announces the open items to the webhook; a second run right after sends nothing', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, exampleConfig(receiver.url));
    const env = { OPSRADAR_HOOK_SECRET: 'example-secret-0123456789', LANG: 'en_US.UTF-8' };
    const first = await runCli(['notify', 'run', '--json', '--db', db, '--config', config], env);
    expect(first.stderr).not.toContain('example-secret-0123456789');
    expect(first.code, first.stderr).toBe(0);
    const store = await openStore(db);
    const active = await store.workItems.list({ status: 'active' }, { limit: 1000 });
    await store.close();
    const announced = receiver.requests
      .map((r) => String(r.headers['idempotency-key']))
      .filter((key) => key.endsWith('|announce|ops-hook'));
    expect(new Set(announced)).toEqual(
      new Set(active.items.map((item) => `item:${item.id}|announce|ops-hook`)),
    );
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: receiver.requests.length, dead: 0 });

    const before = receiver.requests.length;
    const second = await runCli(['notify', 'run', '--json', '--db', db, '--config', config], env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ queued: 0, held: 0, sent: 0, retrying: 0, dead: 0 });
    expect(receiver.requests.length).toBe(before);

    const outbox = await runCli(['notify', 'outbox', '--failed', '--db', db, '--config', config], env);
    expect(outbox.stdout.trim()).toBe('There are no dead letters.');
  }, 240_000);

  it('`notify preview` shows what the channel would get, and a missing secret is a clear error', async () => {
    const config = join(dir, 'config.yaml');
    const preview = await runCli(['notify', 'preview', '#1', '--db', db, '--config', config], {
      OPSRADAR_HOOK_SECRET: 'example-secret-0123456789',
      LANG: 'ja_JP.UTF-8',
    });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('── ops-hook（webhook、en）──');
    expect(preview.stdout).toContain('"idempotencyKey": "item:1|announce|ops-hook"');
    const missing = await runCli(['notify', 'run', '--db', db, '--config', config], {
      OPSRADAR_HOOK_SECRET: '',
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('OPSRADAR_HOOK_SECRET is not set');
  }, 240_000);
});
