import type { EventKind } from '../../catalog/index.js';
import { parseArn } from '../../core/arn.js';
import { dayInZone } from '../../core/time.js';
import type { WorkItem } from '../../core/workitems.js';
import { itemTitle } from '../../i18n/item-title.js';
import type { PageContext } from './layout.js';

/** An ARN's resource id (`db:orders-db` → `orders-db`, `instance/i-0abc` → `i-0abc`); anything else as is. */
export function shortResource(resource: string): string {
  const rest = parseArn(resource)?.resource;
  if (!rest) return resource;
  const separator = rest.search(/[/:]/);
  return separator === -1 ? rest : rest.slice(separator + 1);
}

/** The item's title in the reader's language and time zone (see i18n/item-title.ts). */
export function displayTitle(
  ctx: Pick<PageContext, 'lang' | 'timeZone' | 'now'>,
  item: Pick<WorkItem, 'kind' | 'resource' | 'eventDate'>,
  kind: Pick<EventKind, 'title' | 'itemTitle'> | undefined,
): string {
  const event = item.eventDate ? new Date(item.eventDate) : null;
  const valid = event && !Number.isNaN(event.getTime()) ? event : null;
  return itemTitle(ctx.lang, {
    kind: item.kind,
    resource: shortResource(item.resource),
    eventDay: valid ? dayInZone(valid, ctx.timeZone) : null,
    past: valid ? valid.getTime() < ctx.now.getTime() : false,
    ...(kind ? { kindTitle: kind.title[ctx.lang] } : {}),
    ...(kind?.itemTitle ? { wording: kind.itemTitle[ctx.lang] } : {}),
  });
}
