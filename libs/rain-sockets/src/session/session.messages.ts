export const sessionRequiredMessage = () =>
  'A session is required: the handshake cookie selected no stored session (missing, forged, signed with another secret, or expired).';
export const sessionExpiredMessage = () => 'The session has expired; reconnect to get a new one.';
export const sessionStoreUnavailableMessage = (action: 'load' | 'save' | 'touch') =>
  `The session store failed to ${action} the session; nothing already saved was lost. Try again.`;
export const memoryStoreWarning = () =>
  "Sessions use express-session's MemoryStore: one node only, lost on restart, and it keeps expired sessions until they are read. " +
  'Pass session.store (e.g. connect-redis) for anything but development.';
export const missingSecretMessage = () => 'RainSocketsModule: option "session.secret" is required (or pass session.middleware).';
