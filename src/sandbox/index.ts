import type { Server } from 'node:http';
import type { Knobs } from './knobs.js';
import { addressOf, listen } from './listen.js';
import { buildScenario, loadScenarioSource, type Scenario, type ScenarioInput } from './scenario.js';
import { type SandboxCall, SandboxEngine, type SandboxStats } from './server.js';
import { sandboxServices } from './services/index.js';
import type { SandboxService } from './services/types.js';

export type { Knobs } from './knobs.js';
export type { Scenario, ScenarioAccount, ScenarioInput } from './scenario.js';
export { ScenarioError } from './scenario.js';
export type { SandboxCall, SandboxStats } from './server.js';
export type { SandboxService } from './services/types.js';

export interface SandboxOptions {
  /** `demo`, a YAML file, a directory of YAML files, or a scenario object (generated for benchmarks). */
  scenario: string | ScenarioInput;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Fixed clock for scenario dates and the call record (tests). Default: the real clock. */
  now?: Date;
  /** Knobs for every account and region, under the scenario's own (e.g. `{ latencyMs: 100, rateLimit: 'aws' }`). */
  knobs?: Knobs;
  /** `true` (default): record every call; `'count'`: only counters in `stats`; `false`: nothing. */
  recordCalls?: boolean | 'count';
  maxRecordedCalls?: number;
  /** Page size when a caller gives no limit (default 100). */
  pageSize?: number;
  /** Extra services (tests); the registry's are always served. */
  extraServices?: readonly SandboxService[];
}

export interface Sandbox {
  /** http://127.0.0.1:PORT — use as AWS SDK `endpoint` / AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly port: number;
  /** Every call: `{ service, action, accountId, region, at, error? }`; `${service}:${action}` is the IAM action. */
  readonly calls: readonly SandboxCall[];
  readonly stats: Readonly<SandboxStats>;
  readonly scenario: Scenario;
  clearCalls(): void;
  close(): Promise<void>;
}

/**
 * Starts the AWS-compatible sandbox on 127.0.0.1.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ scenario: 'demo' });
 * const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'x' } });
 * await acm.send(new ListCertificatesCommand({}));
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const services = [...sandboxServices, ...(options.extraServices ?? [])];
  const byName = new Map<string, SandboxService>();
  for (const service of services) {
    if (byName.has(service.name)) throw new Error(`two sandbox services are named "${service.name}"`);
    byName.set(service.name, service);
  }
  const { input, source } =
    typeof options.scenario === 'string'
      ? loadScenarioSource(options.scenario)
      : { input: options.scenario, source: '(object)' };
  const scenario = buildScenario(input, byName, source);
  const engine = new SandboxEngine(scenario, services, {
    knobs: options.knobs,
    recordCalls: options.recordCalls,
    maxRecordedCalls: options.maxRecordedCalls,
    pageSize: options.pageSize,
    now: options.now,
  });
  const server: Server = await listen(engine, options.port ?? 0, options.host);
  const { port } = addressOf(server);
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    calls: engine.calls,
    stats: engine.stats,
    scenario,
    clearCalls: () => engine.clearCalls(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
