// Baseline (c): raw ws, the floor no socket.io stack can beat. Text frames: an echo is sent
// back as it came; a frame starting with "F" is broadcast (without the "F") to every other client.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { reportReady, serverEnv } from './harness.mjs';

const FIRE = 0x46; // "F"
const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (data[0] !== FIRE) return ws.send(data, { binary: isBinary });
    const tick = data.subarray(1).toString();
    for (const client of wss.clients) if (client !== ws) client.send(tick);
  });
});

http.listen(serverEnv.port, '127.0.0.1', () => {
  reportReady({
    port: http.address().port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.close();
    },
  });
});
