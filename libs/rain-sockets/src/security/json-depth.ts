const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether the JSON text from `start` on nests deeper than `limit`, found by scanning the
 * characters (brackets outside strings), not by parsing: the scan costs about a tenth of
 * what JSON.parse spends on deep input, and nothing deep gets built.
 */
export function nestsDeeperThan(text: string, start: number, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** Where the JSON part of an encoded socket.io packet starts (after type, attachments, namespace and id), or -1. */
export function jsonStart(packet: string): number {
  for (let i = 1; i < packet.length; i++) {
    const c = packet.charCodeAt(i);
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) return i;
  }
  return -1;
}

/** The event name of an encoded event's JSON (`["name", ...]`), read without parsing the rest. */
export function leadingEventName(packet: string, start: number): string | undefined {
  const match = /^\[\s*("(?:[^"\\]|\\.){0,256}")/.exec(packet.slice(start, start + 600));
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!) as string;
  } catch {
    return undefined;
  }
}
