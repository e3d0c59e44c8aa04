/** EC2-style `Filters: [{ Name, Values }]` matching (values may use `*` and `?` wildcards). */
export interface Filter {
  Name?: string;
  Values?: string[];
}

function toRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Keeps the items every filter matches. `fields` maps a filter name to the item's value(s);
 * `tag:<key>` filters read `tags(item)`. Unknown filter names match nothing, as EC2 answers
 * InvalidParameterValue for them; callers pass only filters they support.
 */
export function applyFilters<T>(
  items: readonly T[],
  filters: unknown,
  fields: Record<string, (item: T) => string | readonly string[] | undefined>,
  tags?: (item: T) => Readonly<Record<string, string>>,
): T[] {
  const list = Array.isArray(filters) ? (filters as Filter[]) : [];
  if (list.length === 0) return [...items];
  const compiled = list.map((filter) => ({
    name: filter.Name ?? '',
    patterns: (filter.Values ?? []).map(toRegex),
  }));
  return items.filter((item) =>
    compiled.every(({ name, patterns }) => {
      let values: readonly string[] = [];
      if (name.startsWith('tag:') && tags) {
        const value = tags(item)[name.slice(4)];
        values = value === undefined ? [] : [value];
      } else {
        const field = fields[name];
        if (!field) return false;
        const raw = field(item);
        values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
      }
      return values.some((value) => patterns.some((pattern) => pattern.test(value)));
    }),
  );
}

/** `{ key: value }` → `[{ Key, Value }]` as AWS returns tags. */
export function tagList(
  tags: Readonly<Record<string, string>> | undefined,
): Array<{ Key: string; Value: string }> | undefined {
  if (!tags || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
