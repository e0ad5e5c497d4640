import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { budgetAdministrator, largeContract, smallOrder } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('contract-order');
if (!def) throw new Error('contract-order is not shipped');
const { filer, manager, director, officer, colleague, system } = people;

function approvedLarge(): Scenario {
  return new Scenario(def as NonNullable<typeof def>)
    .take('submit', filer, largeContract)
    .take('approve-operation', manager)
    .take('confirm-budget', budgetAdministrator)
    .take('director-approve', director);
}

describe('agenda contract-order (smlouvy a objednávky)', () => {
  it('an order up to 50 000 CZK: authorising officer, budget check, signature, no register', () => {
    const s = new Scenario(def).take('submit', filer, smallOrder);
    expect(s.snapshot.data['amountWithVat']).toBe(45980);
    s.take('approve-operation', manager).take('confirm-budget', budgetAdministrator);
    expect(s.snapshot.state).toBe('signing');
    expect(s.last.effects.filter((e) => e.type === 'requestSignatures')).toEqual([
      expect.objectContaining({ signers: [expect.objectContaining({ order: 1 }), expect.objectContaining({ order: 2, party: { kind: 'departmentManager', departmentId: 'OKH' } })] }),
    ]);
    // Observed on the landed main (issue 19): the filer declared the contract signed while the signatures were pending.
    expect(s.refusal('signed', filer, { signedOn: '2026-11-26' }).code).toBe('NOT_ALLOWED');
    expect(s.actionsOf(filer)).not.toContain('signed');
    // Only the system step after the last signature moves it on.
    s.take('signed', system, { signedOn: '2026-11-26' });
    expect(s.snapshot).toMatchObject({ state: 'completed', final: true });
  });

  it('over 50 000 CZK: the director approves and signs, and the register deadline runs 30 days from conclusion', () => {
    const s = approvedLarge();
    expect(s.last.effects.find((e) => e.type === 'requestSignatures')).toMatchObject({
      signers: [{ order: 1 }, { order: 2, level: 'qualified', party: { kind: 'role', role: 'director' } }, { order: 3, level: 'seal' }],
    });
    s.take('signed', system, { signedOn: '2026-11-25' });
    expect(s.snapshot.state).toBe('awaiting-publication');
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'publishToRegister', register: 'contract-register', data: expect.objectContaining({ amountWithoutVat: 480000, signedOn: '2026-11-25' }) }));
    // 25 Nov + 30 days = Friday 25 Dec, a holiday; the period ends on Monday 28 Dec. The reminder
    // comes 5 business days earlier (24–27 Dec are days off): Thursday 17 Dec at 8:00.
    const deadline = s.snapshot.deadlines[0];
    expect(deadline).toMatchObject({ dueAt: '2026-12-28T22:59:59.999Z', remindAt: '2026-12-17T07:00:00.000Z', escalateTo: [{ kind: 'role', role: 'director' }, { kind: 'role', role: 'legal' }] });
    s.send({ type: 'timer', deadlineId: deadline.id, timer: 'escalate' }, system, new Date('2026-12-29T00:00:00Z'));
    expect(s.last.effects[0]).toMatchObject({ type: 'notify', template: 'deadline-escalation' });
    s.take('record-publication', system, { registerId: '25871234', registerPublishedOn: '2026-12-29' });
    expect(s.snapshot.state).toBe('completed');
  });

  it('a contract exempt from the register is concluded without publication', () => {
    const s = new Scenario(def)
      .take('submit', filer, { ...largeContract, registerExempt: true, registerExemptReason: 'Utajovaná informace podle § 3 odst. 2 písm. b).' })
      .take('approve-operation', manager)
      .take('confirm-budget', budgetAdministrator)
      .take('director-approve', director)
      .take('signed', system, { signedOn: '2026-11-25' });
    expect(s.snapshot.state).toBe('completed');
  });

  describe('rejections', () => {
    it('INVALID_DATA: exemption without a reason, invalid IČO, bad budget item', () => {
      const e = new Scenario(def).refusal('submit', filer, { ...largeContract, registerExempt: true, counterpartyIco: '11111111', budgetItem: '51' });
      expect(e.fieldErrors?.map((f) => f.pointer).sort()).toEqual(['/budgetItem', '/counterpartyIco', '/registerExemptReason']);
    });

    it('GUARD_FAILED: a conclusion date in the future', () => {
      expect(approvedLarge().refusal('signed', system, { signedOn: '2026-12-24' }).code).toBe('GUARD_FAILED');
    });

    it('NOT_ALLOWED: the budget administrator confirming his own contract, the manager skipping the director', () => {
      const own = new Scenario(def, {}, undefined, { ...budgetAdministrator, userId: filer.userId }).take('submit', { ...filer }, largeContract).take('approve-operation', manager);
      expect(own.refusal('confirm-budget', { ...budgetAdministrator, userId: filer.userId }).code).toBe('NOT_ALLOWED');
      const s = new Scenario(def).take('submit', filer, largeContract).take('approve-operation', manager).take('confirm-budget', budgetAdministrator);
      expect(s.refusal('director-approve', manager).code).toBe('NOT_ALLOWED');
      expect(s.refusal('director-approve', colleague).code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE: recording a publication of an unsigned contract; STALE', () => {
      const s = approvedLarge();
      expect(s.refusal('record-publication', officer, { registerId: '1234567', registerPublishedOn: '2026-12-01' }).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'signed', data: { signedOn: '2026-11-25' }, expectedVersion: 2 }, system)).toBe('STALE');
    });
  });
});
