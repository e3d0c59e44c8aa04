/**
 * Catalog load and match throughput. Bound: every source calls the matchers once per input, and a
 * large organization's Health backfill is ~100k events, so one match must stay well under 100 µs.
 * Run: npx tsx bench/catalog.ts
 */
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../src/catalog/index.js';

const BOUND_US = 100;

let t = performance.now();
const catalog = loadCatalog();
const loadMs = performance.now() - t;

const codes = [
  'AWS_ACM_RENEWAL_STATE_CHANGE',
  'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
  'AWS_EC2_OPERATIONAL_ISSUE',
  'AWS_RDS_PLANNED_LIFECYCLE_EVENT',
  'AWS_SERVICEQUOTAS_THRESHOLD_BREACH',
  'AWS_S3_OPERATIONAL_ISSUE',
];
const subjects = [
  'Fwd: ACM certificate renewal failed for example.com',
  '[Retirement Notification] Amazon EC2 Instance scheduled for retirement',
  'Amazon Web Services Billing Statement Available [Account: 123456789012]',
];
const n = 200_000;
t = performance.now();
let hits = 0;
for (let i = 0; i < n; i++) if (catalog.matchHealth({ eventTypeCode: codes[i % codes.length] ?? '' })) hits++;
const healthUs = ((performance.now() - t) * 1000) / n;
t = performance.now();
for (let i = 0; i < n; i++) {
  if (catalog.matchEmail({ subject: subjects[i % subjects.length] ?? '', from: 'no-reply@amazon.com' }))
    hits++;
}
const emailUs = ((performance.now() - t) * 1000) / n;

console.log(`entries: ${catalog.entries.length}, load: ${loadMs.toFixed(1)} ms (hits ${hits})`);
console.log(
  `matchHealth: ${healthUs.toFixed(2)} µs/input (${(healthUs / BOUND_US).toFixed(3)} of the ${BOUND_US} µs bound)`,
);
console.log(
  `matchEmail:  ${emailUs.toFixed(2)} µs/input (${(emailUs / BOUND_US).toFixed(3)} of the ${BOUND_US} µs bound)`,
);
