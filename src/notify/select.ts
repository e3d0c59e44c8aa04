import { glob } from '../core/routing.js';
import { urgencyOf } from '../core/workitems.js';
import type { NotifyRule } from './config.js';
import type { NotifyItem } from './message.js';

/** What selection looks at besides the item: the clock (urgency) and the OU map of `routing`. */
export interface SelectionContext {
  now: Date;
  /** OU id → member accounts (routing.organizationalUnits). */
  organizationalUnits: Readonly<Record<string, readonly string[]>>;
}

function anyMatch(patterns: readonly string[] | undefined, value: string | null): boolean {
  if (patterns === undefined) return true;
  if (value === null) return false;
  return patterns.some((pattern) => glob(pattern, value));
}

/** True when every condition the rule gives matches the item (a rule without conditions takes all). */
export function ruleMatches(rule: NotifyRule, item: NotifyItem, context: SelectionContext): boolean {
  if (rule.categories && !rule.categories.includes(item.category)) return false;
  if (rule.urgencies && !rule.urgencies.includes(urgencyOf(item.dueDate, context.now))) return false;
  if (!anyMatch(rule.owners, item.owner)) return false;
  if (!anyMatch(rule.teams, item.team)) return false;
  if (!anyMatch(rule.accounts, item.accountId)) return false;
  if (!anyMatch(rule.regions, item.region)) return false;
  if (!anyMatch(rule.services, item.service)) return false;
  if (!anyMatch(rule.kinds, item.kind)) return false;
  if (rule.ous) {
    const memberOf = Object.entries(context.organizationalUnits)
      .filter(([, accounts]) => accounts.includes(item.accountId))
      .map(([ou]) => ou);
    if (!rule.ous.some((pattern) => memberOf.some((ou) => glob(pattern, ou)))) return false;
  }
  return true;
}

/** The first of the channel's rules that selects the item (its options apply), or undefined. */
export function selectingRule(
  rules: readonly NotifyRule[],
  channel: string,
  item: NotifyItem,
  context: SelectionContext,
): NotifyRule | undefined {
  return rules.find((rule) => rule.channel === channel && ruleMatches(rule, item, context));
}
