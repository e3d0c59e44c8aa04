import { account } from './account.js';
import { acm } from './acm.js';
import { cloudwatch } from './cloudwatch.js';
import { ec2 } from './ec2.js';
import { elasticache } from './elasticache.js';
import { health } from './health.js';
import { iam } from './iam.js';
import { opensearch } from './opensearch.js';
import { organizations } from './organizations.js';
import { rds } from './rds.js';
import { redshift } from './redshift.js';
import { route53domains } from './route53domains.js';
import { savingsplans } from './savingsplans.js';
import { servicequotas } from './servicequotas.js';
import { sts } from './sts.js';
import type { SandboxService } from './types.js';

/**
 * Every service the sandbox simulates, sorted by name. To add one: write
 * `src/sandbox/services/<name>.ts` exporting a `SandboxService` made with `defineService`
 * (see `./types.ts`), import it here and put it in this list in sorted order. Its scenario data
 * then lives under `accounts[].regions.<region>.<name>` (regional) or `accounts[].global.<name>`
 * (global), and its demo data in `data/scenarios/demo/<name>.yaml`.
 */
export const sandboxServices: readonly SandboxService[] = [
  account,
  acm,
  cloudwatch,
  ec2,
  elasticache,
  health,
  iam,
  opensearch,
  organizations,
  rds,
  redshift,
  route53domains,
  savingsplans,
  servicequotas,
  sts,
];
