export const sessionRequiredMessage = () =>
  'A session is required: the handshake cookie selected no stored session (missing, forged, signed with another secret, or expired).';
export const sessionExpiredMessage = () => 'The session has expired; reconnect to get a new one.';
export const sessionStoreUnavailableMessage = (action: 'load' | 'save' | 'touch') =>
  `The session store failed to ${action} the session; nothing already saved was lost. Try again.`;
export const memoryStoreWarning = () =>
  "Sessions use express-session's MemoryStore: one node only, lost on restart, and it keeps expired sessions until they are read. " +
  'Use the cluster option (its Redis store merges concurrent writes), or pass session.store, for anything but development.';
export const missingSecretMessage = () => 'RainSocketsModule: option "session.secret" is required (or pass session.middleware).';
export const reservedSessionKeyMessage = (key: unknown) =>
  `Session keys must be strings other than "__proto__", "constructor" and "prototype"; got ${typeof key === 'string' ? JSON.stringify(key) : typeof key}. ` +
  'Those names would reach the session object\'s prototype: pick another name.';
export const writtenBackMessage = (count: number) =>
  `The session store had lost ${count} session(s) of sockets connected to this node; they were written back from this node's copies.`;
export const writeBackFailedMessage = (cause: string, retryInMs: number | undefined) =>
  `Writing back the sessions of this node's sockets failed (${cause}); ` +
  (retryInMs === undefined ? 'their next events will try again.' : `trying again in ${retryInMs} ms (their next events try too).`);
