import { demoSealProvider, statementBytes, verifySeal } from './audit-seal';

describe('audit-head seal', () => {
  const statement = { type: 'agendy.audit-head-seal' as const, office: 'Krajský úřad Libereckého kraje', headSeq: '1234', headHash: 'ab'.repeat(32), sealedAt: '2026-11-27T23:05:00.000Z' };

  it('signs the statement so that the certificate verifies it', async () => {
    const key = demoSealProvider(statement.office);
    const bytes = statementBytes(statement);
    const signature = await key.sign('sha256', bytes);
    expect(verifySeal(bytes.toString('utf8'), signature, key.certificateChain[0])).toBe(true);
  });

  it('fails for a changed head hash or another key', async () => {
    const key = demoSealProvider(statement.office);
    const signature = await key.sign('sha256', statementBytes(statement));
    const forged = statementBytes({ ...statement, headHash: 'cd'.repeat(32) }).toString('utf8');
    expect(verifySeal(forged, signature, key.certificateChain[0])).toBe(false);
    const other = demoSealProvider(statement.office);
    expect(verifySeal(statementBytes(statement).toString('utf8'), signature, other.certificateChain[0])).toBe(false);
  });

  it('puts the fields in a fixed order, whatever order the object had', () => {
    const shuffled = { sealedAt: statement.sealedAt, headHash: statement.headHash, headSeq: statement.headSeq, office: statement.office, type: statement.type };
    expect(statementBytes(shuffled).equals(statementBytes(statement))).toBe(true);
  });
});
