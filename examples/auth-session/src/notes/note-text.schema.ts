import { z } from 'zod';

/** A note as HTTP and the socket accept it. */
export const NoteText = z.object({ text: z.string().trim().min(1, 'Write something first.').max(500) });
export type NoteText = z.infer<typeof NoteText>;
