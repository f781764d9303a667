/** The verbs of actionHero's websocket server, each an event answered through its ack. */
export const ROOM_VERBS = ['roomChange', 'roomView', 'listenToRoom', 'silenceRoom', 'detailsView', 'say', 'quit'] as const;
export type RoomVerb = (typeof ROOM_VERBS)[number];

/** Server → client events. */
export const WELCOME_EVENT = 'welcome';
export const SAY_EVENT = 'say';
export const ALERT_EVENT = 'alert';

/**
 * Chat rooms are socket.io rooms under this prefix, so that no room name a client picks
 * can be another socket's private room (socket.io names those by socket id).
 */
export const ROOM_PREFIX = 'room:';

/** `connection.type` of actionHero, kept for clients written against it. */
export const CONNECTION_TYPE = 'webSocket';

/** The `from` of messages the server says itself. */
export const SERVER_SPEAKER = 'server';

export const ENTERED_ROOM_TEXT = 'I have entered the room';
export const LEFT_ROOM_TEXT = 'I have left the room';
