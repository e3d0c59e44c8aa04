import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerClassifyEmail } from './classify-email.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerIngestImap } from './ingest-imap.js';
import { registerIngestMail } from './ingest-mail.js';
import { registerMailQuarantine } from './mail-quarantine.js';
import { registerScan } from './scan.js';

/** One function per command file; keep this list sorted by command name. */
const registrations: Array<(program: Command) => void> = [
  registerCatalog,
  registerClassifyEmail,
  registerIamPolicy,
  registerIngestImap,
  registerIngestMail,
  registerMailQuarantine,
  registerScan,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
