import { createRequire } from 'node:module';

/** What the default bundle is: rain-client's `browser` export, a dependency of rain-sockets. */
export const CLIENT_BUNDLE_EXPORT = 'rain-client/browser';

/**
 * The file of rain-client's browser bundle, or undefined when rain-client cannot be found.
 * Resolved on each call: the file may be built after the app starts (the package's own
 * build in this repository), and a request for it is rare (browsers cache it).
 */
export function defaultClientBundleFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(CLIENT_BUNDLE_EXPORT);
  } catch {
    return undefined;
  }
}
