/**
 * Remembers the last `limit` values computed by key. A build appends the
 * same PDF bilaga, and lays the same stamps over it, in many documents:
 * they are read, printed and prepared once. A promise that fails is
 * forgotten, so that the next caller tries again.
 */
export function memo<V>(limit: number): (key: string, compute: () => V) => V {
  const values = new Map<string, V>();
  return (key, compute) => {
    if (values.has(key)) return values.get(key)!;
    const value = compute();
    values.set(key, value);
    if (value instanceof Promise) value.catch(() => values.get(key) === value && values.delete(key));
    if (values.size > limit) values.delete(values.keys().next().value!);
    return value;
  };
}
