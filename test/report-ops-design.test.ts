import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { runDemo } from '../src/cli/demo.js';
import { type ReportIo, registerReport } from '../src/cli/report.js';
import { launchChromium } from './e2e/browser.js';

/** The event kinds of the source document (AWS特有の運用イベントまとめ): every one applies to the demo organization. */
const SOURCE_DOCUMENT_KINDS = [
  'acm-certificate-expiry',
  'route53-domain-expiry',
  'reservation-expiry',
  'elb-prewarm',
  'load-test-request',
  'penetration-test-request',
  'service-quota-increase',
  'ec2-scheduled-event',
  'rds-pending-maintenance',
  'directconnect-maintenance',
  'vpn-maintenance',
  'ami-release',
  'abuse-report',
  'ses-enforcement',
  'lambda-runtime-deprecation',
  'beanstalk-platform-update',
  'shield-ddos-detected',
  'elb-tls-policy-deprecation',
  'os-end-of-support',
];
const JA_HEADERS = [
  'サービス',
  'イベント',
  '作業区分',
  '作業内容',
  '頻度・次回の予定日',
  '対象リソースと日付',
  '通知経路',
  '担当',
  '事前準備と設計で避ける方法',
  '参考資料',
];

/** Runs `opsradar [--lang L] --db DB report ops-design ARGS` in process; returns what it wrote. */
async function report(db: string, lang: string, args: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const io: ReportIo = {
    out: () => {},
    now: () => new Date(),
    write: (bytes) => chunks.push(Buffer.from(bytes)),
  };
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>')
    .exitOverride();
  registerReport(program, io);
  await program.parseAsync(
    ['--lang', lang, '--db', db, 'report', 'ops-design', '--tz', 'Asia/Tokyo', ...args],
    {
      from: 'user',
    },
  );
  return Buffer.concat(chunks);
}

/** Minimal RFC 4180 reader for the test (quoted fields with commas, quotes and CRLF inside). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('opsradar report ops-design on the demo database', () => {
  let dir: string;
  let db: string;
  const catalog = loadCatalog();
  const title = (id: string) => catalog.require(id).title.ja;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-ops-design-'));
    db = join(dir, 'demo.sqlite');
    process.env.OPSRADAR_CONFIG = join(dir, 'no-config.yaml');
    delete process.env.OPSRADAR_LIFECYCLE_DIR;
    // The demo world for real: sandbox demo scenario, scan, Health, notification mails, work items.
    const demo = await runDemo({ port: 0, db, lang: 'ja' }, { out: () => {}, err: () => {} });
    await demo.close();
  }, 240_000);
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('CSV (ja): BOM, Japanese headers, a row per source-document kind, the demo resources, the rest apart', async () => {
    // Act
    const bytes = await report(db, 'ja', ['--format', 'csv']);
    // Assess
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(JA_HEADERS);
    const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
    const register = rows.slice(1, blank);
    const events = register.map((r) => r[1]);
    for (const id of SOURCE_DOCUMENT_KINDS) expect(events, id).toContain(title(id));
    const cell = (id: string) => register.find((r) => r[1] === title(id))?.[5] ?? '';
    expect(cell('route53-domain-expiry')).toContain('example-campaign.jp');
    expect(cell('rds-pending-maintenance')).toContain('orders-db');
    expect(cell('directconnect-maintenance')).toContain('dxcon-fg5osa01');
    expect(cell('load-test-request')).toMatch(/^アカウント全体（.*222222222222/);
    expect(register.find((r) => r[1] === title('acm-certificate-expiry'))?.[2]).toBe('定期');
    expect(register.find((r) => r[1] === title('elb-prewarm'))?.[6]).toBe('');
    expect(rows[blank + 1]).toEqual(['ID', 'イベント', '理由']);
    for (const apart of rows.slice(blank + 2)) expect(apart[2]).not.toBe('');
  }, 60_000);

  it('XLSX read back with exceljs: frozen header, column widths, the same rows', async () => {
    const bytes = await report(db, 'en', ['--format', 'xlsx']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Operations design');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Service',
      'Event',
      'Kind of work',
      'Work',
      'Frequency / next date',
      'Resources and their dates',
      'Notified by',
      'Owner',
      'Preparation and how design avoids it',
      'References',
    ]);
    expect(sheet.getColumn(4).width).toBe(60);
    expect(sheet.getColumn(2).width).toBe(24);
    const events = sheet.getColumn(2).values.slice(2);
    for (const id of SOURCE_DOCUMENT_KINDS) expect(events).toContain(catalog.require(id).title.en);
    expect(workbook.getWorksheet('Not applicable')?.rowCount).toBeGreaterThan(0);
  }, 60_000);

  describe('HTML in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders every row, prints on A4 landscape, and a screenshot of the English register is taken', async () => {
      const html = (await report(db, 'ja', ['--format', 'html'])).toString('utf8');
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.setContent(html);
      const kinds = await page.$$eval('table.register tbody tr', (trs) =>
        trs.map((tr) => tr.getAttribute('data-kind')),
      );
      for (const id of SOURCE_DOCUMENT_KINDS) expect(kinds).toContain(id);
      expect(await page.locator('table.register th').allTextContents()).toEqual(JA_HEADERS);
      const pdf = await page.pdf({ preferCSSPageSize: true });
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      // A4 landscape is 842 × 595 points.
      expect(Math.round(Number(box?.[1]))).toBe(842);
      expect(Math.round(Number(box?.[2]))).toBe(595);
      // The kept screenshot is the English page: this machine's Chromium has no Japanese font.
      await page.setContent((await report(db, 'en', ['--format', 'html'])).toString('utf8'));
      // A test run leaves the tree clean: docs/screenshots is rewritten only when asked for.
      const out = process.env.OPSRADAR_UPDATE_SCREENSHOTS
        ? join(process.cwd(), 'docs', 'screenshots')
        : mkdtempSync(join(tmpdir(), 'opsradar-ops-design-'));
      mkdirSync(out, { recursive: true });
      await page.screenshot({
        path: join(out, 'ops-design.png'),
        clip: { x: 0, y: 0, width: 1600, height: 1000 },
      });
      expect(readFileSync(join(out, 'ops-design.png')).subarray(1, 4).toString()).toBe('PNG');
      await page.close();
    }, 60_000);
  });
});
