import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerCatalogUnmapped } from './catalog-unmapped.js';
import { registerClassifyEmail } from './classify-email.js';
import { registerClassifyHealth } from './classify-health.js';
import { registerDemo } from './demo.js';
import { registerDeployTemplate } from './deploy-template.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerIngestEventBridge } from './ingest-eventbridge.js';
import { registerIngestHealth } from './ingest-health.js';
import { registerIngestImap } from './ingest-imap.js';
import { registerIngestMail } from './ingest-mail.js';
import { registerLifecycle } from './lifecycle.js';
import { registerList } from './list.js';
import { registerMailQuarantine } from './mail-quarantine.js';
import { registerNotify } from './notify.js';
import { registerReport } from './report.js';
import { registerRequest } from './request.js';
import { registerSandbox } from './sandbox.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerShow } from './show.js';
import { registerToken } from './token.js';
import { registerWorkflow } from './workflow.js';

/** One function per command file; keep this list sorted by command name. */
const registrations: Array<(program: Command) => void> = [
  registerCatalog,
  registerCatalogUnmapped,
  registerClassifyEmail,
  registerClassifyHealth,
  registerDemo,
  registerDeployTemplate,
  registerIamPolicy,
  registerIngestEventBridge,
  registerIngestHealth,
  registerIngestImap,
  registerIngestMail,
  registerLifecycle,
  registerList,
  registerMailQuarantine,
  registerNotify,
  registerReport,
  registerRequest,
  registerSandbox,
  registerScan,
  registerServe,
  registerShow,
  registerToken,
  registerWorkflow,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
