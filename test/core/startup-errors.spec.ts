import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import {
  ComponentSocket,
  InvalidComponentSocketError,
  InvalidRainSocketsOptionError,
  NamespaceConflictError,
  RainComponent,
  RainSocketsModule,
  type RainSocketsOptions,
} from 'rain-sockets';

@ComponentSocket('chat')
class FirstChat {}

@ComponentSocket('chat')
class SecondChat {}

@ComponentSocket('orphan')
class OrphanSocket {}

@ComponentSocket('bad channel!')
class BadChannelSocket {}

@RainComponent({ id: 'chat', version: '1.0.0' })
@Module({ providers: [FirstChat] })
class FirstModule {}

@RainComponent({ id: 'chat', version: '1.0.0' })
@Module({ providers: [SecondChat] })
class SecondModule {}

@Module({ providers: [OrphanSocket] })
class NotAComponent {}

@RainComponent({ id: 'bad', version: '1.0.0' })
@Module({ providers: [BadChannelSocket] })
class BadChannelModule {}

async function start(imports: unknown[], options: RainSocketsOptions = {}) {
  const moduleRef = await Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), ...(imports as never[])] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('start-up errors', () => {
  it('names both providers that claim one namespace', async () => {
    const failure = start([FirstModule, SecondModule]);
    await expect(failure).rejects.toBeInstanceOf(NamespaceConflictError);
    await expect(failure).rejects.toThrow(/"\/chat\/1\.0\.0\/chat" is claimed by both FirstChat and SecondChat/);
  });

  it('names a component socket outside any component', async () => {
    await expect(start([NotAComponent])).rejects.toThrow(InvalidComponentSocketError);
    await expect(start([NotAComponent])).rejects.toThrow(/OrphanSocket .* module NotAComponent/);
  });

  it('refuses a channel that is not one path segment', async () => {
    await expect(start([BadChannelModule])).rejects.toThrow(/invalid component channel "bad channel!"/);
  });

  it('names a bad option', async () => {
    const failure = start([FirstModule], { path: 'no-slash' });
    await expect(failure).rejects.toBeInstanceOf(InvalidRainSocketsOptionError);
    await expect(failure).rejects.toThrow('option "path" must be a path that starts with "/"; got "no-slash"');
  });

  it('takes its options from forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRootAsync({ useFactory: async () => ({ path: 'async-bad' }) }), FirstModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow('option "path"');
    await app.close();
  });
});
