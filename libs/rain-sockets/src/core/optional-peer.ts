import { MissingPeerDependencyError } from '../errors/missing-peer-dependency.error.js';
import { missingPeerMessage } from './rain-sockets.messages.js';

/**
 * Imports an optional peer (the Redis pieces) only when an option needs it, so an app that
 * never turns the option on never installs the package. `load` is a literal `import()` so
 * bundlers and TypeScript still see the dependency. A missing package becomes a start-up
 * error that names it and the option that needs it; any other failure is left as it is.
 */
export async function loadOptionalPeer<T>(packageName: string, neededFor: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new MissingPeerDependencyError(packageName, missingPeerMessage(packageName, neededFor));
    }
    throw error;
  }
}

function isMissingPackage(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Only the package itself: a package that is there but misses one of its own dependencies is another fault.
  return typeof message === 'string' && (message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`));
}
