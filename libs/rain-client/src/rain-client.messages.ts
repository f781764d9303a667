// Every text a user of rain-client can read, in one place.

export const noUrlMessage = () =>
  'createRainClient: no `url` given and no page to take the origin from; pass { url: "http://host:port" } outside a browser.';

export const invalidUrlMessage = (url: unknown) => `createRainClient: \`url\` must be an absolute http(s) URL; got ${JSON.stringify(url)}.`;

export const invalidNameMessage = (what: string, value: unknown) =>
  `rain-client: the ${what} must be a non-empty string without "/"; got ${JSON.stringify(value)}.`;

export const clientClosedMessage = (event: string) => `rain-client is closed: "${event}" was not sent.`;

export const closedBeforeAnswerMessage = (event: string) => `rain-client was closed before "${event}" was answered.`;

export const disconnectedMessage = (event: string, namespace: string) =>
  `Disconnected from ${namespace} before the server answered "${event}"; it may or may not have been handled.`;

export const reconnectFailedMessage = (event: string, namespace: string, reason: string) =>
  `Could not connect to ${namespace} to send "${event}": ${reason}. It was not sent.`;

export const keepAliveFailedMessage = (url: string, reason: string) => `rain-client: keep-alive ${url} failed: ${reason}.`;

export const subscriberFailedMessage = (event: string) => `rain-client: a subscriber of "${event}" failed.`;
