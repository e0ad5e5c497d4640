import { AuditSealHandler, verifySeal } from '@agendy/server/feature-ops';
import { loginAs } from '@agendy/server/testing';
import { Fixture, OWNER, startFixture, writeReport } from './harness';

/**
 * The daily seal of the audit-chain head (job ops.seal-audit-head, run here directly through its
 * handler in the worker): one row per head, verifiable with the seal certificate; a rewritten
 * head no longer matches what was sealed.
 */
describe('audit-chain head seal', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture({ DEMO_MODE: 'true' });
  }, 90_000);
  afterAll(async () => {
    await fx?.system.stop();
  });

  it('seals the current head once, verifiably, and seals again only when the log grew', async () => {
    const handler = fx.system.worker.get(AuditSealHandler, { strict: false });
    const first = await handler.handle();
    expect(first).toMatch(/^sealed head \d+ \(demo\)$/);
    expect(await handler.handle()).toMatch(/already sealed/);

    const owner = await loginAs(fx.app, OWNER);
    const comment = await owner.agent.post(`/api/v1/requests/${fx.requestId}/comments`).set('X-XSRF-TOKEN', owner.xsrf).send({ body: 'Další záznam do auditu' });
    expect(comment.status).toBe(201);
    expect(await handler.handle()).toMatch(/^sealed head \d+/);

    const seals: Array<{ head_seq: string; head_hash: string; statement: string; signature: Buffer; certificate: Buffer }> = await fx.db.query(
      `SELECT head_seq::text, head_hash, statement, signature, certificate FROM audit_head_seals ORDER BY head_seq`,
    );
    expect(seals).toHaveLength(2);
    const [head]: Array<{ seq: string; last_hash: string }> = await fx.db.query(`SELECT seq::text, last_hash FROM audit_chain_head`);
    expect(seals[1]).toMatchObject({ head_seq: head.seq, head_hash: head.last_hash });
    for (const s of seals) {
      expect(verifySeal(s.statement, s.signature, s.certificate)).toBe(true);
      expect(JSON.parse(s.statement)).toMatchObject({ headSeq: s.head_seq, headHash: s.head_hash });
    }
    // Someone recomputes the chain and rewrites the head: the sealed statement no longer matches.
    const forged = s2(seals[0].statement, 'f'.repeat(64));
    expect(verifySeal(forged, seals[0].signature, seals[0].certificate)).toBe(false);
    await expect(fx.db.query(`UPDATE audit_head_seals SET head_hash = 'x'`)).rejects.toThrow(/append-only/);
    writeReport('audit-seal', `| seals written | verified | forged head detected | seal rows append-only |\n| --- | --- | --- | --- |\n| ${seals.length} (heads ${seals.map((s) => s.head_seq).join(', ')}) | ${seals.length}/${seals.length} | yes | UPDATE refused |`);
  });
});

function s2(statement: string, hash: string): string {
  return JSON.stringify({ ...JSON.parse(statement), headHash: hash });
}
