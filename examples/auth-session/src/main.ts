import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AppModule } from './app.module.js';

async function bootstrap() {
  let sessionSecret = process.env.SESSION_SECRET;
  if (!sessionSecret) {
    // Fine for trying it out: the MemoryStore forgets every session at a restart anyway.
    sessionSecret = randomBytes(32).toString('hex');
    console.warn('SESSION_SECRET is not set: using a random one, so sessions end when the app restarts.');
  }
  const app = await NestFactory.create(AppModule.forRoot({ sessionSecret }));
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  console.log(`auth-session example on http://localhost:${port}`);
}

void bootstrap();
