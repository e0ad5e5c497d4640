import 'reflect-metadata';
import { bootProcess } from '@agendy/server/core';
import { HandlerRegistryError } from '@agendy/server/queue';
import { createWorker } from './app/create-worker';

void bootProcess('agendy-worker', createWorker, [HandlerRegistryError]);
