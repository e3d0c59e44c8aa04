import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { scanConfigSchema } from '../src/cli/scan.js';
import { type Config, ConfigError, configSection, loadConfig } from '../src/config/index.js';
import { routingSchema } from '../src/core/routing.js';
import { CATEGORIES } from '../src/core/types.js';
import { ingestConfigSchema } from '../src/ingest/config.js';
import { mailTrustConfigSchema } from '../src/ingest/email/trust.js';
import { notifySchema, notifySettings } from '../src/notify/config.js';
import { ingestSettings } from '../src/server/ingest/config.js';

/** Seeded property tests: the same cases on every run, so a failure replays exactly. */
const seed = (n: number): number => Number(process.env.PROP_SEED ?? n);
const runs = (n: number): number => Number(process.env.PROP_RUNS ?? n);
const dir = mkdtempSync(join(tmpdir(), 'opsradar-config-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function writeConfig(text: string): string {
  fileNo += 1;
  const path = join(dir, `config-${fileNo}.yaml`);
  writeFileSync(path, text);
  return path;
}

const SECTIONS: Array<[string, z.ZodType]> = [
  ['routing', routingSchema],
  ['scan', scanConfigSchema],
  ['ingest', ingestConfigSchema],
  ['mail', mailTrustConfigSchema],
  ['notify', notifySchema],
];

/** Reading every section either gives settings or a ConfigError naming the file, never another exception. */
function expectSettingsOrConfigError(config: Config): void {
  const readers: Array<() => unknown> = [
    ...SECTIONS.map(
      ([name, schema]) =>
        () =>
          configSection(config, name, schema),
    ),
    () => notifySettings(config),
    () => ingestSettings(config, {}),
  ];
  for (const read of readers) {
    try {
      read();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(config.path ?? '(defaults)');
    }
  }
}

const KEYS = [
  'routing',
  'scan',
  'ingest',
  'mail',
  'notify',
  'rules',
  'match',
  'team',
  'owner',
  'default',
  'organizationalUnits',
  'account',
  'tag',
  'horizonDays',
  'settings',
  'eventbridge',
  'sns',
  'imap',
  'basic',
  'apiKey',
  'allowedTopicArns',
  'authservId',
  'channels',
  'name',
  'type',
  'quietHours',
  'from',
  'to',
  'channel',
  'escalateTo',
  '__proto__',
  'toString',
  'constructor',
];
const configish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** YAML-looking text: indentation, flow collections, anchors, tags, multi-documents. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'routing:',
        '  rules:',
        '    - match: { kind: x }',
        '      team: a',
        'scan: &a { horizonDays: { x: 3 } }',
        'mail: *a',
        'ingest: !!binary aGk=',
        '---',
        '- a',
        '  : b',
        'notify: {channels: [{name: n, type: slack}]}',
        '"\\u0000": 1',
        'scan: {settings: {q: .inf}}',
        '<<: *a',
        '? [a]',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.join('\n'));

describe('config properties', () => {
  it('reads any YAML text to settings or a ConfigError, never another exception', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const path = writeConfig(text);
        let config: Config;
        try {
          config = loadConfig(path, {});
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          return;
        }
        expectSettingsOrConfigError(config);
      }),
      { seed: seed(1531), numRuns: runs(400) },
    );
  });

  it('validates any object in any section to settings or a ConfigError', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), configish, { maxKeys: 5 }), (raw) => {
        expectSettingsOrConfigError({
          path: '/etc/opsradar/config.yaml',
          raw: JSON.parse(JSON.stringify(raw)),
        });
      }),
      { seed: seed(1532), numRuns: runs(600) },
    );
  });

  const text = fc.string({ minLength: 1, maxLength: 16 });
  const oneOrMany = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
  const validConfig = fc.record({
    routing: fc.record(
      {
        organizationalUnits: fc.dictionary(
          fc.stringMatching(/^ou-[a-z0-9]{4}-[a-z0-9]{8}$/),
          fc.array(fc.stringMatching(/^\d{12}$/), { maxLength: 3 }),
          { maxKeys: 3 },
        ),
        rules: fc.array(
          fc.record({
            match: fc.record(
              {
                account: oneOrMany,
                region: oneOrMany,
                kind: oneOrMany,
                category: fc.constantFrom(...CATEGORIES),
                tag: fc.dictionary(text, text, { maxKeys: 2 }),
              },
              { requiredKeys: [] },
            ),
            team: text,
          }),
          { maxLength: 4 },
        ),
        default: fc.record({ owner: text }),
      },
      { requiredKeys: [] },
    ),
    scan: fc.record(
      {
        concurrency: fc.integer({ min: 1, max: 1024 }),
        regions: fc.array(text, { maxLength: 3 }),
        horizonDays: fc.dictionary(text, fc.integer({ min: 1, max: 1095 }), { maxKeys: 3 }),
        settings: fc.dictionary(text, fc.double({ noNaN: true, noDefaultInfinity: true }), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
    mail: fc.record({ authservId: oneOrMany }, { requiredKeys: [] }),
  });

  it('round-trips any valid config through its YAML file', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const path = writeConfig(stringify(config));
        const loaded = loadConfig(path, {});
        for (const [name, schema] of SECTIONS.slice(0, 2)) {
          expect(configSection(loaded, name, schema)).toEqual(
            schema.parse(config[name as 'routing' | 'scan']),
          );
        }
        expect(configSection(loaded, 'mail', mailTrustConfigSchema)).toEqual(
          mailTrustConfigSchema.parse(config.mail),
        );
      }),
      { seed: seed(1533), numRuns: runs(200) },
    );
  });
});
