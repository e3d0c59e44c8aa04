import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { routingSchema } from '../src/core/routing.js';
import type { StoredOccurrence } from '../src/core/types.js';
import { planSightings } from '../src/core/work-item-sync.js';
import { displayTitle } from '../src/i18n/item-title.js';
import { classifyEmail } from '../src/ingest/email/classify.js';
import { classifyHealthEvent, healthOccurrences } from '../src/ingest/health/classify.js';
import { healthEventFromApi } from '../src/ingest/health/event.js';
import { catalogDir, packageRoot } from '../src/paths.js';
import { loadModel } from '../src/sandbox/model.js';
import { sandboxServices } from '../src/sandbox/services/index.js';
import { scanners } from '../src/scanners/index.js';

/**
 * The claims of docs/adding-an-event-kind.md and docs/adding-a-scanner.md, checked: a Health-only or
 * mail-only kind is one YAML file, and a scanner for a service the sandbox serves is the catalog
 * entry, the module, its test and one line in the registry.
 */

const KIND_ID = 'example-widget-retirement';
const HEALTH_CODE = 'AWS_EXAMPLEWIDGET_RETIREMENT_SCHEDULED';

/** A kind no built-in entry knows: a Health code and the phrases of its notice mail. */
const ENTRY = `id: ${KIND_ID}
services: [EXAMPLEWIDGET]
category: scheduled
title:
  ja: ウィジェットの廃止
  en: Widget retirement
itemTitle:
  ja:
    upcoming: ウィジェット {resource} は {date} に廃止されます
    past: ウィジェット {resource} は {date} に廃止されました
  en:
    upcoming: Widget {resource} is retired on {date}
    past: Widget {resource} was retired on {date}
summary:
  ja: 廃止が予定されたウィジェットを、期日までに新しいものへ移します。
  en: A widget scheduled for retirement must be moved to a new one before the date.
runbook:
  ja:
    - 新しいウィジェットを作成し、利用者を移してから古いものを削除します。
  en:
    - Create a new widget, move its users, then delete the old one.
leadTimeDays: 21
reminderDays: [7, 0]
horizonDays: 90
detection:
  health:
    eventTypeCodes: [${HEALTH_CODE}]
    samples: [${HEALTH_CODE}]
  content:
    phrases:
      en: ["widget … will be decommissioned"]
      ja: ["ウィジェット … 廃止"]
    cues:
      en: ["widget"]
      ja: ["ウィジェット"]
correlation:
  keys: [accountId, region, resource, kind]
  rule:
    ja: 同じウィジェットの通知は 1 つの作業にまとめます。
    en: Notices about the same widget are one item.
avoidance:
  ja: ウィジェットを定期的に作り直します。
  en: Rebuild widgets regularly.
references:
  - title: What is AWS Health?
    url: https://docs.aws.amazon.com/health/latest/ug/what-is-health.html
    verifiedOn: '2026-12-02'
`;

const MAIL = [
  'From: Amazon Web Services <no-reply-aws@amazon.com>',
  'To: ops@example.co.jp',
  'Subject: Upcoming decommission of your widget [AWS Account: 123456789012]',
  'Date: Wed, 02 Dec 2026 09:00:00 +0000',
  'Message-ID: <widget-retirement-1@example.amazon.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello,',
  '',
  'Your widget wgt-0123 in the us-east-1 Region will be decommissioned on January 20, 2027.',
  'Please move its users to a new widget before then.',
  '',
].join('\r\n');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** The built-in catalog plus one new file, as a contributor's checkout would have it. */
function catalogWithNewEntry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-catalog-'));
  tempDirs.push(dir);
  cpSync(catalogDir, dir, { recursive: true });
  mkdirSync(join(dir, 'examplewidget'));
  writeFileSync(join(dir, 'examplewidget', `${KIND_ID}.yaml`), ENTRY);
  return dir;
}

function healthEvent() {
  return healthEventFromApi(
    {
      arn: `arn:aws:health:us-east-1::event/EXAMPLEWIDGET/${HEALTH_CODE}/${HEALTH_CODE}_1`,
      service: 'EXAMPLEWIDGET',
      eventTypeCode: HEALTH_CODE,
      eventTypeCategory: 'scheduledChange',
      region: 'us-east-1',
      startTime: '2027-01-20T00:00:00.000Z',
      lastUpdatedTime: '2026-12-01T00:00:00.000Z',
      statusCode: 'upcoming',
    },
    { accountId: '123456789012', description: 'Your widget is scheduled for retirement.' },
    [{ value: 'wgt-0123', accountId: '123456789012' }],
  );
}

describe('adding a Health-only or mail-only kind touches one YAML file', () => {
  const before = loadCatalog();
  const after = loadCatalog({ builtInDir: catalogWithNewEntry() });

  it('Health matching and Health ingest pick the new entry up, with no code change', () => {
    // Act
    const unknown = classifyHealthEvent(healthEvent(), before);
    const known = classifyHealthEvent(healthEvent(), after);
    const occurrences = healthOccurrences(healthEvent(), after, {
      source: 'health',
      observedAt: '2026-12-02T00:00:00.000Z',
    });
    // Assess
    expect(unknown.kind).toBeNull();
    expect(known).toMatchObject({
      kind: KIND_ID,
      category: 'scheduled',
      eventDate: '2027-01-20T00:00:00.000Z',
    });
    expect(occurrences.map((o) => [o.kind, o.accountId, o.resource])).toEqual([
      [KIND_ID, '123456789012', 'wgt-0123'],
    ]);
  });

  it('mail classification picks the new entry up from its phrases, with no code change', async () => {
    // Act
    const unknown = await classifyEmail(Buffer.from(MAIL), { catalog: before, now: new Date('2026-12-02') });
    const known = await classifyEmail(Buffer.from(MAIL), { catalog: after, now: new Date('2026-12-02') });
    // Assess
    expect(unknown.classification?.kind ?? null).toBeNull();
    expect(unknown.status).toBe('quarantine');
    expect(known.status).toBe('matched');
    expect(known.classification).toMatchObject({
      kind: KIND_ID,
      category: 'scheduled',
      accountId: '123456789012',
      region: 'us-east-1',
    });
  });

  it('a sighting of the new kind becomes a work item due leadTimeDays before the event', () => {
    // Prepare
    const [occurrence] = healthOccurrences(healthEvent(), after, {
      source: 'health',
      observedAt: '2026-12-02T00:00:00.000Z',
    });
    const stored: StoredOccurrence = {
      ...(occurrence as NonNullable<typeof occurrence>),
      id: 'o-1',
      firstSeenAt: '2026-12-02T00:00:00.000Z',
      lastSeenAt: '2026-12-02T00:00:00.000Z',
      changedAt: '2026-12-02T00:00:00.000Z',
      lastScanRunId: null,
    };
    // Act
    const plan = planSightings([stored], after, routingSchema.parse({}), new Set());
    const unplanned = planSightings([stored], before, routingSchema.parse({}), new Set());
    // Assess
    expect(unplanned.unknownKinds).toEqual([KIND_ID]);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({
      type: 'create',
      item: { kind: KIND_ID, category: 'scheduled', dueDate: '2026-12-30T00:00:00.000Z' },
    });
  });

  it("the work item's title reads the new entry's itemTitle in both languages, with no code change", () => {
    // Prepare
    const item = { kind: KIND_ID, resource: 'wgt-0123', eventDate: '2027-01-20T00:00:00.000Z' };
    const title = (lang: 'ja' | 'en', now: string, catalog: typeof after) =>
      displayTitle({ lang, timeZone: 'Asia/Tokyo', now: new Date(now) }, item, catalog.get(KIND_ID));
    // Act
    const upcoming = { ja: title('ja', '2026-12-02', after), en: title('en', '2026-12-02', after) };
    const past = { ja: title('ja', '2027-02-01', after), en: title('en', '2027-02-01', after) };
    const unknown = title('en', '2026-12-02', before);
    // Assess
    expect(upcoming).toEqual({
      ja: 'ウィジェット wgt-0123 は 2027-01-20 に廃止されます',
      en: 'Widget wgt-0123 is retired on 2027-01-20',
    });
    expect(past).toEqual({
      ja: 'ウィジェット wgt-0123 は 2027-01-20 に廃止されました',
      en: 'Widget wgt-0123 was retired on 2027-01-20',
    });
    expect(unknown).toBe(`${KIND_ID}: wgt-0123 (2027-01-20)`);
  });

  it('no code outside the scanners names a catalog id, except the files listed here with their reason', () => {
    // Files that may name kinds, each with its reason. A new kind needs none of them.
    const allowed: Record<string, string> = {
      'src/requests/quota.ts': 'the Service Quotas request opsradar files itself',
      'src/requests/elb-capacity.ts': 'the LCU reservation opsradar files itself',
    };
    const ids = new Set(before.entries.map((e) => e.id));
    // Act
    const naming = sourceFiles(join(packageRoot, 'src'))
      .filter((file) => !file.includes(`${join('src', 'scanners')}/`))
      .map((file) => ({
        rel: relative(packageRoot, file),
        kinds: stringLiterals(file).filter((s) => ids.has(s)),
      }))
      .filter((f) => f.kinds.length > 0 && !(f.rel in allowed))
      .map((f) => `${f.rel}: ${[...new Set(f.kinds)].join(', ')}`);
    // Assess
    expect(naming).toEqual([]);
  });
});

describe('adding a scanner touches the catalog entry, the scanner, its test and the registry', () => {
  const scannersDir = join(packageRoot, 'src', 'scanners');
  const modules = sourceFiles(scannersDir).filter((f) => dirname(f) !== scannersDir);
  const registry = join(scannersDir, 'index.ts');
  const catalog = loadCatalog();

  it('finds the scanner modules it checks', () => {
    expect(modules.length).toBe(scanners.length);
    expect(modules.length).toBeGreaterThan(20);
  });

  it('every scanner module is in the registry, has a catalog entry naming it, and a test file', () => {
    const problems: string[] = [];
    for (const file of modules) {
      const id = basename(file, '.ts');
      const scanner = scanners.find((s) => s.id === id);
      if (!scanner) problems.push(`${id}: not in src/scanners/index.ts`);
      if (!statSync(file.replace(/\.ts$/, '.test.ts'), { throwIfNoEntry: false }))
        problems.push(`${id}: no ${id}.test.ts beside it`);
      const naming = catalog.entries.filter((e) => e.detection.scanners.includes(id));
      if (naming.length === 0) problems.push(`${id}: no catalog entry lists it in detection.scanners`);
      for (const kind of scanner?.eventKinds ?? [])
        if (!naming.some((e) => e.id === kind)) problems.push(`${id}: catalog ${kind} does not name it`);
    }
    expect(problems).toEqual([]);
  });

  it('the registry is the only code that imports a scanner module', () => {
    const importers = sourceFiles(join(packageRoot, 'src'))
      .filter((file) => file !== registry)
      .flatMap((file) =>
        relativeImports(file)
          .filter((target) => modules.includes(target) && target !== file)
          .map((target) => `${relative(packageRoot, file)} imports ${relative(packageRoot, target)}`),
      );
    expect(importers).toEqual([]);
  });

  it('a scanner only calls AWS APIs the sandbox serves, so a new one needs no sandbox change', () => {
    const served = new Set(sandboxServices.map((s) => s.iamPrefix ?? loadModel(s.model).signingName));
    const missing = scanners.flatMap((s) =>
      s.permissions
        .map((p) => p.split(':')[0] ?? '')
        .filter((prefix) => !served.has(prefix))
        .map((p) => `${s.id}: ${p}`),
    );
    expect(missing).toEqual([]);
  });
});

/** TypeScript files under `dir`, tests excluded. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** The string literals of a file (comments and template parts left out). */
function stringLiterals(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return out;
}

/** The files a module imports or re-exports by relative path, static or dynamic, as .ts paths. */
function relativeImports(file: string): string[] {
  const out: string[] = [];
  const add = (spec: string) => {
    if (spec.startsWith('.')) out.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      add((node.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) add(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return out;
}
