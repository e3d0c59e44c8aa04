/**
 * Screenshots of the dashboard for the README, taken from the real one-command demo
 * (sandbox → scan → Health → mail → work items) in headless Chromium.
 *
 *   npx tsx test/e2e/screenshots.ts [--lang ja|en]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../src/cli/demo.js';
import { packageRoot } from '../../src/paths.js';
import { launchChromium } from './browser.js';

const lang = process.argv.includes('en') ? 'en' : 'ja';
const out = join(packageRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'opsradar-shots-'));
const demo = await runDemo(
  { port: 0, db: join(dir, 'demo.sqlite'), lang },
  { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
);
const browser = await launchChromium();
try {
  const context = await browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1360, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await page.goto(demo.loginUrl);
  await page.goto(`${demo.server.url}?lang=${lang}`);
  await page.screenshot({ path: join(out, 'overview.png'), fullPage: true });
  // The item seen by the most sources shows correlation at work.
  const items = (await demo.store.workItems.list({ status: 'active' }, { limit: 1000 })).items;
  let best = items[0];
  let score = -1;
  for (const item of items) {
    const detail = await demo.store.workItems.get(item.id);
    // Prefer an EC2 retirement (the classic emergency work), then the most sources.
    const points = (detail?.occurrences.length ?? 0) * 10 + (item.kind === 'ec2-scheduled-event' ? 5 : 0);
    if (points > score) {
      score = points;
      best = item;
    }
  }
  if (best) {
    await page.goto(`${demo.server.url}items/${best.id}`);
    await page.screenshot({ path: join(out, 'item.png'), fullPage: true });
  }
  await page.goto(`${demo.server.url}timeline`);
  await page.screenshot({ path: join(out, 'timeline.png'), fullPage: true });
  await page.goto(`${demo.server.url}items?status=active`);
  await page.screenshot({ path: join(out, 'list.png') });
  process.stdout.write(`screenshots written to ${out}\n`);
} finally {
  await browser.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}
