import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@agendy/server/core';
import { WorkerHost } from '@agendy/server/queue';
import { WorkerModule } from './worker.module';

/** The worker is a Nest application context: providers and BullMQ workers, no HTTP server. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  ctx.useLogger(ctx.get(Logger));
  try {
    await ctx.get(WorkerHost).start();
  } catch (e) {
    await ctx.close();
    throw e;
  }
  return ctx;
}
