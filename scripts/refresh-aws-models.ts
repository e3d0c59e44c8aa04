/**
 * Copies the AWS API models the sandbox serves from an aws-sdk v2 package into `data/aws-models/`,
 * so opsradar needs no aws-sdk v2 at run time. The list comes from `sandboxServices`: every model a
 * sandbox service names, nothing more.
 *
 *   npx tsx scripts/refresh-aws-models.ts                   # fetches aws-sdk@2 with `npm pack`
 *   npx tsx scripts/refresh-aws-models.ts --from <dir>      # an unpacked/installed aws-sdk v2 package
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsModelsDir } from '../src/paths.js';
import { sandboxServices } from '../src/sandbox/services/index.js';

/** Downloads aws-sdk v2 with the ordinary npm client into a temp dir; returns the unpacked package. */
function fetchAwsSdk(): { dir: string; cleanup: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), 'aws-sdk-v2-'));
  const tarball = execFileSync('npm', ['pack', 'aws-sdk@2', '--pack-destination', tmp, '--silent'], {
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', join(tmp, tarball), '-C', tmp]);
  return { dir: join(tmp, 'package'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function main(): void {
  const fromIndex = process.argv.indexOf('--from');
  const given = fromIndex >= 0 ? process.argv[fromIndex + 1] : undefined;
  const source = given ? { dir: given, cleanup: () => {} } : fetchAwsSdk();
  try {
    const pkg = JSON.parse(readFileSync(join(source.dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    if (pkg.name !== 'aws-sdk' || !pkg.version.startsWith('2.')) {
      throw new Error(`${source.dir} is ${pkg.name}@${pkg.version}, not aws-sdk v2`);
    }
    const apis = join(source.dir, 'apis');
    const uids = [...new Set(sandboxServices.map((s) => s.model))].sort();
    const wanted = new Set(['LICENSE.txt', 'NOTICE.txt']);
    copyFileSync(join(source.dir, 'LICENSE.txt'), join(awsModelsDir, 'LICENSE.txt'));
    copyFileSync(join(source.dir, 'NOTICE.txt'), join(awsModelsDir, 'NOTICE.txt'));
    for (const uid of uids) {
      for (const suffix of ['min.json', 'paginators.json']) {
        const file = `${uid}.${suffix}`;
        if (!existsSync(join(apis, file))) {
          if (suffix === 'min.json') throw new Error(`aws-sdk@${pkg.version} has no model ${file}`);
          continue; // Some services have no paginators file.
        }
        copyFileSync(join(apis, file), join(awsModelsDir, file));
        wanted.add(file);
      }
    }
    // Models of services the sandbox no longer serves.
    for (const file of readdirSync(awsModelsDir)) {
      if (!wanted.has(file) && file !== 'SOURCE.json') rmSync(join(awsModelsDir, file));
    }
    const origin = { package: 'aws-sdk', version: pkg.version, license: 'Apache-2.0', models: uids };
    writeFileSync(join(awsModelsDir, 'SOURCE.json'), `${JSON.stringify(origin, null, 2)}\n`);
    console.log(`aws-sdk@${pkg.version}: ${uids.length} models copied to ${awsModelsDir}`);
  } finally {
    source.cleanup();
  }
}

main();
