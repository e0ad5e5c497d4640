import { isAbsolute, join, resolve } from 'node:path';
import type { PublishingOffice } from './contracts/contract-export';

/**
 * The one place the registers read their settings. Until the zod config in @agendy/server/core
 * gains these variables (see docs/registers.md), they are read here with safe defaults:
 *
 * - REGISTERS_OPEN_DATA_DIR: where the daily open-data export is written (default `.data/open-data`
 *   under the working directory, next to the embedded database of `npm start`).
 * - REGISTERS_OFFICE_NAME / REGISTERS_OFFICE_ICO / REGISTERS_OFFICE_DATABOX: the publishing party in
 *   the contract-register export.
 */
export interface RegistersSettings {
  openDataDir: string;
  office: PublishingOffice;
}

export function registersSettings(env: NodeJS.ProcessEnv = process.env): RegistersSettings {
  const dir = env['REGISTERS_OPEN_DATA_DIR']?.trim();
  return {
    openDataDir: dir ? (isAbsolute(dir) ? dir : resolve(dir)) : join(process.cwd(), '.data', 'open-data'),
    office: {
      name: env['REGISTERS_OFFICE_NAME']?.trim() || 'Krajský úřad Libereckého kraje',
      ico: /^\d{8}$/.test(env['REGISTERS_OFFICE_ICO'] ?? '') ? (env['REGISTERS_OFFICE_ICO'] as string) : '70891508',
      dataBox: env['REGISTERS_OFFICE_DATABOX']?.trim() ?? '',
    },
  };
}
