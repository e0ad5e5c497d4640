import 'reflect-metadata';
import { bootProcess } from '@agendy/server/core';
import { HandlerRegistryError, WorkerHost } from '@agendy/server/queue';
import { createWorker } from './app/create-worker';

void bootProcess(
  'agendy-worker',
  async (config) => {
    const ctx = await createWorker(config);
    return {
      close: async () => {
        // The BullMQ workers first: close() lets the running jobs finish while everything they use
        // (seal keys released in onModuleDestroy, the database) is still there. Nest's own order
        // would run every onModuleDestroy before this shutdown hook. Calling it again from
        // ctx.close() is harmless (BullMQ's close is idempotent, closed connections stay closed).
        await ctx.get(WorkerHost).onApplicationShutdown();
        await ctx.close();
      },
    };
  },
  [HandlerRegistryError],
);
