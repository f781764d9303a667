import { invalidNameMessage } from './rain-client.messages.js';

/** `/{prefix}/{componentId}/{version}/{channel}`, as the server names a component socket's namespace. */
export function componentNamespace(prefix: string | undefined, id: string, version: string, channel: string): string {
  checkName('component id', id);
  checkName('component version', version);
  checkName('channel', channel);
  const head = prefix ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : '';
  return `${head}/${id}/${version}/${channel}`;
}

export function checkName(what: string, value: unknown): void {
  if (typeof value !== 'string' || value === '' || value.includes('/')) throw new TypeError(invalidNameMessage(what, value));
}
