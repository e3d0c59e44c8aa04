import { readFileSync, readdirSync } from 'node:fs';
import { classifyEmail } from './src/ingest/email/classify.js';
for (const f of readdirSync('test/fixtures/mail').filter(f=>f.endsWith('.eml'))) {
  const out = await classifyEmail(readFileSync('test/fixtures/mail/'+f));
  const c = out.classification;
  console.log(f, out.status, out.status === 'quarantine' ? JSON.stringify(out.reason) : '', c && JSON.stringify({ kind: c.kind, subj: c.subject, from: c.from, trust: [c.trust.verified, c.trust.reason, c.trust.forwarded, c.trust.forwardedBy], acct: c.accountId, region: c.region, res: c.resources.map(r=>r.id), d: [c.dates.eventDate, c.dates.eventEndDate, c.dates.basis], notes: c.notes, ref: c.sourceRef }));
}
