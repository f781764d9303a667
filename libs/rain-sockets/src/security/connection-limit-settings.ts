import type { Socket } from 'socket.io';
import type { RainConnectionLimitOptions, RainUserKey } from './security-options.interface.js';
import { DEFAULT_CONNECTIONS_PER_USER } from './security.constants.js';
import { peerAddress, sessionUserKey } from './client-identity.js';

/** The `connectionLimit` option with every default applied. */
export interface ConnectionLimitSettings {
  perUser?: number;
  perAddress?: number;
  userKey: RainUserKey;
  address: (socket: Socket) => string | undefined;
}

/** Undefined when there is no cap. Expects validated options. */
export function resolveConnectionLimitSettings(
  option: RainConnectionLimitOptions | false | undefined,
): ConnectionLimitSettings | undefined {
  if (option === false) return undefined;
  const perUser = option?.perUser === false ? undefined : (option?.perUser ?? DEFAULT_CONNECTIONS_PER_USER);
  const perAddress = option?.perAddress || undefined;
  if (perUser === undefined && perAddress === undefined) return undefined;
  return {
    perUser,
    perAddress,
    userKey: option?.userKey ?? sessionUserKey,
    address: option?.address ?? peerAddress,
  };
}
