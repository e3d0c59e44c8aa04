import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { EventKindInput } from '../../src/catalog/schema.js';

type Overrides = Partial<Omit<EventKindInput, 'detection'>> & { detection?: EventKindInput['detection'] };

/** A small valid catalog entry; tests override what they are about. */
export function entry(id: string, overrides: Overrides = {}): EventKindInput {
  return {
    id,
    services: ['EC2'],
    category: 'scheduled',
    title: { ja: `${id} のタイトル`, en: `${id} title` },
    summary: { ja: `${id} の概要です。`, en: `${id} summary.` },
    runbook: { ja: ['確認します。', '対応します。'], en: ['Check.', 'Act.'] },
    leadTimeDays: 7,
    horizonDays: 30,
    detection: {},
    correlation: {
      keys: ['accountId', 'resource'],
      rule: { ja: '同じリソースは 1 件です。', en: 'One per resource.' },
    },
    avoidance: { ja: '設計で避けます。', en: 'Design it away.' },
    references: [
      { title: 'AWS page', url: 'https://docs.aws.amazon.com/example.html', verifiedOn: '2026-11-23' },
    ],
    ...overrides,
  };
}

/** Writes entries as `<dir>/<folder>/<id>.yaml` into a fresh temporary directory and returns it. */
export function writeCatalog(
  entries: Array<EventKindInput | { file: string; text: string }>,
  folder = 'test',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-catalog-'));
  for (const item of entries) {
    if ('text' in item) {
      const path = join(dir, item.file);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, item.text);
    } else {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, `${item.id}.yaml`), stringify(item));
    }
  }
  return dir;
}
