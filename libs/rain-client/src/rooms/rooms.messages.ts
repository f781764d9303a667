// Every text a user of RainRoomsClient can read, in one place.

export const roomsNoUrlMessage = () =>
  'RainRoomsClient: no `url` given and no page to take the origin from; pass { url: "http://host:port" } outside a browser.';

export const roomsNotConnectedMessage = (verb: string) =>
  `RainRoomsClient: "${verb}" was not sent: the client is disconnected; call connect() first.`;

export const roomsTimeoutMessage = (verb: string, ms: number) => `RainRoomsClient: no answer to "${verb}" within ${ms} ms.`;

export const roomsDisconnectedMessage = (verb: string) =>
  `RainRoomsClient: the connection closed before the server answered "${verb}".`;

export const roomsConnectFailedMessage = (reason: string) => `RainRoomsClient: could not connect: ${reason}.`;

export const roomsHandlerFailedMessage = (event: string) => `RainRoomsClient: the "${event}" handler failed.`;

export const roomsRejoinFailedMessage = (room: string, reason: string) =>
  `RainRoomsClient: could not get back into room "${room}" after reconnecting: ${reason}.`;
