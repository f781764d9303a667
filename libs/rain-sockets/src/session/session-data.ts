/** The JSON of a session's data without its cookie: what express-session hashes to see a change. */
export function sessionJson(session: object): string {
  // A copy without the cookie, not a replacer: JSON.stringify's fast path, and a nested
  // value named "cookie" stays part of the data.
  const { cookie: _cookie, ...data } = session as Record<string, unknown>;
  return JSON.stringify(data);
}

/**
 * Applies to `current` (the store's copy) only what the writer changed since `snapshot`
 * (top-level keys set, changed or deleted in `data`), so two writers of distinct keys both win.
 */
export function mergeChanges(
  current: Record<string, unknown>,
  snapshot: Record<string, unknown>,
  data: Record<string, unknown>,
  cookie: unknown,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const key of Object.keys(data)) {
    if (JSON.stringify(data[key]) !== JSON.stringify(snapshot[key])) merged[key] = data[key];
  }
  for (const key of Object.keys(snapshot)) {
    if (!(key in data)) delete merged[key];
  }
  merged.cookie = cookie;
  return merged;
}
