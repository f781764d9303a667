/** `running`, or a rejection with `error()` if it has not settled within `ms`. */
export function withDeadline<T>(running: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}
