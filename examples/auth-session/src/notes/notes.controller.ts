import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { type RainSession, Session } from 'rain-sockets';
import { LoggedInGuard } from '../auth/logged-in.guard.js';
import type { Note } from '../auth/session-data.js';
import { NoteText } from './note-text.schema.js';

/** The same notes over HTTP: the same session, the same guard, the same `@Session()` decorator. */
@UseGuards(LoggedInGuard)
@Controller('notes')
export class NotesController {
  @Get()
  list(@Session() session: RainSession): Note[] {
    return session.notes ?? [];
  }

  @Post()
  add(@Body({ schema: NoteText }) note: NoteText, @Session() session: RainSession): Note[] {
    (session.notes ??= []).push({ text: note.text, via: 'http' });
    return session.notes;
  }
}
