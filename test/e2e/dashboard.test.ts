import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { type OneTimeLogin, oneTimeLogin, oneTimeLoginUrl } from '../../src/server/sessions.js';
import type { Store } from '../../src/store/index.js';
import { storeTargets } from '../support/stores.js';
import { launchChromium } from './browser.js';
import { catalog, NOW, seed } from './seed.js';

// A browser on a shared 2-core machine: page loads take seconds, not milliseconds.
describe.each(storeTargets())('dashboard in headless Chromium on $name', { timeout: 120_000 }, ({ open }) => {
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let login: OneTimeLogin;

  beforeAll(async () => {
    store = await open();
    await seed(store);
    login = oneTimeLogin();
    const app = createApp({
      store,
      catalog,
      now: () => NOW,
      localActor: 'e2e-operator',
      ingest: false,
      login,
    });
    server = await listen(app, { host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1360, height: 900 },
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('shows the same counts on the overview as the store has', async () => {
    // Prepare
    const counts = await store.workItems.counts({ now: NOW });

    // Act
    await page.goto(server.url);

    // Assess
    for (const [category, count] of Object.entries(counts.byCategory)) {
      expect(await page.textContent(`[data-count="category-${category}"] .value`)).toBe(String(count));
    }
    for (const [urgency, count] of Object.entries(counts.byUrgency)) {
      expect(await page.textContent(`[data-count="urgency-${urgency}"] .value`)).toBe(String(count));
    }
    expect(await page.textContent('[data-count="active"]')).toContain(String(counts.active));
    const overdueRows = await page.locator('table.items tbody tr').count();
    expect(overdueRows).toBe(counts.byUrgency.overdue);
  });

  it('switches language and remembers the choice', async () => {
    await page.goto(server.url);
    expect(await page.textContent('h1')).toBe('Overview');

    await page.click('a[data-lang="ja"]');
    await page.waitForLoadState();
    const afterSwitch = await page.textContent('h1');
    await page.goto(`${server.url}items`);
    const onOtherPage = await page.textContent('h1');
    const lang = await page.getAttribute('html', 'lang');

    expect(afterSwitch).toBe('概要');
    expect(onOtherPage).toBe('作業一覧');
    expect(lang).toBe('ja');
    expect(await page.textContent('[data-count], table.items')).toBeTruthy();
    await page.click('a[data-lang="en"]');
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('Work items');
  });

  it('filters the list on the server', async () => {
    await page.goto(`${server.url}items`);
    expect(await page.locator('table.items tbody tr').count()).toBe(6);

    // The script submits the form when a select changes.
    await Promise.all([
      page.waitForURL(/category=emergency/),
      page.selectOption('select[name="category"]', 'emergency'),
    ]);
    const emergencyRows = await page.locator('table.items tbody tr').count();
    await page.fill('input[name="text"]', 'i-0abc1234');
    await Promise.all([page.waitForURL(/text=i-0abc1234/), page.click('form.filters button[type="submit"]')]);
    const textRows = await page.locator('table.items tbody tr').count();

    expect(emergencyRows).toBe(2);
    expect(textRows).toBe(1);
    expect(await page.textContent('#range')).toContain('1–1 of 1');
  });

  it('reads without signing in on loopback, and signs in with the one-time link printed by serve', async () => {
    const id = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items[0]?.id;
    await page.goto(`${server.url}items/${id}`);
    const notice = await page.locator('[data-read-only]').count();
    const actionsBefore = await page.locator('button[data-action="ack"]').count();

    await page.goto(oneTimeLoginUrl(server.url, login));
    await page.waitForURL(server.url);
    await page.goto(`${server.url}items/${id}`);

    expect(notice).toBe(1);
    expect(actionsBefore).toBe(0);
    expect(await page.locator('[data-read-only]').count()).toBe(0);
    expect(await page.locator('button[data-action="ack"]').count()).toBe(1);
    expect(await page.locator('form[action="/logout"]').count()).toBe(1);
  });

  it('opens an item, acknowledges it, and still sees it acknowledged after a reload', async () => {
    const id = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items[0]?.id;
    await page.goto(`${server.url}items?kind=ec2-scheduled-event`);

    await Promise.all([page.waitForURL(new RegExp(`/items/${id}$`)), page.click(`a[data-item="${id}"]`)]);
    const evidence = await page.locator('pre.evidence').count();
    await page.fill('textarea[name="note"]', 'Stop/start planned for Saturday');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[data-action="ack"]')]);
    await page.goto(`${server.url}items/${id}`);

    // Assess: the page after a reload, and the store itself
    expect(evidence).toBe(2);
    expect(await page.textContent('#item-status')).toBe('Acknowledged');
    expect(await page.locator('button[data-action="ack"]').count()).toBe(0);
    expect(await page.textContent('ul.history')).toContain('Stop/start planned for Saturday');
    const stored = await store.workItems.get(id ?? 0);
    expect(stored?.status).toBe('acknowledged');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'ack', actor: 'e2e-operator' });
  });

  it('signs out, and the old session no longer acts', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'opsradar_session')?.value;
    await page.goto(server.url);

    await Promise.all([page.waitForURL(/\/login$/), page.click('form[action="/logout"] button')]);
    const tokenCreate = await fetch(`${server.url}api/tokens`, {
      method: 'POST',
      headers: { cookie: `opsradar_session=${cookie}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', role: 'admin' }),
    });

    expect(cookie).toBeTruthy();
    expect(tokenCreate.status).toBe(401);
  });

  it('shows JST by default, names the zone, switches to UTC or the browser zone, and remembers it', async () => {
    const id = (await store.workItems.list({ kind: 'ec2-scheduled-event' })).items[0]?.id;
    // A browser in New York (and one in UTC, as headless servers often are): JST until the user picks.
    const newYork = await browser.newContext({ locale: 'ja-JP', timezoneId: 'America/New_York' });
    const p = await newYork.newPage();
    const instant = async () => (await p.locator('time[data-kind="instant"]').first().textContent()) ?? '';
    const picked = async () => (await p.locator('#tz-select option:checked').textContent()) ?? '';

    await p.goto(`${server.url}items/${id}?lang=ja`);
    const byDefault = [await instant(), await picked()];
    const zoneIs = (zone: string) =>
      p.waitForFunction((z) => document.documentElement.dataset.tz === z, zone, { timeout: 30_000 });
    await p.selectOption('#tz-select', 'UTC');
    await zoneIs('UTC');
    const utc = [await instant(), await picked()];
    await p.reload();
    const utcAfterReload = await instant();
    await p.selectOption('#tz-select', { index: 2 });
    await zoneIs('America/New_York');
    const local = [await instant(), await picked()];
    await p.goto(`${server.url}items/${id}?lang=en`);
    const localOtherPage = [await instant(), await picked()];
    await newYork.close();

    // The event is 2026-12-04 03:00 UTC.
    expect(byDefault[0]).toContain('2026/12/04 12:00');
    expect(byDefault[1]).toBe('日本時間 (JST)');
    expect(utc[0]).toContain('2026/12/04 03:00');
    expect(utc[1]).toBe('協定世界時 (UTC)');
    expect(utcAfterReload).toContain('2026/12/04 03:00');
    expect(local[0]).toContain('2026/12/03 22:00');
    expect(local[1]).toBe('このブラウザ: America/New_York');
    expect(localOtherPage[0]).toContain('03/12/2026, 22:00');
    expect(localOtherPage[1]).toBe('This browser: America/New_York');
  });
});
