// Texts of the cluster's session store a user can read.

export const invalidationsUnsupportedMessage = () =>
  'The installed node-redis does not report invalidations (the emitInvalidate option, node-redis 5.9 and later): ' +
  'sockets reload their session before every event. Upgrade redis to drop that read.';

export const scriptReadsUntrackedMessage = (version: string) =>
  `Redis ${version} does not track keys read by Lua scripts for client-side caching (Redis 7 does): ` +
  'sockets reload their session before every event. Upgrade Redis to drop that read.';

export const legacySessionConvertedMessage = () =>
  'Found sessions stored as one string (connect-redis: rain-sockets 0.1, or an app store): each is converted to the per-key hash on its first read.';
