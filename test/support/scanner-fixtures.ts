/**
 * Fixtures for scanner specs (`src/scanners/<service>/<id>.test.ts`): the worlds and the refused-
 * service case that every spec would otherwise write again. The cases themselves stay literal in
 * each spec; these only name what is the same in all of them.
 *
 * @example
 *   testScanner(iamServerCertificateExpiry, {
 *     now: '2026-03-01T00:00:00.000Z',
 *     quiet: [{ name: 'expires after the horizon', scenario: globalWorld({ iam: { serverCertificates: [...] } }) }],
 *     found: [...],
 *   });
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { oneAccountWorld, type ScannerCase, type ScenarioInput, TEST_ACCOUNT } from './scanner-tester.js';

/** `dateSourceUrl` of dates read from AWS Health's version catalog (DescribeServiceLifecycle). */
export const VERSION_CATALOG_URL =
  'https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeServiceLifecycle.html';

/** How EC2 describes a Windows image or instance (`Platform`, `PlatformDetails`); the sandbox's default is Linux/UNIX. */
export const WINDOWS_PLATFORM = { platform: 'windows', platformDetails: 'Windows' } as const;

/**
 * Amazon Linux 2 as Amazon published it in January 2024: name and description as DescribeImages
 * returns them (the OS is read from these). Each spec gives it an id of its own.
 */
export const AMAZON_LINUX_2_JAN_2024 = {
  name: 'amzn2-ami-hvm-2.0.20240109.0-x86_64-gp2',
  description: 'Amazon Linux 2 AMI 2.0.20240109.0 x86_64 HVM gp2',
  createdAt: '2024-01-10T00:00:00Z',
} as const;

/** A one-account world with this data of global services (`iam`, `route53domains`, `shield`…). */
export function globalWorld(globalData: Record<string, unknown>): ScenarioInput {
  return { accounts: [{ id: TEST_ACCOUNT, global: globalData }] } as ScenarioInput;
}

/**
 * The quiet case of a refused service: a one-account world with this us-east-1 data, in which the
 * sandbox answers every call to `service` with AccessDenied. The scan must record coverage
 * `denied` for that account and region, never "nothing found".
 *
 * @example
 *   deniedCase('access denied is coverage', 'redshift', { redshift: { clusters: [{ id: 'x' }] } })
 */
export function deniedCase(name: string, service: string, regionData: Record<string, unknown>): ScannerCase {
  return {
    name,
    scenario: oneAccountWorld(regionData, {}, { services: { [service]: { deny: true } } }),
    coverage: [{ accountId: TEST_ACCOUNT, region: 'us-east-1', status: 'denied' }],
  };
}

/**
 * A user's override of lifecycle table `name` (a file in OPSRADAR_LIFECYCLE_DIR) made of these YAML
 * lines, for the whole spec file: set at once, before any scan loads the table, and undone after
 * the file's tests (test files may share a worker process). Returns the directory.
 */
export function userLifecycleTable(name: string, lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-'));
  writeFileSync(join(dir, `${name}.yaml`), lines.join('\n'));
  const previous = process.env.OPSRADAR_LIFECYCLE_DIR;
  process.env.OPSRADAR_LIFECYCLE_DIR = dir;
  afterAll(() => {
    if (previous === undefined) delete process.env.OPSRADAR_LIFECYCLE_DIR;
    else process.env.OPSRADAR_LIFECYCLE_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
