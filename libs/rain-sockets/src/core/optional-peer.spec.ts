import { describe, expect, it } from 'vitest';
import { MissingPeerDependencyError } from '../errors/missing-peer-dependency.error.js';
import { loadOptionalPeer } from './optional-peer.js';

describe('loadOptionalPeer', () => {
  it('names the missing package, the option that needs it and the command that installs it', async () => {
    const loading = loadOptionalPeer('rain-no-such-package', 'the "cluster" option', () => import('rain-no-such-package' as string));
    await expect(loading).rejects.toBeInstanceOf(MissingPeerDependencyError);
    await expect(loading).rejects.toThrow(
      'RainSocketsModule: the "cluster" option needs the package "rain-no-such-package", which is not installed. ' +
        'Install it next to rain-sockets: npm install rain-no-such-package',
    );
  });

  it('leaves any other failure of the package as it is', async () => {
    const broken = Object.assign(new Error("Cannot find module './lib/x.js' imported from redis"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadOptionalPeer('redis', 'the "cluster" option', () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('resolves with the module when it is installed', async () => {
    await expect(loadOptionalPeer('node:path', 'nothing', () => import('node:path'))).resolves.toHaveProperty('join');
  });
});
