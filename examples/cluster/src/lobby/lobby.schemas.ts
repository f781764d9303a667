import { z } from 'zod';

export const Name = z.string().trim().min(1, 'Give your name.').max(40);
export const Room = z.string().trim().min(1, 'Name the room.').max(40);
export const Say = z.object({ room: Room, text: z.string().trim().min(1, 'Write something first.').max(1_000) });
export type Say = z.infer<typeof Say>;
