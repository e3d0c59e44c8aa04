import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportError } from '../src/cli/errors.js';
import { langOf } from '../src/cli/options.js';
import { registerRequest } from '../src/cli/request.js';

const NOW = new Date('2026-12-02T01:00:00.000Z');

async function opsradar(db: string, args: string[]): Promise<string> {
  const out: string[] = [];
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>')
    .exitOverride();
  registerRequest(program, { out: (t) => out.push(t), now: () => NOW });
  await program.parseAsync(['--db', db, ...args], { from: 'user' });
  return out.join('\n');
}

/** Runs a command that must fail and prints its error the way `main` does: what the person reads. */
async function opsradarFails(db: string, args: string[]): Promise<{ stderr: string; exitCode: number }> {
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>')
    .exitOverride();
  registerRequest(program, { out: () => {}, now: () => NOW });
  const error = await program.parseAsync(['--db', db, ...args], { from: 'user' }).then(
    () => expect.fail(`opsradar ${args.join(' ')} succeeded`),
    (e: unknown) => e,
  );
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    return { exitCode: reportError(error, langOf(program)), stderr: written.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** `request quota` raising a quota of the production account, against an endpoint that answers nothing. */
function quotaArgs(quotaCode: string, ...extra: string[]): string[] {
  const account = [
    '--account',
    '222222222222',
    '--region',
    'ap-northeast-1',
    '--endpoint-url',
    'http://127.0.0.1:9',
  ];
  return [
    'request',
    'quota',
    '--service-code',
    'ec2',
    '--quota-code',
    quotaCode,
    '--value',
    '512',
    ...account,
    ...extra,
  ];
}

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** The real `opsradar` process (main.ts through tsx), in a non-Japanese locale unless --lang says otherwise. */
function runMain(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [main, ...args], { env }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
    });
  });
}

describe('opsradar request (CLI)', () => {
  let dir: string;
  let db: string;
  const saved = { ...process.env };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-request-cli-'));
    db = join(dir, 'opsradar.sqlite');
    process.env.OPSRADAR_CONFIG = join(dir, 'no-config.yaml');
    // Without --lang the locale decides: an English one, whatever the machine running the tests uses.
    process.env.LANG = 'C.UTF-8';
    delete process.env.LC_ALL;
    delete process.env.LC_MESSAGES;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('plan prints the filing date, the AWS policy with its sources and the checklist; list shows the request', async () => {
    // Act
    const planned = await opsradar(db, [
      '--lang',
      'ja',
      'request',
      'plan',
      'ddos-simulation',
      '--date',
      '2027-01-20',
      '--account',
      '222222222222',
      '--tz',
      'Asia/Tokyo',
      '--actor',
      'sato',
    ]);
    const list = await opsradar(db, ['--lang', 'en', 'request', 'list', '--tz', 'Asia/Tokyo']);
    // Assess
    expect(planned).toContain('AWS への申請期限: 2026-12-21 09:00（実施日の 30 日前）');
    expect(planned).toContain('https://aws.amazon.com/security/ddos-simulation-testing/（2026-12-02 確認）');
    expect(planned).toContain('  [ ] 1. ');
    expect(list).toMatch(
      /#1\s+2026-12-21 09:00\s+2027-01-20 09:00\s+DDoS simulation test preparation\s+Open/,
    );
  });

  it('quota --submit without --yes is refused before anything is sent or stored', async () => {
    const attempt = opsradar(db, quotaArgs('L-1216C47A', '--submit'));
    await expect(attempt).rejects.toMatchObject({ code: 'REQUEST_NOT_CONFIRMED', exitCode: 2 });
    const list = await opsradar(db, ['--lang', 'en', 'request', 'list', '--format', 'json']);
    expect((JSON.parse(list) as Array<{ kind: string }>).map((r) => r.kind)).toEqual(['ddos-simulation']);
  });

  it('errors of the request flows are printed in the --lang language, with the same exit code', async () => {
    const badDate = ['request', 'plan', 'load-test-request', '--date', '2026-02-30'];
    const quota = quotaArgs('l-1216c47a');
    // Act
    const dateJa = await opsradarFails(db, ['--lang', 'ja', ...badDate]);
    const dateEn = await opsradarFails(db, badDate);
    const kindJa = await opsradarFails(db, [
      '--lang',
      'ja',
      'request',
      'plan',
      'acm-certificate-expiry',
      '--date',
      '2026-12-24',
    ]);
    const quotaJa = await opsradarFails(db, ['--lang', 'ja', ...quota]);
    const quotaEn = await opsradarFails(db, quota);
    // Assess
    expect([dateJa, dateEn, kindJa, quotaJa, quotaEn].map((r) => r.exitCode)).toEqual([2, 2, 2, 2, 2]);
    expect(kindJa.stderr).toMatch(
      /^opsradar: acm-certificate-expiry はカタログにある申請作業の種類ではありません（申請作業の種類: .*ddos-simulation.*）\n$/,
    );
    expect([dateJa, dateEn, quotaJa, quotaEn].map((r) => r.stderr)).toEqual([
      'opsradar: --date: 日付として読めません: "2026-02-30"（YYYY-MM-DD または 2026-12-20T09:00+09:00 の形式で指定してください）\n',
      'opsradar: --date: not a date: "2026-02-30" (expected YYYY-MM-DD or 2026-12-20T09:00+09:00)\n',
      'opsradar: --quota-code: L-1216C47A のようなクォータコードを指定してください: l-1216c47a\n',
      'opsradar: --quota-code: not a quota code like L-1216C47A: l-1216c47a\n',
    ]);
  });

  it('the opsradar process refuses an unconfirmed --submit in Japanese with --lang ja, in English without', async () => {
    const env = { ...process.env, LANG: 'C.UTF-8' };
    const submit = ['--db', join(dir, 'process.sqlite'), ...quotaArgs('L-1216C47A', '--submit')];
    // Act
    const [ja, en] = await Promise.all([runMain(['--lang', 'ja', ...submit], env), runMain(submit, env)]);
    // Assess
    expect([ja.code, en.code]).toEqual([2, 2]);
    expect([ja.stderr, en.stderr]).toEqual([
      'opsradar: 確認なしでは AWS に送信しません。--submit には --yes を付けてください（何も送信していません）\n',
      'opsradar: refusing to write to AWS without confirmation: add --yes to --submit (nothing was sent)\n',
    ]);
    // Starting Node with the TypeScript loader takes seconds on a busy machine.
  }, 180_000);
});
