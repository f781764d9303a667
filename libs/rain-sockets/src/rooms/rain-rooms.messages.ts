// Every text a user can read from RainRoomsModule, in one place.

export const invalidRoomsOptionMessage = (option: string, expected: string, got: unknown) =>
  `RainRoomsModule: option "${option}" must be ${expected}; got ${describe(got)}.`;

export const unknownVerbMessage = (verb: string) =>
  `Unknown verb "${verb}"; the verbs are roomChange, roomView, listenToRoom, silenceRoom, detailsView, say and quit.`;

export const roomNameRequiredMessage = () => 'A room name must be a non-empty string.';

export const roomNameTooLongMessage = (length: number, max: number) =>
  `A room name is at most ${max} characters; this one has ${length}.`;

export const roomNotAllowedMessage = (room: string) => `You are not allowed in room "${room}".`;

export const notListeningMessage = (room: string) => `You are not listening to room "${room}".`;

export const silenceOwnRoomMessage = (room: string) =>
  `"${room}" is your room: change rooms with roomChange rather than silencing it.`;

export const notInRoomMessage = (room: string) => `You are neither in nor listening to room "${room}".`;

export const noRoomMessage = () => 'You are not in a room: join one with roomChange first.';

export const tooManyRoomsMessage = (max: number) => `You may listen to at most ${max} rooms besides your own.`;

export const messageRequiredMessage = () => 'A message must be a non-empty string.';

export const messageTooLongMessage = (length: number, max: number) =>
  `A message is at most ${max} characters; this one has ${length}.`;

export const roomsNotStartedMessage = () =>
  'RainRoomsService: the rooms server is not started yet (it is from onApplicationBootstrap on), or RainSocketsModule is not imported.';

export const verbFailedMessage = (verb: string) => `RainRooms ${verb} failed`;

function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
