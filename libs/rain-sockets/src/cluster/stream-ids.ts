/**
 * Compares two Redis stream entry ids (`<ms>-<seq>`) in stream order: negative, zero or
 * positive. Compared as numbers part by part: as strings `999-0` would come after `1000-0`.
 */
export function compareStreamIds(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  const msA = Number(a.slice(0, dashA));
  const msB = Number(b.slice(0, dashB));
  if (msA !== msB) return msA - msB;
  return Number(a.slice(dashA + 1)) - Number(b.slice(dashB + 1));
}

/** Whether `id` looks like a stream entry id (what socket.io-client sends back as its last offset). */
export function isStreamId(id: unknown): id is string {
  return typeof id === 'string' && /^\d+-\d+$/.test(id);
}

/** The latest of the given ids (undefined ones ignored). */
export function latestStreamId(...ids: (string | undefined)[]): string | undefined {
  let latest: string | undefined;
  for (const id of ids) if (id !== undefined && (latest === undefined || compareStreamIds(id, latest) > 0)) latest = id;
  return latest;
}
