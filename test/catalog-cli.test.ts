import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog } from '../src/catalog/index.js';
import { catalogCommand, registerCatalog } from '../src/cli/catalog.js';
import { packageRoot } from '../src/paths.js';
import { entry, writeCatalog } from './support/catalog-fixtures.js';

const run = promisify(execFile);

const builtIn = loadCatalog();

/** Runs `opsradar <args>` in process: the real commander program with the catalog commands registered. */
async function opsradar(args: string[], catalog: Catalog = builtIn, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <pathOrUrl>')
    .option('--config <file>')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
  registerCatalog(program, { out: (text) => out.push(text), catalog: () => catalog });
  const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES };
  Object.assign(process.env, { LANG: '', LC_ALL: '', LC_MESSAGES: '' }, env);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { output: out.join('\n'), code: 0 };
  } catch (error) {
    const code = error instanceof Error && 'exitCode' in error ? Number(error.exitCode) : 1;
    return { output: out.join('\n'), code, error };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const FIXED = [
  'acm-certificate-expiry',
  'route53-domain-expiry',
  'reservation-expiry',
  'iam-server-certificate-expiry',
  'elb-prewarm',
  'load-test-request',
  'penetration-test-request',
  'service-quota-increase',
];

describe('opsradar catalog list', () => {
  it('lists every entry as JSON with both languages, runbooks and references', async () => {
    // Act
    const { output, code } = await opsradar(['catalog', 'list', '--format', 'json']);
    const list = JSON.parse(output) as Array<{
      id: string;
      category: string;
      title: { ja: string; en: string };
      summary: { ja: string; en: string };
      runbook: { ja: string[]; en: string[] };
      references: Array<{ url: string }>;
    }>;
    // Assess
    expect(code).toBe(0);
    for (const id of FIXED) expect(list.map((e) => e.id)).toContain(id);
    // The engine kinds of issue 11, with the category each belongs to.
    const categoryOf = (id: string) => list.find((e) => e.id === id)?.category;
    expect(categoryOf('engine-maintenance')).toBe('emergency');
    expect(categoryOf('engine-end-of-support')).toBe('expert');
    for (const e of list) {
      expect(e.title.ja && e.title.en && e.summary.ja && e.summary.en).toBeTruthy();
      expect(e.runbook.ja.length).toBeGreaterThan(0);
      expect(e.references[0]?.url).toMatch(/^https:\/\//);
    }
  });

  it('filters by category and prints a table in the chosen language', async () => {
    // Act
    const ja = await opsradar(['--lang', 'ja', 'catalog', 'list', '--category', 'request']);
    const en = await opsradar(['catalog', 'list', '--category', 'request', '--lang', 'en']);
    // Assess
    expect(ja.output).toContain('申請作業');
    expect(ja.output).toContain('elb-prewarm');
    expect(ja.output).not.toContain('acm-certificate-expiry');
    expect(en.output).toContain('Request');
    expect(en.output).toContain('Load balancer capacity');
  });

  it('takes the language from the locale when --lang is not given', async () => {
    const { output } = await opsradar(['catalog', 'list', '--category', 'scheduled'], loadCatalog(), {
      LANG: 'ja_JP.UTF-8',
    });
    expect(output).toContain('定期作業');
  });

  it('prints CSV with a header and quoted fields', async () => {
    // Act
    const { output } = await opsradar(['catalog', 'list', '--format', 'csv', '--category', 'scheduled']);
    const lines = output.split('\r\n');
    // Assess
    expect(lines[0]).toBe('id,category,title,summary,leadTimeDays,services,references');
    expect(lines.some((l) => l.startsWith('acm-certificate-expiry,scheduled,'))).toBe(true);
    expect(lines.length).toBe(1 + loadCatalog().entries.filter((e) => e.category === 'scheduled').length);
  });

  it('rejects an unknown format or category with exit code 2', async () => {
    const format = await opsradar(['catalog', 'list', '--format', 'xml']);
    const category = await opsradar(['catalog', 'list', '--category', 'urgent']);
    expect(format.code).toBe(2);
    expect(String(format.error)).toContain('table, json, csv');
    expect(category.code).toBe(2);
    expect(String(category.error)).toContain('scheduled, request, emergency, expert');
  });
});

describe('opsradar catalog show', () => {
  it('shows the runbook, detection and references as text', async () => {
    const { output } = await opsradar(['catalog', 'show', 'acm-certificate-expiry', '--lang', 'ja']);
    expect(output).toContain('対応手順:');
    expect(output).toContain('作業タイトル: ACM 証明書 {resource} は {date} に期限切れになります');
    expect(output).toContain('1. 対象の証明書を確認します。');
    expect(output).toContain('AWS_ACM_RENEWAL_STATE_CHANGE');
    expect(output).toContain('https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html');
  });

  it('shows Markdown and JSON', async () => {
    const md = await opsradar(['catalog', 'show', 'elb-prewarm', '--format', 'md', '--lang', 'en']);
    const json = await opsradar(['catalog', 'show', 'elb-prewarm', '--format', 'json']);
    expect(md.output).toMatch(/^# Load balancer capacity/);
    expect(md.output).toContain('## Runbook');
    expect(JSON.parse(json.output).id).toBe('elb-prewarm');
  });

  it('says that an entry is a user override', async () => {
    // Prepare
    const builtInDir = writeCatalog([entry('mine')]);
    const userDir = writeCatalog([entry('mine', { leadTimeDays: 3 })]);
    // Act
    const { output } = await opsradar(
      ['catalog', 'show', 'mine', '--lang', 'en'],
      loadCatalog({ builtInDir, userDir }),
    );
    // Assess
    expect(output).toContain('user entry (overrides the built-in entry)');
  });

  it('fails with CATALOG_UNKNOWN_ID for an unknown id', async () => {
    const { error } = await opsradar(['catalog', 'show', 'no-such-kind']);
    expect(error).toMatchObject({ code: 'CATALOG_UNKNOWN_ID' });
  });
});

describe('opsradar catalog match', () => {
  it.each([
    [['--health-code', 'AWS_ACM_RENEWAL_STATE_CHANGE'], 'acm-certificate-expiry', 'scheduled', 1],
    [
      ['--health-code', 'AWS_SERVICEQUOTAS_THRESHOLD_BREACH', '--service', 'SERVICEQUOTAS'],
      'service-quota-increase',
      'request',
      1,
    ],
    [['--health-code', 'AWS_EC2_OPERATIONAL_ISSUE', '--service', 'EC2'], null, null, 0],
    [
      [
        '--email-subject',
        'Fwd: ACM certificate renewal failed for example.com',
        '--email-from',
        'me@example.com',
      ],
      'acm-certificate-expiry',
      'scheduled',
      0.5,
    ],
    [
      ['--eventbridge-source', 'aws.acm', '--detail-type', 'ACM Certificate Approaching Expiration'],
      'acm-certificate-expiry',
      'scheduled',
      1,
    ],
    [
      [
        '--eventbridge-source',
        'aws.health',
        '--detail-type',
        'AWS Health Event',
        '--detail',
        '{"service":"ACM","eventTypeCode":"AWS_ACM_RENEWAL_FAILURE"}',
      ],
      'acm-certificate-expiry',
      'scheduled',
      1,
    ],
  ])('%j → %s', async (args, kind, category, confidence) => {
    // Act
    const { output, code } = await opsradar(['catalog', 'match', ...args]);
    const result = JSON.parse(output);
    // Assess
    expect(code).toBe(0);
    expect(result).toMatchObject({ kind, category, confidence });
  });

  it('needs exactly one kind of input', async () => {
    const none = await opsradar(['catalog', 'match']);
    const two = await opsradar(['catalog', 'match', '--health-code', 'X', '--email-subject', 'Y']);
    const badJson = await opsradar([
      'catalog',
      'match',
      '--eventbridge-source',
      'aws.acm',
      '--detail-type',
      'T',
      '--detail',
      '{',
    ]);
    expect(none.code).toBe(2);
    expect(two.code).toBe(2);
    expect(badJson.code).toBe(2);
    expect(String(badJson.error)).toContain('--detail');
  });
});

describe('catalogCommand', () => {
  it('returns the one catalog command so other parts can add subcommands in any order', () => {
    // Prepare
    const program = new Command('opsradar');
    // Act
    catalogCommand(program).command('unmapped');
    registerCatalog(program);
    // Assess
    const groups = program.commands.filter((c) => c.name() === 'catalog');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.commands.map((c) => c.name()).sort()).toEqual(['list', 'match', 'show', 'unmapped']);
  });
});

// Spawning tsx is slow on a shared machine; these two tests get a longer timeout.
describe('the opsradar binary', { timeout: 120_000 }, () => {
  it('runs catalog match end to end and prints errors without a stack', async () => {
    // Prepare
    const tsx = join(packageRoot, 'node_modules', '.bin', 'tsx');
    const main = join(packageRoot, 'src', 'cli', 'main.ts');
    // Act
    const ok = await run(tsx, [main, 'catalog', 'match', '--health-code', 'AWS_ACM_RENEWAL_STATE_CHANGE']);
    const bad = await run(tsx, [main, 'catalog', 'show', 'no-such-kind']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    // Assess
    expect(JSON.parse(ok.stdout)).toMatchObject({
      kind: 'acm-certificate-expiry',
      category: 'scheduled',
      confidence: 1,
    });
    expect('code' in bad && bad.code).toBe(1);
    expect('stderr' in bad && bad.stderr).toMatch(/^opsradar: unknown event kind "no-such-kind"/);
    expect('stderr' in bad && bad.stderr).not.toContain('    at ');
  });

  it('reports a broken user catalog clearly', async () => {
    // Prepare
    const userDir = writeCatalog([{ file: 'x/broken.yaml', text: 'id: broken\n' }]);
    // Act
    const result = await run(
      join(packageRoot, 'node_modules', '.bin', 'tsx'),
      [join(packageRoot, 'src', 'cli', 'main.ts'), 'catalog', 'list'],
      {
        env: { ...process.env, OPSRADAR_CATALOG_DIR: userDir },
      },
    ).catch((e: { code: number; stderr: string }) => e);
    // Assess
    expect('code' in result && result.code).toBe(1);
    expect('stderr' in result && result.stderr).toContain('broken.yaml: invalid catalog entry');
  });
});
