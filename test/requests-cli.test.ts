import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('opsradar request (CLI)', () => {
  let dir: string;
  let db: string;
  const saved = { ...process.env };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-request-cli-'));
    db = join(dir, 'opsradar.sqlite');
    process.env.OPSRADAR_CONFIG = join(dir, 'no-config.yaml');
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
    const attempt = opsradar(db, [
      'request',
      'quota',
      '--service-code',
      'ec2',
      '--quota-code',
      'L-1216C47A',
      '--value',
      '512',
      '--account',
      '222222222222',
      '--region',
      'ap-northeast-1',
      '--submit',
      '--endpoint-url',
      'http://127.0.0.1:9',
    ]);
    await expect(attempt).rejects.toMatchObject({ code: 'REQUEST_NOT_CONFIRMED', exitCode: 2 });
    const list = await opsradar(db, ['--lang', 'en', 'request', 'list', '--format', 'json']);
    expect((JSON.parse(list) as Array<{ kind: string }>).map((r) => r.kind)).toEqual(['ddos-simulation']);
  });
});
