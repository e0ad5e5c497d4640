import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { JobHandler } from '@agendy/server/queue';
import { awaitChained } from '@agendy/server/feature-audit';
import { type KeyProvider, pkcs12ProviderFromFile, requestTimestampToken } from '@agendy/signing/pades';
import { demoSealProvider, type SealStatement, statementBytes } from './audit-seal';

/**
 * Seals the audit-chain head once a day: the office seal signs "the audit log up to seq N ends in
 * hash H", and a TSA (TSA_URL) timestamps that signature. Whoever later rewrites the log — even
 * with database superuser rights and a recomputed chain — cannot produce matching seals for the
 * days already sealed. Idempotent: a head that is already sealed is left alone.
 */
@Injectable()
export class AuditSealHandler {
  private readonly logger = new Logger('AuditSeal');
  private provider: Promise<{ key: KeyProvider; source: string }> | undefined;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private sealKey(): Promise<{ key: KeyProvider; source: string }> {
    const seal = this.config.ops.seal;
    this.provider ??= seal.p12File
      ? pkcs12ProviderFromFile(seal.p12File, seal.p12Password).then((key) => ({ key, source: 'pkcs12' }))
      : this.config.demoMode
        ? Promise.resolve({ key: demoSealProvider(seal.officeName), source: 'demo' })
        : Promise.reject(new Error('no office seal: set SEAL_P12_FILE and SEAL_P12_PASSWORD'));
    return this.provider;
  }

  @JobHandler('ops.seal-audit-head')
  async handle(): Promise<string> {
    // The head the sequencer keeps (docs/adr/0005-audit-sequencer.md): first let it chain what was
    // committed before now, so the day's seal covers the day. A sequencer that is away does not
    // stop the seal — the head as it stands is sealed, and audit:verify reports the delay.
    const caughtUp = await awaitChained((sql, params) => this.ds.query(sql, params));
    if (!caughtUp) this.logger.warn('Audit rows committed before the seal are not chained yet; sealing the head as it stands');
    const [head]: Array<{ seq: string; last_hash: string }> = await this.ds.query(`SELECT seq::text AS seq, last_hash FROM audit_chain_head WHERE id = 1`);
    if (!head || head.seq === '0') return 'no audit entries yet';
    const [already]: Array<{ id: string }> = await this.ds.query(`SELECT id FROM audit_head_seals WHERE head_seq = $1`, [head.seq]);
    if (already) return `head ${head.seq} already sealed`;

    const { key, source } = await this.sealKey();
    const statement: SealStatement = { type: 'agendy.audit-head-seal', office: this.config.ops.seal.officeName, headSeq: head.seq, headHash: head.last_hash, sealedAt: new Date().toISOString() };
    const bytes = statementBytes(statement);
    const signature = await key.sign('sha256', bytes);
    // Without a TSA the seal still binds the head to the key; the timestamp proves *when*.
    const tsaUrl = this.config.ops.seal.tsaUrl;
    const token = tsaUrl ? await requestTimestampToken(signature, { url: tsaUrl, timeoutMs: 15_000 }) : null;
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO audit_head_seals (sealed_at, head_seq, head_hash, statement, signature, certificate, timestamp_token, key_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (head_seq) DO NOTHING RETURNING id`,
      [statement.sealedAt, head.seq, head.last_hash, bytes.toString('utf8'), signature, key.certificateChain[0], token, source],
    );
    if (inserted.length === 0) return `head ${head.seq} sealed meanwhile by another worker`;
    this.logger.log({ headSeq: head.seq, keySource: source, timestamped: token !== null }, 'Audit-chain head sealed');
    return `sealed head ${head.seq} (${source}${token ? ', timestamped' : ''})`;
  }
}
