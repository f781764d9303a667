import { Controller, Get, Param } from '@nestjs/common';
import { RainSocketsRegistry } from 'rain-sockets';

/**
 * GET /rooms/:room on any node: who is in a room across the cluster. `fetchSockets()` asks
 * every node through Redis (one round trip), and `socket.data` comes along with each socket.
 */
@Controller('rooms')
export class RoomsController {
  constructor(private readonly sockets: RainSocketsRegistry) {}

  @Get(':room')
  async members(@Param('room') room: string): Promise<{ room: string; members: string[] }> {
    const lobby = this.sockets.server('lobby', '1.0.0', 'lobby');
    const sockets = await lobby.fetchSockets(room);
    return { room, members: sockets.map((socket) => socket.data.name as string).sort() };
  }
}
