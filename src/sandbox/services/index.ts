import { account } from './account.js';
import { acm } from './acm.js';
import { autoscaling } from './autoscaling.js';
import { cloudwatch } from './cloudwatch.js';
import { directconnect } from './directconnect.js';
import { ec2 } from './ec2.js';
import { ec2capacity } from './ec2-capacity.js';
import { ec2events } from './ec2-events.js';
import { ec2images } from './ec2-images.js';
import { ec2zones } from './ec2-zones.js';
import { eks } from './eks.js';
import { elasticache } from './elasticache.js';
import { elasticbeanstalk } from './elasticbeanstalk.js';
import { elasticloadbalancing } from './elasticloadbalancing.js';
import { elasticloadbalancingv2 } from './elasticloadbalancingv2.js';
import { elbcapacity } from './elbcapacity.js';
import { health } from './health.js';
import { iam } from './iam.js';
import { kafka } from './kafka.js';
import { lambda } from './lambda.js';
import { memorydb } from './memorydb.js';
import { mq } from './mq.js';
import { opensearch } from './opensearch.js';
import { organizations } from './organizations.js';
import { rds } from './rds.js';
import { redshift } from './redshift.js';
import { route53domains } from './route53domains.js';
import { savingsplans } from './savingsplans.js';
import { servicequotarequests } from './servicequotarequests.js';
import { servicequotas } from './servicequotas.js';
import { sesv2 } from './sesv2.js';
import { shield } from './shield.js';
import { sns } from './sns.js';
import { ssm } from './ssm.js';
import { sts } from './sts.js';
import type { SandboxService } from './types.js';
import { vpn } from './vpn.js';

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
  autoscaling,
  cloudwatch,
  directconnect,
  ec2,
  ec2capacity,
  ec2events,
  ec2images,
  ec2zones,
  eks,
  elasticache,
  elasticbeanstalk,
  elasticloadbalancing,
  elasticloadbalancingv2,
  elbcapacity,
  health,
  iam,
  kafka,
  lambda,
  memorydb,
  mq,
  opensearch,
  organizations,
  rds,
  redshift,
  route53domains,
  savingsplans,
  servicequotarequests,
  servicequotas,
  sesv2,
  shield,
  sns,
  ssm,
  sts,
  vpn,
];
