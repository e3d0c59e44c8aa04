/**
 * Benchmark: what one AWS SDK call costs the client's CPU before opsradar does anything with it.
 *
 *   npx tsx bench/sdk-floor.ts [--calls 20000] [--latency 100] [--concurrency 128] [--json]
 *
 * Starts the same sandbox as bench/scan.ts (child process, 10 accounts, `latency` ms per call,
 * rate limits off) and sends the scanners' most common listing calls, round robin over services
 * and regions, `concurrency` at a time, twice:
 *   - `bare`: plain SDK v3 clients, one per service and region, keep-alive sockets, nothing else;
 *   - `opsradar`: the clients scanners get (AwsSession shared clients through an account pool),
 *     without the engine (no rate pacing, no store, no findings).
 * Each mode first sends `calls / 10` calls that are not counted (JIT and sockets warm up). Printed:
 * client CPU per call for each mode, and the difference. Compare with bench/scan.ts's client CPU
 * per call: what is left above `opsradar` is the engine's share (scanners, pacing, coverage, store).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { DescribeCacheClustersCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  ListRequestedServiceQuotaChangeHistoryCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsClientClass } from '../src/aws/client-class.js';
import { AwsSession } from '../src/aws/clients.js';
import { STANDARD_REGIONS } from '../src/sandbox/regions.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '20000' },
    latency: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '128' },
    json: { type: 'boolean', default: false },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const regions = STANDARD_REGIONS.slice(0, 17);
const ACCOUNT = '100000000000';
// The sandbox reads the account from an AKIA key's first twelve digits (the bench organization's management account).
const credentials = { accessKeyId: `AKIA${ACCOUNT}0001`, secretAccessKey: 'bench-secret' };

/** One listing call per query / JSON / REST-JSON / REST-XML protocol family the scanners use. */
interface Sender {
  send(command: object): Promise<unknown>;
}
type MakeClient = (clientClass: AwsClientClass<unknown>, region: string) => Sender;
const CALLS: Array<[AwsClientClass<unknown>, () => object]> = [
  [EC2Client, () => new DescribeInstancesCommand({ MaxResults: 1000 })],
  [RDSClient, () => new DescribeDBInstancesCommand({ MaxRecords: 100 })],
  [ElastiCacheClient, () => new DescribeCacheClustersCommand({ MaxRecords: 100 })],
  [AutoScalingClient, () => new DescribeAutoScalingGroupsCommand({ MaxRecords: 100 })],
  [ACMClient, () => new ListCertificatesCommand({ MaxItems: 1000 })],
  [ServiceQuotasClient, () => new ListRequestedServiceQuotaChangeHistoryCommand({ MaxResults: 100 })],
  [LambdaClient, () => new ListFunctionsCommand({ MaxItems: 50 })],
  [EKSClient, () => new ListClustersCommand({ maxResults: 100 })],
  [SESv2Client, () => new GetAccountCommand({})],
];

/** Sends `count` calls, `concurrency` at a time, round robin over calls and regions. */
async function send(make: MakeClient, count: number): Promise<void> {
  const clients = new Map<string, Sender>();
  const client = (i: number): [Sender, () => object] => {
    const [clientClass, command] = CALLS[i % CALLS.length] as (typeof CALLS)[number];
    const region = regions[Math.floor(i / CALLS.length) % regions.length] as string;
    const key = `${clientClass.name}/${region}`;
    let made = clients.get(key);
    if (!made) {
      made = make(clientClass, region);
      clients.set(key, made);
    }
    return [made, command];
  };
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const [c, command] = client(next++);
      await c.send(command());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** Client CPU ms per call and wall seconds of `calls` calls, after an uncounted warm-up. */
async function measure(make: MakeClient): Promise<{ cpuMsPerCall: number; wallS: number }> {
  await send(make, Math.ceil(calls / 10));
  const cpu = process.cpuUsage();
  const started = performance.now();
  await send(make, calls);
  const used = process.cpuUsage(cpu);
  return {
    cpuMsPerCall: (used.user + used.system) / 1000 / calls,
    wallS: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const sandbox = fork(
    fileURLToPath(new URL('./scan.ts', import.meta.url)),
    ['--child', '--accounts', '10', '--latency', values.latency, '--rate-limit', 'off'],
    { execArgv: process.execArgv, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
  );
  const endpoint = await sandboxUrl(sandbox);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency + 16 });
    const handler = new NodeHttpHandler({ httpAgent: agent });
    const bare = await measure(
      (clientClass, region) =>
        new clientClass({ region, endpoint, credentials, requestHandler: handler }) as Sender,
    );
    handler.destroy();

    const session = new AwsSession({ endpoint, credentials, maxSockets: concurrency + 16 });
    await session.prepare();
    const pool = session.pool(ACCOUNT);
    const ours = await measure((clientClass, region) => pool.client(clientClass, region) as Sender);
    session.destroy();

    const figures = {
      calls,
      bareCpuMsPerCall: Number(bare.cpuMsPerCall.toFixed(3)),
      opsradarCpuMsPerCall: Number(ours.cpuMsPerCall.toFixed(3)),
      bareWallS: Number(bare.wallS.toFixed(2)),
      opsradarWallS: Number(ours.wallS.toFixed(2)),
      load1: [Number(loadBefore.toFixed(1)), Number((loadavg()[0] ?? 0).toFixed(1))],
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      return;
    }
    const rows: Array<[string, string]> = [
      [
        'calls per mode',
        `${calls} (${CALLS.length} listing calls × ${regions.length} regions, ${concurrency} at a time)`,
      ],
      [
        'machine load (1-min avg)',
        `${figures.load1[0]} before, ${figures.load1[1]} after, on ${availableParallelism()} cores`,
      ],
      ['bare SDK: client CPU per call', `${figures.bareCpuMsPerCall} ms (${figures.bareWallS} s)`],
      [
        'opsradar clients: client CPU per call',
        `${figures.opsradarCpuMsPerCall} ms (${figures.opsradarWallS} s)`,
      ],
      ['opsradar clients / bare SDK', (ours.cpuMsPerCall / bare.cpuMsPerCall).toFixed(2)],
      ['bare SDK / the scan target of 0.5 ms', (bare.cpuMsPerCall / 0.5).toFixed(2)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  } finally {
    sandbox.send('stop');
  }
}

function sandboxUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    proc.once('message', (message: { url?: string }) =>
      message.url ? resolve(message.url) : reject(new Error('the sandbox sent no URL')),
    );
    proc.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
  });
}

await main();
