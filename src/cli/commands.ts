import type { Command } from 'commander';

import { type CommandName, commandNames, topCommand } from './options.js';

type Register = (program: Command) => void;

/** The modules that register a top-level command, imported only when it runs. */
type Load = () => Promise<readonly Register[]>;

const workflow: Load = async () => [(await import('./workflow.js')).registerWorkflow];

/**
 * How to load every top-level command (their help lines are in `options.ts`). Only the modules of the
 * command being run are imported: loading all of them (AWS SDK clients, stores, the server, the demo)
 * made `opsradar --help` take seconds.
 */
export const commandLoaders: Readonly<Record<CommandName, Load>> = {
  ack: workflow,
  assign: workflow,
  catalog: async () => [
    (await import('./catalog.js')).registerCatalog,
    (await import('./catalog-unmapped.js')).registerCatalogUnmapped,
  ],
  classify: async () => [(await import('./classify.js')).registerClassify],
  demo: async () => [(await import('./demo.js')).registerDemo],
  'deploy-template': async () => [(await import('./deploy-template.js')).registerDeployTemplate],
  done: workflow,
  'iam-policy': async () => [(await import('./iam-policy.js')).registerIamPolicy],
  ingest: async () => [
    (await import('./ingest-eventbridge.js')).registerIngestEventBridge,
    (await import('./ingest-health.js')).registerIngestHealth,
    (await import('./ingest-imap.js')).registerIngestImap,
    (await import('./ingest-mail.js')).registerIngestMail,
  ],
  lifecycle: async () => [(await import('./lifecycle.js')).registerLifecycle],
  list: async () => [(await import('./list.js')).registerList],
  mail: async () => [(await import('./mail-quarantine.js')).registerMailQuarantine],
  note: workflow,
  notify: async () => [(await import('./notify.js')).registerNotify],
  reopen: workflow,
  report: async () => [(await import('./report.js')).registerReport],
  request: async () => [(await import('./request.js')).registerRequest],
  sandbox: async () => [(await import('./sandbox.js')).registerSandbox],
  scan: async () => [(await import('./scan.js')).registerScan],
  serve: async () => [(await import('./serve.js')).registerServe],
  show: async () => [(await import('./show.js')).registerShow],
  start: workflow,
  token: async () => [(await import('./token.js')).registerToken],
  wontdo: workflow,
  worker: async () => [(await import('./worker.js')).registerWorker],
};

/** Global options that take a value, so `--db x list` finds `list`, not `x`. */
const VALUE_OPTIONS = new Set(['--lang', '--db', '--config']);

/** The top-level command named in the user's arguments (`help <command>` included), if any. */
export function commandNamed(args: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * Registers the command the arguments name, with its real module; for anything else (`--help`, no
 * command, an unknown one) registers every command by name and description only, so help and
 * commander's "unknown command / did you mean" still list them all.
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const name = commandNamed(args);
  const load =
    name !== undefined && Object.hasOwn(commandLoaders, name)
      ? commandLoaders[name as CommandName]
      : undefined;
  if (load) {
    for (const register of await load()) register(program);
    return;
  }
  for (const command of commandNames) topCommand(program, command);
}
