import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/**
 * One node. Start several on one Redis, each on its own port:
 *   PORT=3000 NODE_NAME=a npm start
 *   PORT=3001 NODE_NAME=b npm start
 */
async function bootstrap() {
  const port = Number(process.env.PORT ?? 3000);
  const app = await NestFactory.create(
    AppModule.forRoot({
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      keyPrefix: process.env.KEY_PREFIX ?? 'rain-cluster-example:',
      nodeName: process.env.NODE_NAME ?? `port ${port}`,
    }),
  );
  // On SIGTERM/SIGINT: the node says goodbye, so its users leave the others' presence at once.
  app.enableShutdownHooks();
  await app.listen(port);
  console.log(`cluster node "${process.env.NODE_NAME ?? `port ${port}`}" on http://localhost:${port}`);
}

void bootstrap();
