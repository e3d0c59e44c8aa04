import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerList } from '../src/cli/list.js';
import { registerShow } from '../src/cli/show.js';
import { registerWorkflow, type WorkItemIo } from '../src/cli/workflow.js';
import { DAY_MS } from '../src/core/time.js';
import type { Occurrence } from '../src/core/types.js';
import { openStore } from '../src/store/index.js';
import { type FreshLocation, storeTargets } from './support/stores.js';

const NOW = new Date('2026-11-20T00:00:00.000Z');

function occurrence(instance: string, days: number, accountId = '111122223333'): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId,
    region: 'ap-northeast-1',
    resource: `arn:aws:ec2:ap-northeast-1:${accountId}:instance/${instance}`,
    eventDate: new Date(NOW.getTime() + days * DAY_MS).toISOString(),
    source: 'scanner',
    sourceRef: 'scanner:ec2-scheduled-events:ec2-scheduled-event',
    title: `instance-retirement ${instance}`,
    evidence: {},
    observedAt: NOW.toISOString(),
  };
}

/** The --db value of a fresh location: a file, or a URL whose search_path is the fresh schema. */
function dbArg(location: FreshLocation): string {
  return location.pgSchema
    ? `${location.target}?options=${encodeURIComponent(`-c search_path=${location.pgSchema}`)}`
    : location.target;
}

/** Runs the real commands in process, as main.ts wires them, capturing what they print. */
async function run(args: string[]): Promise<string> {
  const output: string[] = [];
  const io: WorkItemIo = { out: (text) => output.push(text), now: () => NOW };
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <pathOrUrl>')
    .option('--config <file>')
    .exitOverride();
  registerList(program, io);
  registerShow(program, io);
  registerWorkflow(program, io);
  await program.parseAsync(args, { from: 'user' });
  return output.join('\n');
}

describe.each(storeTargets())('work item commands on $name', ({ fresh }) => {
  it('lists, filters, acts on and shows work items, with owners from the routing config', async () => {
    // Prepare
    const location = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-cli-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      'routing:\n  rules:\n    - match: { account: "444455556666" }\n      team: payments\n',
    );
    const store = await openStore(location.target, location.pgSchema ? { pgSchema: location.pgSchema } : {});
    await store.occurrences.record([occurrence('i-0aaa', 3), occurrence('i-0bbb', 60, '444455556666')]);
    await store.close();
    const base = ['--db', dbArg(location), '--config', config];
    try {
      // Act
      const json = JSON.parse(await run([...base, 'list', '--format', 'json'])) as {
        total: number;
        items: Array<{ ref: string; resource: string; team: string | null; urgency: string }>;
      };
      const table = await run([...base, '--lang', 'ja', 'list', '--tz', 'Asia/Tokyo']);
      const payments = await run([
        ...base,
        'list',
        '--owner',
        'payments',
        '--format',
        'csv',
        '--tz',
        'Asia/Tokyo',
      ]);
      const first = json.items[0]?.ref ?? '';
      const acked = await run([
        ...base,
        '--lang',
        'en',
        'ack',
        first,
        '--note',
        'replacing via ASG',
        '--actor',
        'sato',
      ]);
      const assigned = await run([...base, '--lang', 'en', 'assign', first, 'suzuki', '--actor', 'sato']);
      const shown = JSON.parse(await run([...base, 'show', first, '--format', 'json'])) as {
        status: string;
        owner: string;
        history: Array<{ actor: string; action: string; note: string | null }>;
      };
      const invalid = await run([...base, '--lang', 'en', 'ack', first]).catch((error: Error) => error);
      const missing = await run([...base, '--lang', 'ja', 'done', '#999']).catch((error: Error) => error);
      const acknowledged = JSON.parse(
        await run([...base, 'list', '--status', 'acknowledged', '--format', 'json']),
      ) as {
        total: number;
      };
      // Assess
      expect(json.total).toBe(2);
      expect(json.items.map((i) => [i.resource.split('/')[1], i.team, i.urgency])).toEqual([
        ['i-0aaa', null, 'overdue'],
        ['i-0bbb', 'payments', 'later'],
      ]);
      expect(table).toContain('期限超過');
      expect(table).toContain('緊急作業');
      expect(table).toContain('時刻は Asia/Tokyo で表示');
      // Due = event (60 days) − 7 days lead time, shown in JST.
      expect(payments.split('\r\n')[1]).toMatch(
        /^#\d+,2027-01-12T09:00:00\+09:00,later,emergency,open,ec2-scheduled-event,/,
      );
      expect(acked).toBe(`${first}: Open → Acknowledged`);
      expect(assigned).toBe(`${first}: owner suzuki`);
      expect(shown.status).toBe('acknowledged');
      expect(shown.owner).toBe('suzuki');
      expect(shown.history.slice(1).map((h) => [h.actor, h.action, h.note])).toEqual([
        ['sato', 'ack', 'replacing via ASG'],
        ['sato', 'assign', 'owner: - → suzuki'],
      ]);
      expect(invalid).toMatchObject({
        exitCode: 1,
        message: `Cannot acknowledge ${first}: it is Acknowledged.`,
      });
      expect(missing).toMatchObject({
        exitCode: 1,
        message: expect.stringContaining('作業 #999 が見つかりません'),
      });
      expect(acknowledged.total).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await location.dispose();
    }
  });
});

describe('list titles', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("shows the catalog's item title in --lang, else the language of LC_ALL, LC_MESSAGES or LANG", async () => {
    // Prepare
    const [sqlite] = storeTargets();
    const location = await (sqlite as { fresh(): Promise<FreshLocation> }).fresh();
    const store = await openStore(location.target);
    await store.occurrences.record([occurrence('i-0aaa', 3)]);
    await store.close();
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-cli-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, '{}\n');
    const base = ['--db', location.target, '--config', config];
    const ja = 'EC2 インスタンス i-0aaa は 2026-11-23 にメンテナンスまたはリタイアが予定されています';
    const en = 'EC2 instance i-0aaa has scheduled maintenance or retirement on 2026-11-23';
    try {
      // Act
      vi.stubEnv('LC_ALL', '');
      vi.stubEnv('LC_MESSAGES', '');
      vi.stubEnv('LANG', 'ja_JP.UTF-8');
      const fromLang = await run([...base, 'list', '--tz', 'Asia/Tokyo']);
      const csv = await run([...base, 'list', '--tz', 'Asia/Tokyo', '--format', 'csv']);
      vi.stubEnv('LC_ALL', 'en_US.UTF-8');
      const fromLcAll = await run([...base, 'list', '--tz', 'Asia/Tokyo']);
      const explicit = await run([...base, '--lang', 'ja', 'list', '--tz', 'Asia/Tokyo']);
      // Assess
      expect(fromLang).toContain(ja);
      expect(fromLang).not.toContain('instance-retirement i-0aaa');
      expect(csv.split('\r\n')[1]).toContain(`,ec2-scheduled-event,${ja},111122223333,`);
      expect(fromLcAll).toContain(en);
      expect(explicit).toContain(ja);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await location.dispose();
    }
  });
});

describe('the opsradar binary', () => {
  it('exits 1 with a clear message for an unknown id and 0 for a listing', async () => {
    // Prepare
    const [sqlite] = storeTargets();
    const location = await (sqlite as { fresh(): Promise<FreshLocation> }).fresh();
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-cli-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, '{}\n');
    try {
      // Act
      const missing = await runMain([
        '--db',
        location.target,
        '--config',
        config,
        '--lang',
        'en',
        'show',
        '42',
      ]);
      const listing = await runMain(['--db', location.target, '--config', config, '--lang', 'en', 'list']);
      // Assess
      expect(missing).toMatchObject({
        code: 1,
        stderr: 'opsradar: Work item #42 not found. See `opsradar list`.\n',
      });
      expect(listing).toMatchObject({ code: 0, stdout: 'No work items match.\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await location.dispose();
    }
    // Starting Node with the TypeScript loader takes seconds on a busy machine.
  }, 180_000);
});

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [main, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
