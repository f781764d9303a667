// Every text of the presence helper a user can read.

export const presenceCallbackFailedMessage = (which: 'onJoin' | 'onLeave' | 'onSync') => `rain-client: a presence ${which} callback failed.`;
