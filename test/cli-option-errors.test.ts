import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerReport } from '../src/cli/report.js';
import { registerServe } from '../src/cli/serve.js';

/** Runs `opsradar ARGS` with the serve and report commands; returns the error it stopped with. */
async function failure(args: string[]): Promise<(Error & { code?: string; exitCode?: number }) | undefined> {
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>')
    .exitOverride();
  registerServe(program);
  registerReport(program, { out: () => {}, now: () => new Date('2026-12-02T00:00:00Z'), write: () => {} });
  try {
    await program.parseAsync(args, { from: 'user' });
    return undefined;
  } catch (error) {
    return error as Error & { code?: string; exitCode?: number };
  }
}

describe('option errors of serve and report are in the --lang language', () => {
  it('serve --port and --tz', async () => {
    // Act
    const portJa = await failure(['--lang', 'ja', 'serve', '--port', '70000']);
    const portEn = await failure(['--lang', 'en', 'serve', '--port', 'http']);
    const tzJa = await failure(['--lang', 'ja', 'serve', '--tz', 'Asia/Tokio']);
    // Assess: a usage error (exit 2) before anything is opened, in the reader's language
    expect(portJa).toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      message: '--port には 0〜65535 のポート番号を指定してください: 70000',
    });
    expect(portEn?.message).toBe('--port must be a port number from 0 to 65535: http.');
    expect(tzJa?.message).toBe('不明なタイムゾーンです: Asia/Tokio（例: Asia/Tokyo、UTC）');
  });

  it('report ops-design --format and --account', async () => {
    // Act
    const formatJa = await failure(['--lang', 'ja', 'report', 'ops-design', '--format', 'pdf']);
    const accountJa = await failure(['--lang', 'ja', 'report', 'ops-design', '--account', '12345']);
    const accountEn = await failure(['--lang', 'en', 'report', 'ops-design', '--account', '12345']);
    // Assess
    expect(formatJa).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(formatJa?.message).toMatch(/^--format の値が不正です: pdf（指定できる値: md, html, csv, xlsx）$/);
    // The same words as `scan --accounts`.
    expect(accountJa?.message).toBe('12 桁の AWS アカウント ID ではありません: "12345"');
    expect(accountEn?.message).toBe('not a 12-digit AWS account id: "12345"');
  });
});
