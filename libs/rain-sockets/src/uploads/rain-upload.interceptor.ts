import { type CallHandler, type ExecutionContext, Logger, type NestInterceptor } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Observable, defer, lastValueFrom } from 'rxjs';
import type { Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import type { RainUpload, RainUploadMode } from './rain-upload.interface.js';
import { saveAtomically } from './save-atomically.js';
import { attachUpload } from './uploaded-files.js';
import type { ResolvedUploadOptions } from './upload-options.js';
import { UploadSession } from './upload-session.js';
import { type UploadMessage, cleanFileName, parseUploadMessage } from './upload-wire.js';
import {
  tooManyUploadsMessage,
  uploadAbortedMessage,
  uploadHandlerFailedMessage,
  uploadNotFoundMessage,
  uploadTooLargeMessage,
} from './uploads.messages.js';
import { describeError } from '../core/describe-error.js';

/**
 * Runs the upload protocol of one `@OnUpload()` event inside Nest's pipeline (so guards,
 * session and the other interceptors see every message): `start`, `chunk` and `abort`
 * are answered here; the handler runs with the whole buffer at `end`, or, in stream
 * mode, from `start` on with a stream, its result answering `end`.
 */
export class RainUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger('RainUploads');
  private readonly sessions = new WeakMap<Socket, Map<string, UploadSession>>();

  constructor(private readonly options: ResolvedUploadOptions) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ws = context.switchToWs();
    return defer(() => this.step(ws.getClient<Socket>(), ws.getData<object>(), next));
  }

  private async step(socket: Socket, message: object, next: CallHandler): Promise<unknown> {
    const op = parseUploadMessage(message);
    switch (op.op) {
      case 'start':
        return this.start(socket, op, message, next);
      case 'chunk': {
        const session = this.sessionOf(socket, op.id);
        return { received: await this.guarded(socket, session, () => session.write(op.offset, op.data)) };
      }
      case 'end':
        return this.end(socket, this.sessionOf(socket, op.id), message, next);
      case 'abort':
        this.drop(socket, op.id, aborted(this.sessionsOf(socket).get(op.id), 'client'));
        return { aborted: true };
    }
  }

  private start(socket: Socket, op: Extract<UploadMessage, { op: 'start' }>, message: object, next: CallHandler) {
    const { maxSize, maxConcurrent, chunkSize, as } = this.options;
    const sessions = this.sessionsOf(socket);
    const name = cleanFileName(op.name);
    if (op.size > maxSize) throw new RainClientError('payload_too_large', uploadTooLargeMessage(name, op.size, maxSize));
    if (sessions.size >= maxConcurrent) throw new RainClientError('too_many_uploads', tooManyUploadsMessage(maxConcurrent));

    const info = { id: randomUUID(), name, type: op.type || 'application/octet-stream', size: op.size };
    const session: UploadSession = new UploadSession(info, this.options, () =>
      this.drop(socket, info.id, aborted(session, 'idle')),
    );
    sessions.set(info.id, session);
    if (as === 'stream') {
      const stream = session.stream!;
      attachUpload(message, { ...info, stream, saveTo: (path: string) => saveAtomically(stream, path) } as RainUpload<'stream'>);
      session.follow(lastValueFrom(next.handle(), { defaultValue: undefined }));
    }
    return { id: info.id, chunkSize };
  }

  private async end(socket: Socket, session: UploadSession, message: object, next: CallHandler): Promise<unknown> {
    const buffer = await this.guarded(socket, session, async () => session.finish());
    this.sessionsOf(socket).delete(session.info.id);
    if (this.options.as === 'stream') return session.result();
    const upload = { ...session.info, buffer: buffer!, saveTo: (path: string) => saveAtomically(buffer!, path) };
    attachUpload(message, upload satisfies RainUpload<RainUploadMode>);
    return lastValueFrom(next.handle(), { defaultValue: undefined });
  }

  /** Runs one step of a session; a failure of it, or of the handler already, drops the upload. */
  private async guarded<T>(socket: Socket, session: UploadSession, step: () => Promise<T>): Promise<T> {
    try {
      session.checkHandler();
      return await step();
    } catch (error) {
      this.drop(socket, session.info.id, error instanceof Error ? error : new Error(String(error)), false);
      throw error;
    }
  }

  private sessionOf(socket: Socket, id: string): UploadSession {
    const session = this.sessionsOf(socket).get(id);
    if (!session) throw new RainClientError('upload_not_found', uploadNotFoundMessage(id));
    return session;
  }

  private sessionsOf(socket: Socket): Map<string, UploadSession> {
    let sessions = this.sessions.get(socket);
    if (!sessions) {
      const created = new Map<string, UploadSession>();
      socket.once('disconnect', () => {
        for (const session of created.values()) this.drop(socket, session.info.id, aborted(session, 'disconnect'));
      });
      this.sessions.set(socket, created);
      sessions = created;
    }
    return sessions;
  }

  /** Forgets an upload and drops its bytes. `report`: log a handler failure nobody will be answered with. */
  private drop(socket: Socket, id: string, reason: Error, report = true): void {
    const sessions = this.sessions.get(socket);
    const session = sessions?.get(id);
    if (!session) return;
    sessions!.delete(id);
    session.abort(reason);
    const unreported = session.unreportedError;
    if (report && unreported !== undefined && unreported !== reason) {
      this.logger.error(`${uploadHandlerFailedMessage(this.options.event)}: ${describeError(unreported)}`);
    }
  }
}

function aborted(session: UploadSession | undefined, why: Parameters<typeof uploadAbortedMessage>[1]): RainClientError {
  return new RainClientError('upload_aborted', uploadAbortedMessage(session?.info.name ?? 'upload', why));
}

