import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@agendy/server/core';
import type { OpenDataDataset } from '@agendy/shared/contracts';
import { toCsv } from '../contracts/contract-export';
import { registersSettings } from '../registers-config';

/**
 * Anonymised open data for the region's portal. Nothing here can name a person: statistics are
 * counts per agenda and month; contracts are listed only once published in the state register,
 * without the counterparty (it may be a natural person) and without free text — the state
 * register's version id leads to the full public record.
 */
export const OPEN_DATA_DICTIONARY: readonly OpenDataDataset[] = [
  {
    name: 'agenda-statistics',
    title: { cs: 'Statistiky agend krajského úřadu po měsících', en: 'Regional office agenda statistics per month' },
    fields: [
      { name: 'agenda', type: 'string', description: { cs: 'Kód agendy', en: 'Agenda code' } },
      { name: 'mesic', type: 'string', description: { cs: 'Kalendářní měsíc (RRRR-MM, Europe/Prague)', en: 'Calendar month (YYYY-MM, Europe/Prague)' } },
      { name: 'podano', type: 'integer', description: { cs: 'Počet podaných žádostí', en: 'Requests filed' } },
      { name: 'vyrizeno', type: 'integer', description: { cs: 'Počet vyřízených (ukončených) žádostí', en: 'Requests finished' } },
      { name: 'median_doba_vyrizeni_dny', type: 'number', description: { cs: 'Medián doby od podání do ukončení ve dnech (vyřízené v měsíci)', en: 'Median days from filing to finish (finished in the month)' } },
      { name: 'zmeskane_lhuty', type: 'integer', description: { cs: 'Počet zmeškaných lhůt (eskalací)', en: 'Deadlines missed (escalations)' } },
    ],
  },
  {
    name: 'published-contracts',
    title: { cs: 'Smlouvy zveřejněné v registru smluv', en: 'Contracts published in the contract register' },
    fields: [
      { name: 'id_verze_registru', type: 'string', description: { cs: 'ID verze záznamu v registru smluv', en: 'Version id in the state contract register' } },
      { name: 'typ', type: 'string', description: { cs: 'smlouva | objednavka | dodatek', en: 'contract | order | amendment' } },
      { name: 'hodnota_bez_dph', type: 'integer', description: { cs: 'Hodnota bez DPH v Kč', en: 'Value without VAT, CZK' } },
      { name: 'hodnota_vcetne_dph', type: 'integer', description: { cs: 'Hodnota včetně DPH v Kč', en: 'Value with VAT, CZK' } },
      { name: 'datum_uzavreni', type: 'date', description: { cs: 'Datum uzavření smlouvy', en: 'Date of signature' } },
      { name: 'datum_zverejneni', type: 'date', description: { cs: 'Datum zveřejnění v registru smluv', en: 'Date of publication' } },
      { name: 'odbor', type: 'string', description: { cs: 'Kód odboru, který smlouvu uzavřel', en: 'Department code' } },
    ],
  },
];

export interface OpenDataFiles {
  'agenda-statistics': Array<Record<string, string | number | null>>;
  'published-contracts': Array<Record<string, string | number | null>>;
}

@Injectable()
export class OpenDataService {
  private readonly logger = new Logger('OpenData');

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(): Promise<OpenDataFiles> {
    const stats: Array<Record<string, string | number | null>> = await this.ds.query(
      `WITH filed AS (
         SELECT agenda_code, to_char(created_at AT TIME ZONE 'Europe/Prague', 'YYYY-MM') AS m, count(*)::int AS n FROM requests GROUP BY 1, 2),
       done AS (
         SELECT agenda_code, to_char(updated_at AT TIME ZONE 'Europe/Prague', 'YYYY-MM') AS m, count(*)::int AS n,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at) / 86400))::numeric, 2)::float8 AS median
         FROM requests WHERE final GROUP BY 1, 2),
       missed AS (
         SELECT r.agenda_code, to_char(h.at AT TIME ZONE 'Europe/Prague', 'YYYY-MM') AS m, count(*)::int AS n
         FROM request_history h JOIN requests r ON r.id = h.request_id WHERE h.kind = 'escalation' GROUP BY 1, 2),
       keys AS (SELECT agenda_code, m FROM filed UNION SELECT agenda_code, m FROM done UNION SELECT agenda_code, m FROM missed)
       SELECT k.agenda_code AS agenda, k.m AS mesic, COALESCE(f.n, 0) AS podano, COALESCE(d.n, 0) AS vyrizeno,
              d.median AS median_doba_vyrizeni_dny, COALESCE(x.n, 0) AS zmeskane_lhuty
       FROM keys k LEFT JOIN filed f USING (agenda_code, m) LEFT JOIN done d USING (agenda_code, m) LEFT JOIN missed x USING (agenda_code, m)
       ORDER BY 2, 1`,
    );
    const contracts: Array<Record<string, string | number | null>> = await this.ds.query(
      `SELECT c.register_id AS id_verze_registru, c.document_type AS typ, c.amount_without_vat::float8 AS hodnota_bez_dph,
              c.amount_with_vat::float8 AS hodnota_vcetne_dph, c.signed_on::text AS datum_uzavreni, c.published_on::text AS datum_zverejneni, d.code AS odbor
       FROM contracts c LEFT JOIN departments d ON d.id = c.department_id
       WHERE c.published_on IS NOT NULL ORDER BY c.published_on, c.register_id`,
    );
    return { 'agenda-statistics': stats, 'published-contracts': contracts };
  }

  static csv(dataset: keyof OpenDataFiles, rows: OpenDataFiles[keyof OpenDataFiles]): string {
    const fields = OPEN_DATA_DICTIONARY.find((d) => d.name === dataset)?.fields.map((f) => f.name) ?? [];
    return toCsv(fields, rows.map((r) => fields.map((f) => r[f])));
  }

  /** A Frictionless-style data package descriptor: the data dictionary of both datasets. */
  static dataPackage(generatedAt: Date): object {
    return {
      name: 'agendy-open-data',
      title: 'Krajský úřad – otevřená data agend a registru smluv',
      created: generatedAt.toISOString(),
      licenses: [{ name: 'CC-BY-4.0' }],
      resources: OPEN_DATA_DICTIONARY.flatMap((d) =>
        (['csv', 'json'] as const).map((format) => ({
          name: `${d.name}-${format}`,
          path: `${d.name}.${format}`,
          format,
          title: d.title.cs,
          schema: { fields: d.fields.map((f) => ({ name: f.name, type: f.type, description: f.description.cs, 'description@en': f.description.en })) },
        })),
      ),
    };
  }

  /** Writes the five files atomically (temp file + rename) into the configured directory. */
  async writeExport(dir = registersSettings(this.config).openDataDir, now = new Date()): Promise<{ dir: string; files: string[] }> {
    const data = await this.build();
    await mkdir(dir, { recursive: true });
    const files: Array<[string, string]> = [['datapackage.json', JSON.stringify(OpenDataService.dataPackage(now), null, 2)]];
    for (const name of Object.keys(data) as Array<keyof OpenDataFiles>) {
      files.push([`${name}.csv`, OpenDataService.csv(name, data[name])]);
      files.push([`${name}.json`, JSON.stringify(data[name], null, 2)]);
    }
    for (const [name, body] of files) {
      const tmp = join(dir, `.${name}.tmp`);
      await writeFile(tmp, body, 'utf8');
      await rename(tmp, join(dir, name));
    }
    this.logger.log({ dir, files: files.length }, 'open data written');
    return { dir, files: files.map(([n]) => n) };
  }
}
