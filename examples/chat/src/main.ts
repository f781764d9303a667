import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  // On SIGTERM/SIGINT, app.close(): every socket gets `server_shutdown` and running handlers finish.
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  console.log(`chat on http://localhost:${port}`);
}

void bootstrap();
