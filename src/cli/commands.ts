import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerClassifyEmail } from './classify-email.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerIngestImap } from './ingest-imap.js';
import { registerIngestMail } from './ingest-mail.js';
import { registerList } from './list.js';
import { registerMailQuarantine } from './mail-quarantine.js';
import { registerSandbox } from './sandbox.js';
import { registerScan } from './scan.js';
import { registerShow } from './show.js';
import { registerWorkflow } from './workflow.js';

/** One function per command file; keep this list sorted by command name. */
const registrations: Array<(program: Command) => void> = [
  registerCatalog,
  registerClassifyEmail,
  registerIamPolicy,
  registerIngestImap,
  registerIngestMail,
  registerList,
  registerMailQuarantine,
  registerSandbox,
  registerScan,
  registerShow,
  registerWorkflow,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
