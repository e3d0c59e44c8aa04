import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import type { Lang } from '../core/types.js';
import { requestMessages as r } from '../i18n/messages/requests.js';
import type { PlannedRequest, RequestDeps } from '../requests/plan.js';
import type { Store } from '../store/index.js';
import type { GlobalOptions } from './options.js';
import { actorOf, formatLocal, routingConfig, type WorkItemIo } from './workflow.js';

/** What every `opsradar request` subcommand shares: the deps of the request flows, built per run. */
export function requestDeps(cmd: Command, store: Store, io: WorkItemIo, actor?: string): RequestDeps {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  return {
    store,
    catalog: defaultCatalog({ configPath: globals.config }),
    routing: routingConfig(globals.config),
    now: () => io.now(),
    actor: actorOf(actor),
  };
}

/** The planned request as a person reads it: dates, the AWS policy with its sources, the checklist. */
export function renderPlanned(planned: PlannedRequest, lang: Lang, tz: string): string {
  const policy = planned.request.policy as {
    title: Record<Lang, string>;
    summary: Record<Lang, string>;
    sources: Array<{ title: string; url: string; verifiedOn: string }>;
    checklist: Record<Lang, string[]>;
    leadTimeDays: number;
  };
  const verified =
    policy.sources
      .map((s) => s.verifiedOn)
      .sort()
      .at(-1) ?? '-';
  return [
    r(lang, 'plan.header', {
      ref: planned.item.ref,
      title: policy.title[lang],
      date: formatLocal(planned.request.plannedDate, tz),
    }),
    `  ${r(lang, 'plan.fileBy', { date: formatLocal(planned.fileBy, tz), days: policy.leadTimeDays })}`,
    ...(planned.late ? [`  ${r(lang, 'plan.late')}`] : []),
    '',
    r(lang, 'plan.policy', { verified }),
    `  ${policy.summary[lang]}`,
    r(lang, 'plan.sources'),
    ...policy.sources.map((s) =>
      r(lang, 'plan.source', { title: s.title, url: s.url, verified: s.verifiedOn }),
    ),
    r(lang, 'plan.checklist'),
    ...policy.checklist[lang].map((step, i) => `  [ ] ${i + 1}. ${step}`),
  ].join('\n');
}
