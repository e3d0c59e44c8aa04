import type { Command } from 'commander';
import { resolveLang } from '../i18n/index.js';
import { sandboxMessages as m } from '../i18n/messages/sandbox.js';
import { type Knobs, startSandbox } from '../sandbox/index.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';

interface SandboxOptions {
  scenario: string;
  port: string;
  latency?: string;
  rateLimit?: string;
  lang?: string;
}

export function registerSandbox(program: Command): void {
  topCommand(program, 'sandbox')
    .option('--scenario <demo|file|dir>', 'scenario: demo, a YAML file or a directory of YAML files', 'demo')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--latency <ms>', 'added latency per call in milliseconds')
    .option('--rate-limit <rps|aws>', 'throttle above this many requests/second per account, region and API')
    .action(async (_opts: SandboxOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<SandboxOptions>();
      const lang = resolveLang(opts.lang);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new UserError(m(lang, 'badPort', { port: opts.port }), 'USAGE');
      const knobs: Knobs = {};
      if (opts.latency !== undefined) {
        const latency = Number(opts.latency);
        if (!Number.isFinite(latency) || latency < 0)
          throw new UserError(m(lang, 'badLatency', { value: opts.latency }), 'USAGE');
        knobs.latencyMs = latency;
      }
      if (opts.rateLimit !== undefined) {
        const rate = opts.rateLimit === 'aws' ? 'aws' : Number(opts.rateLimit);
        if (rate !== 'aws' && !(Number.isFinite(rate) && rate > 0))
          throw new UserError(m(lang, 'badRate', { value: opts.rateLimit }), 'USAGE');
        knobs.rateLimit = rate;
      }
      const sandbox = await startSandbox({ scenario: opts.scenario, port, knobs, recordCalls: 'count' });
      // First line, machine-readable: `eval "$(opsradar sandbox | head -1)"` style use.
      process.stdout.write(`AWS_ENDPOINT_URL=${sandbox.url}\n`);
      process.stderr.write(
        `${m(lang, 'serving', { accounts: sandbox.scenario.accounts.length, source: opts.scenario, url: sandbox.url })}\n` +
          `${m(lang, 'hint', { url: sandbox.url, management: sandbox.scenario.organization.managementAccount })}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
      process.stderr.write(`${m(lang, 'stopped', { calls: sandbox.stats.total })}\n`);
    });
}
