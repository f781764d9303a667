/** What a log line shows of a caught value: the stack of an Error, else its text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
