import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GatewayBenchModule } from './gateway.fixtures.js';
import { reportReady, serverEnv } from './harness.mjs';

const app = await NestFactory.create(GatewayBenchModule, { logger: ['error', 'warn'] });
await app.listen(serverEnv.port, '127.0.0.1');
reportReady({ port: app.getHttpServer().address().port, close: () => app.close() });
