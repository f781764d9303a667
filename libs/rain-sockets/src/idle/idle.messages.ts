// Every text of idle eviction a user can read.

export const serverFullMessage = () => 'server full';

export const evictedHookFailedMessage = (error: string) => `An onEvicted listener failed: ${error}`;

export const sweepFailedMessage = (error: string) => `The idle sweep failed: ${error}`;

export const countFailedMessage = (error: string) =>
  `The connection counter failed; this node's own count is used instead: ${error}`;
