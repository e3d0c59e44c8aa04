/** Adds `value` to the list kept under `key`, in place (spreading a copy on every add is quadratic). */
export function appendTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
