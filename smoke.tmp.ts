import { classifyEmail } from './src/ingest/email/classify.js';
import { demoMail } from './src/ingest/email/demo.js';
for (const m of demoMail(new Date('2026-11-24T00:00:00Z'))) {
  const out = await classifyEmail(m.raw);
  const c = out.classification;
  console.log(m.origin, out.status, out.status === 'quarantine' ? JSON.stringify(out.reason) : '', c && JSON.stringify({ kind: c.kind, subj: c.subject, from: c.from, trust: [c.trust.verified, c.trust.reason, c.trust.forwarded], acct: c.accountId, region: c.region, res: c.resources.map(r=>r.id), d: [c.dates.eventDate, c.dates.eventEndDate, c.dates.basis], notes: c.notes, ref: c.sourceRef }));
}
