// `node --import ./bench/lib/swc-register.mjs server.ts`: see swc-loader.mjs.
import { register } from 'node:module';

register('./swc-loader.mjs', import.meta.url);
