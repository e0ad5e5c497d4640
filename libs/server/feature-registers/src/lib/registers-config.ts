import { isAbsolute, resolve } from 'node:path';
import type { AppConfig } from '@agendy/server/core';
import type { PublishingOffice } from './contracts/contract-export';

/** The registers' view of the validated config (libs/server/core config.ts; variables in docs/registers.md). */
export interface RegistersSettings {
  openDataDir: string;
  office: PublishingOffice;
}

export function registersSettings(config: Pick<AppConfig, 'registers'>): RegistersSettings {
  const dir = config.registers.openDataDir;
  return { openDataDir: isAbsolute(dir) ? dir : resolve(dir), office: { ...config.registers.office } };
}
