import type { Catalog } from '../catalog/index.js';
import type { CoverageEntry } from '../core/coverage.js';
import type { Lang } from '../core/types.js';
import type { WorkItem } from '../core/workitems.js';
import type { Store } from '../store/index.js';
import { buildOpsDesign, type OpsDesign } from './ops-design.js';

/** Reads what the register needs from the store: active work items, the latest scan's coverage. */
export async function collectOpsDesign(
  store: Store,
  catalog: Catalog,
  options: { accounts: readonly string[]; lang: Lang; now: Date; formatDate(iso: string): string },
): Promise<{ design: OpsDesign; accounts: string[] }> {
  const items: WorkItem[] = [];
  const filter = {
    status: 'active',
    ...(options.accounts.length > 0 ? { account: [...options.accounts] } : {}),
  };
  for (let offset = 0; ; offset += 1000) {
    const page = await store.workItems.list(filter, { limit: 1000, offset, sort: 'due', now: options.now });
    items.push(...page.items);
    if (page.items.length < 1000) break;
  }
  const run = await store.scanRuns.latest('scan');
  const coverage: CoverageEntry[] = run ? await store.scanRuns.coverage(run.id) : [];
  const accounts =
    options.accounts.length > 0
      ? [...options.accounts]
      : [
          ...new Set([...items.map((i) => i.accountId), ...coverage.map((c) => c.accountId)].filter(Boolean)),
        ].sort();
  const design = buildOpsDesign({
    kinds: catalog.entries,
    items,
    coverage,
    scannedAt: run ? (run.finishedAt ?? run.startedAt) : null,
    accounts,
    lang: options.lang,
    formatDate: options.formatDate,
  });
  return { design, accounts };
}
