import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people, user } from '../testing/agenda-test-kit';
import { councilSecretary, evaluators, largeGrant, smallGrant } from '../fixtures/grant-application.fixture';

const def = findAgendaDefinition('grant-application');
if (!def) throw new Error('grant-application is not shipped');
const { filer, officer, director, colleague, system } = people;
const [a, b, c, d] = evaluators.map((id) => user(id));

function evaluated(data: Record<string, unknown>): Scenario {
  return new Scenario(def as NonNullable<typeof def>)
    .take('submit', filer, data)
    .take('accept-formally', officer, { evaluators })
    .vote('approve', a)
    .vote('approve', b)
    .vote('approve', c);
}

describe('agenda grant-application (žádost o dotaci)', () => {
  it('small grant: formal check, committee quorum, director, contract, payout, final report', () => {
    const s = new Scenario(def).take('save', filer, { applicantName: 'Spolek přátel Ještědu, z. s.' }).take('submit', filer, smallGrant);
    expect(s.snapshot).toMatchObject({ state: 'formal-check', assignees: [{ kind: 'role', role: 'agenda-officer' }] });
    // Friday 27 Nov 2026 + 10 business days (17 Nov is already past) = Friday 11 Dec.
    expect(s.snapshot.deadlines[0].dueAt).toBe('2026-12-11T22:59:59.999Z');

    s.take('accept-formally', officer, { evaluators });
    expect(s.snapshot.approval?.slots).toHaveLength(4);
    expect(s.effectTypes()).toContain('notify');
    s.vote('approve', a).vote('reject', b, 'Slabý přínos pro region.').vote('approve', c);
    expect(s.snapshot.state).toBe('evaluation');
    s.vote('approve', d);
    expect(s.snapshot.state).toBe('recommended');

    s.take('propose-decision', officer, { contractNumber: 'OLP/77/2027' });
    expect(s.snapshot.state).toBe('director-decision');
    s.take('approve-grant', director, { approvedAmount: 35000 });
    expect(s.snapshot.state).toBe('contract');
    expect(s.last.effects.find((e) => e.type === 'requestSignatures')).toMatchObject({
      signers: [
        { order: 1, level: 'qualified', party: { kind: 'user', userId: filer.userId } },
        { order: 2, level: 'qualified', party: { kind: 'role', role: 'director' } },
        { order: 3, level: 'seal' },
      ],
    });

    s.take('contract-signed', system);
    // 35 000 CZK is under the contract register threshold.
    expect(s.effectTypes()).not.toContain('publishToRegister');
    s.take('record-payout', officer, { paidOn: '2027-03-01', paidAmount: 35000 });
    s.take('submit-final-report', filer, { finalReport: [{ fileId: 'f9', name: 'zprava.pdf' }], finalCostTotal: 60000 });
    s.take('accept-report', officer);
    expect(s.snapshot).toMatchObject({ state: 'closed', final: true });
  });

  it('large grant: the regional council decides and the contract goes to the contract register', () => {
    const s = evaluated(largeGrant).take('propose-decision', officer, { contractNumber: 'OLP/1234/2027' });
    expect(s.snapshot.state).toBe('council-decision');
    expect(s.actionsOf(director)).toEqual([]);
    s.take('record-council-approval', councilSecretary, { councilResolutionNumber: '1234/26/RK', approvedAmount: 300000 });
    // Observed on the landed main (issue 19): the officer took this step with all three signatures pending.
    expect(s.refusal('contract-signed', officer).code).toBe('NOT_ALLOWED');
    s.take('contract-signed', system);
    expect(s.last.effects).toContainEqual(
      expect.objectContaining({ type: 'publishToRegister', register: 'contract-register', data: expect.objectContaining({ approvedAmount: 300000, applicantIco: '00262978' }) }),
    );
  });

  it('the committee can sink an application: 2 of 4 against make a quorum of 3 impossible', () => {
    const s = new Scenario(def).take('submit', filer, smallGrant).take('accept-formally', officer, { evaluators });
    s.vote('reject', a, 'Nesplňuje kritéria programu.').vote('reject', b, 'Rozpočet je nadhodnocen.');
    expect(s.snapshot).toMatchObject({ state: 'rejected', final: true });
    expect(s.effectTypes()).toContain('notify');
  });

  it('returned for completion and resubmitted', () => {
    const s = new Scenario(def).take('submit', filer, smallGrant).take('return-for-completion', officer, undefined, 'Chybí doklad o účtu.');
    expect(s.snapshot).toMatchObject({ state: 'returned', assignees: [{ kind: 'user', userId: filer.userId }] });
    s.take('resubmit', filer, { attachments: [...smallGrant.attachments, { fileId: 'f2', name: 'ucet.pdf' }] });
    expect(s.snapshot.state).toBe('formal-check');
  });

  describe('rejections', () => {
    it('INVALID_DATA: budget that does not add up, a grant over 70 %, a bad IČO', () => {
      const s = new Scenario(def);
      const e = s.refusal('submit', filer, { ...smallGrant, applicantIco: '12345678', totalCost: 61000, requestedAmount: 45000, ownShare: 16000 });
      expect(e.code).toBe('INVALID_DATA');
      expect(e.fieldErrors?.map((f) => [f.pointer, f.keyword])).toEqual([
        ['/applicantIco', 'format'],
        ['/totalCost', 'rule'],
        ['/requestedAmount', 'rule'],
      ]);
      expect(e.fieldErrors?.[2].message.cs).toBe('„Požadovaná dotace (Kč)“: může činit nejvýše 70 % celkových nákladů');
    });

    it('INVALID_DATA: too few evaluators, a malformed contract number', () => {
      const s = new Scenario(def).take('submit', filer, smallGrant);
      expect(s.refusal('accept-formally', officer).fieldErrors?.[0]).toMatchObject({ pointer: '/evaluators', keyword: 'required' });
      expect(s.refusal('accept-formally', officer, { evaluators: ['x', 'y'] }).fieldErrors?.[0]).toMatchObject({ pointer: '/evaluators', keyword: 'minItems' });
      expect(evaluated(smallGrant).refusal('propose-decision', officer, { contractNumber: '77/2027' }).fieldErrors?.[0]).toMatchObject({ pointer: '/contractNumber', keyword: 'pattern' });
    });

    it('GUARD_FAILED: approving or paying more than requested', () => {
      const s = evaluated(smallGrant).take('propose-decision', officer, { contractNumber: 'OLP/5/2027' });
      expect(s.refusal('approve-grant', director, { approvedAmount: 41000 })).toMatchObject({ code: 'GUARD_FAILED', message: { cs: 'Schválená dotace nesmí převýšit požadovanou.' } });
      s.take('approve-grant', director, { approvedAmount: 30000 }).take('contract-signed', system);
      expect(s.refusal('record-payout', officer, { paidOn: '2027-03-01', paidAmount: 30001 }).code).toBe('GUARD_FAILED');
    });

    it('NOT_ALLOWED: a colleague doing the officer’s work, an outsider voting, the filer evaluating herself', () => {
      const s = new Scenario(def).take('submit', filer, smallGrant);
      expect(s.refusal('accept-formally', colleague, { evaluators }).code).toBe('NOT_ALLOWED');
      s.take('accept-formally', officer, { evaluators: [...evaluators.slice(0, 3), filer.userId] });
      expect(s.refused({ type: 'vote', vote: 'approve' }, colleague)).toBe('NOT_ALLOWED');
      expect(s.refused({ type: 'vote', vote: 'approve' }, filer)).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE and STALE', () => {
      const s = new Scenario(def).take('submit', filer, smallGrant);
      expect(s.refusal('record-payout', officer, { paidOn: '2027-03-01', paidAmount: 1 }).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'return-for-completion', comment: 'x', expectedVersion: 1 }, officer)).toBe('STALE');
    });
  });
});
