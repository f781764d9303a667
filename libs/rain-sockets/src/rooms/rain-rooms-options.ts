import { InvalidRainSocketsOptionError } from '../errors/invalid-rain-sockets-option.error.js';
import type { RainRoomsOptions, RoomAuthorizer } from './rain-rooms-options.interface.js';
import { invalidRoomsOptionMessage } from './rain-rooms.messages.js';

export interface ResolvedRainRoomsOptions {
  defaultRoom: string | null;
  roomAuthorizer?: RoomAuthorizer;
  maxRoomNameLength: number;
  maxMessageLength: number;
  maxListenedRooms: number;
  announce: boolean;
  welcomeMessage: string;
  component: string;
  version: string;
  channel: string;
}

const DEFAULTS: Omit<ResolvedRainRoomsOptions, 'roomAuthorizer'> = {
  defaultRoom: 'defaultRoom',
  maxRoomNameLength: 64,
  maxMessageLength: 4096,
  maxListenedRooms: 10,
  announce: true,
  welcomeMessage: 'Hello! Welcome to the rain-sockets rooms server.',
  component: 'rooms',
  version: '1.0.0',
  channel: 'rooms',
};

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const positiveInteger = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

const CHECKS: [keyof RainRoomsOptions, (value: any) => boolean, string][] = [
  ['defaultRoom', (v) => v === null || (typeof v === 'string' && v.length > 0), 'a non-empty string or null'],
  ['roomAuthorizer', (v) => typeof v === 'function', 'a function ({ room, verb, socket }) => boolean'],
  ['maxRoomNameLength', positiveInteger, 'a positive integer'],
  ['maxMessageLength', positiveInteger, 'a positive integer'],
  ['maxListenedRooms', (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0'],
  ['announce', (v) => typeof v === 'boolean', 'true or false'],
  ['welcomeMessage', (v) => typeof v === 'string', 'a string'],
  ['component', (v) => typeof v === 'string' && SEGMENT.test(v), 'letters, digits, ".", "_" or "-"'],
  ['version', (v) => typeof v === 'string' && SEGMENT.test(v), 'letters, digits, ".", "_" or "-"'],
  ['channel', (v) => typeof v === 'string' && SEGMENT.test(v), 'letters, digits, ".", "_" or "-"'],
];

/** Fills in the defaults; a bad option stops the start-up with an error naming it. */
export function resolveRoomsOptions(options: RainRoomsOptions = {}): ResolvedRainRoomsOptions {
  for (const [option, valid, expected] of CHECKS) {
    const value = options[option];
    if (value !== undefined && !valid(value)) {
      throw new InvalidRainSocketsOptionError(option, invalidRoomsOptionMessage(option, expected, value));
    }
  }
  const resolved = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const { defaultRoom, maxRoomNameLength } = resolved as ResolvedRainRoomsOptions;
  if (defaultRoom !== null && defaultRoom.length > maxRoomNameLength) {
    throw new InvalidRainSocketsOptionError(
      'defaultRoom',
      invalidRoomsOptionMessage('defaultRoom', `at most maxRoomNameLength (${maxRoomNameLength}) characters`, defaultRoom),
    );
  }
  return resolved as ResolvedRainRoomsOptions;
}
