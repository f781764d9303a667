// Entry of the browser bundle (/rain/client.js): everything of index.ts on the global `RainClient`.
export * from './index.js';
