import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsModelsDir, packageRoot } from '../src/paths.js';
import { sandboxServices } from '../src/sandbox/services/index.js';

const origin = JSON.parse(readFileSync(join(awsModelsDir, 'SOURCE.json'), 'utf8')) as {
  version: string;
  models: string[];
};

describe('vendored AWS models (data/aws-models)', () => {
  it('has the model of every service the sandbox serves (else run scripts/refresh-aws-models.ts)', () => {
    // Act
    const missing = sandboxServices
      .filter((service) => !existsSync(join(awsModelsDir, `${service.model}.min.json`)))
      .map((service) => `${service.name} (${service.model})`);
    // Assess
    expect(missing).toEqual([]);
  });

  it('ships only models a sandbox service uses, with the aws-sdk-js licence and notice', () => {
    // Prepare
    const used = new Set(sandboxServices.map((service) => service.model));
    // Act
    const models = readdirSync(awsModelsDir)
      .filter((file) => file.endsWith('.min.json'))
      .map((file) => file.replace(/\.min\.json$/, ''));
    // Assess
    expect(models.filter((uid) => !used.has(uid))).toEqual([]);
    expect(readFileSync(join(awsModelsDir, 'LICENSE.txt'), 'utf8')).toContain('Apache License');
    expect(readFileSync(join(awsModelsDir, 'NOTICE.txt'), 'utf8')).toContain('Amazon.com');
    expect(origin.version).toMatch(/^2\./);
  });

  it('is no longer backed by the aws-sdk v2 package', () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      files: string[];
    };
    // Assess
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('aws-sdk');
    expect(pkg.files).toContain('data');
  });
});
