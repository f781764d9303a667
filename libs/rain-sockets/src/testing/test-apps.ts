import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { closeComponentClients } from './connect-component.js';

/** What a test gives to start an app: `Test.createTestingModule(...)`, compiled or not, or an app. */
export type AppSource =
  | { compile(): Promise<{ createNestApplication(options?: NestApplicationOptions): INestApplication }> }
  | { createNestApplication(options?: NestApplicationOptions): INestApplication }
  | INestApplication;

const started = new Set<{ close(): Promise<void> }>();

/**
 * Compiles the module when needed, creates the app (logger off unless given), listens on
 * a free port and resolves with the app. `closeApps()` closes it.
 */
export async function startApp(source: AppSource | Promise<AppSource>, options: NestApplicationOptions = { logger: false }): Promise<INestApplication> {
  return launchApp(source, options, (app) => started.add(app));
}

/** startApp without the registration (startNodes registers the nodes as a whole). */
export async function launchApp(
  source: AppSource | Promise<AppSource>,
  options: NestApplicationOptions,
  created: (app: INestApplication) => void,
): Promise<INestApplication> {
  const resolved = await source;
  const module = 'compile' in resolved ? await resolved.compile() : resolved;
  const app = 'createNestApplication' in module ? module.createNestApplication(options) : (module as INestApplication);
  // Known before it listens, so that a failed listen still gets the app closed.
  created(app);
  await app.listen(0);
  return app;
}

/** Registers anything with `close()` (an app, a node process) for `closeApps()`. */
export function closeWithApps(closable: { close(): Promise<void> }): void {
  started.add(closable);
}

/** Closes every client of connectComponent, then every app of startApp / startNodes and every spawned node: one `afterEach(closeApps)`. */
export async function closeApps(): Promise<void> {
  closeComponentClients();
  const closing = [...started];
  started.clear();
  const results = await Promise.allSettled(closing.map((app) => app.close()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
