// Opens the bench's load: socket.io-client sockets (the way browsers and Node users reach
// every socket.io stack) or raw ws sockets for the ws floor.
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { LOGIN_PATH } from '../servers/contract.mjs';

const CONNECT_TIMEOUT_MS = 30_000;

/** A session cookie from the server's login route, as a browser would hold after a page load. */
async function login(origin) {
  const response = await fetch(`${origin}${LOGIN_PATH}`);
  const cookie = response.headers.getSetCookie()[0];
  return cookie ? cookie.split(';')[0] : undefined;
}

export async function openSocketIo({ origin, namespace, auth, login: withSession, localAddress }) {
  const cookie = withSession ? await login(origin) : undefined;
  const socket = io(`${origin}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_TIMEOUT_MS,
    auth,
    localAddress,
    extraHeaders: cookie ? { cookie } : undefined,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function openWs({ origin, localAddress }) {
  const socket = new WebSocket(origin.replace(/^http/, 'ws'), { perMessageDeflate: false, localAddress });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ws connect timeout')), CONNECT_TIMEOUT_MS);
    socket.once('open', () => resolve(clearTimeout(timer)));
    socket.once('error', reject);
  });
  return socket;
}
