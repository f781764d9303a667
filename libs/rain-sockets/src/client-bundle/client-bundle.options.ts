/** `clientBundle` of RainSocketsOptions: serving rain-client's browser bundle at `GET /rain/client.js`. */
export interface RainClientBundleOptions {
  /** The bundle file to serve. Default: rain-client's own (`rain-client/browser`). */
  file?: string;
}

/** The route, fixed like socket.io's own `/socket.io/socket.io.js` (under the app's global prefix, if any). */
export const CLIENT_BUNDLE_ROUTE = 'rain/client.js';
