/**
 * Paging and batching for the AWS Health API, whose list and describe calls page with `nextToken`
 * and whose details/entities calls take at most a few event ARNs at a time.
 */

/** Calls `fetch` for every page (first with no token), handing each page to `onPage` in order. */
export async function eachPage<P extends { nextToken?: string }>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    onPage(page);
    nextToken = page.nextToken;
  } while (nextToken);
}

/** The items of every page, in order. */
export async function allItems<P extends { nextToken?: string }, T>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  await eachPage(fetch, (page) => out.push(...(items(page) ?? [])));
  return out;
}

/** `items` cut into batches of at most `size`, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
