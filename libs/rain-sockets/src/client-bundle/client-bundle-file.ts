import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where scripts/build-client.mjs writes the bundle, inside the rain-client library. */
const IN_REPO = join('libs', 'rain-client', 'dist', 'rain-client.js');

let found: string | undefined;

/**
 * The browser bundle of rain-client: the installed `rain-client/browser` package export,
 * else the build output of this repository's libs/rain-client. The search walks up from
 * this file because the server runs both from source (tests) and from dist/ (npm start).
 * Undefined when it is not built.
 */
export function defaultClientBundleFile(): string | undefined {
  if (found && existsSync(found)) return found;
  found = fromPackage() ?? fromRepository();
  return found;
}

function fromPackage(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('rain-client/browser');
  } catch {
    return undefined;
  }
}

function fromRepository(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, IN_REPO);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Where the default bundle would be, for the message that says it is not built. */
export function expectedClientBundleLocation(): string {
  return IN_REPO;
}
