import type { AgendaDefinition } from './definition.types';
import type { Actor, RequestContext, WorkflowEvent, WorkflowSnapshot } from './runtime.types';
import { SYSTEM_ACTOR } from './runtime.types';
import { validateDefinition } from './validate-definition';
import { startRequest } from './start-request';
import { transition } from './transition';
import { availableTransitions } from './available-transitions';
import { validateForm } from './validate-form';
import { checkSnapshot } from './snapshot-check';
import { ATTACHMENT_SCHEMA_ID } from './ajv-factory';

const L = (cs: string, en: string) => ({ cs, en });

/** A compact agenda exercising routes, parallel approvals, computed fields, signatures, registers and bookings. */
const def: AgendaDefinition = {
  code: 'engine-test',
  version: 1,
  name: L('Zkušební agenda', 'Test agenda'),
  description: L('Agenda pro testy jádra.', 'Agenda for engine tests.'),
  roles: [
    { code: 'grants-officer', name: L('Referent dotací', 'Grants officer'), directoryGroups: ['G'] },
    { code: 'legal', name: L('Právník', 'Lawyer'), directoryGroups: ['L'] },
  ],
  form: {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['applicantIco', 'amount', 'budget'],
      properties: {
        applicantIco: { type: 'string', format: 'ico' },
        amount: { type: 'integer', minimum: 1, maximum: 5000000 },
        budget: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['item', 'cost'],
            additionalProperties: false,
            properties: { item: { type: 'string', minLength: 3 }, cost: { type: 'integer', minimum: 0 } },
          },
        },
        attachments: { type: 'array', items: { $ref: ATTACHMENT_SCHEMA_ID } },
        committee: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        room: { type: 'string' },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        approvedAt: { type: 'string', format: 'date-time' },
      },
    },
    ui: {
      sections: [{ id: 'main', title: L('Žádost', 'Request'), fields: ['applicantIco', 'amount', 'budget', 'attachments', 'committee', 'room', 'start', 'end', 'approvedAt'] }],
      fields: {
        applicantIco: { label: L('IČO žadatele', 'Applicant company ID') },
        amount: { label: L('Požadovaná částka', 'Requested amount'), widget: 'money' },
        budget: { label: L('Rozpočet', 'Budget'), widget: 'table', columns: { item: { label: L('Položka', 'Item') }, cost: { label: L('Náklad', 'Cost') } } },
        attachments: { label: L('Přílohy', 'Attachments'), widget: 'file' },
        committee: { label: L('Hodnotitelé', 'Evaluators'), widget: 'users' },
        room: { label: L('Sál', 'Hall'), widget: 'resource' },
        start: { label: L('Začátek', 'Start'), widget: 'datetime' },
        end: { label: L('Konec', 'End'), widget: 'datetime' },
        approvedAt: { label: L('Schváleno', 'Approved at'), readonly: true },
      },
    },
    rules: [
      {
        id: 'budget-covers-amount',
        assert: { '>=': [{ reduce: [{ var: 'data.budget' }, { '+': [{ var: 'accumulator' }, { var: 'current.cost' }] }, 0] }, { var: 'data.amount' }] },
        field: '/budget',
        message: L('součet nákladů musí pokrýt požadovanou částku', 'the costs must cover the requested amount'),
      },
    ],
  },
  workflow: {
    initial: 'draft',
    start: { who: [{ role: 'employee' }] },
    states: [
      { id: 'draft', label: L('Rozpracováno', 'Draft'), assignTo: [{ filer: true }] },
      { id: 'check', label: L('Formální kontrola', 'Formal check'), assignTo: [{ role: 'grants-officer' }] },
      {
        id: 'committee',
        label: L('Hodnocení komisí', 'Committee evaluation'),
        approval: {
          participants: [{ userFromField: 'committee' }],
          mode: 'quorum',
          quorum: 2,
          onApproved: { to: 'signing', effects: [{ type: 'setField', field: 'approvedAt', value: { var: 'now' } }] },
          onRejected: { to: 'rejected' },
        },
      },
      {
        id: 'review',
        label: L('Posouzení', 'Review'),
        approval: {
          participants: [{ managerOfFiler: true }, { role: 'legal' }],
          mode: 'all',
          waitForAll: true,
          forbidFiler: true,
          commentRequiredOnReject: true,
          onApproved: { to: 'signing' },
          onRejected: { to: 'draft', effects: [{ type: 'notify', to: [{ filer: true }], message: L('Vráceno k doplnění.', 'Returned for changes.') }] },
        },
      },
      {
        id: 'signing',
        label: L('Podpis smlouvy', 'Contract signing'),
        onEnter: [
          { type: 'generateDocument', template: 'contract' },
          {
            type: 'requestSignatures',
            document: 'contract',
            signers: [
              { who: { role: 'director' }, level: 'qualified', order: 2 },
              { who: { filer: true }, level: 'simple', order: 1 },
              { level: 'seal', order: 3 },
            ],
          },
        ],
      },
      { id: 'booked', label: L('Sál rezervován', 'Hall booked'), assignTo: [{ filer: true }] },
      { id: 'closed', label: L('Uzavřeno', 'Closed'), final: true, outcome: 'completed' },
      { id: 'cancelled', label: L('Zrušeno', 'Cancelled'), final: true, outcome: 'cancelled' },
      { id: 'rejected', label: L('Zamítnuto', 'Rejected'), final: true, outcome: 'rejected' },
    ],
    transitions: [
      { name: 'submit', label: L('Podat', 'Submit'), from: 'draft', to: 'check', who: [{ filer: true }], editableFields: ['*'] },
      {
        name: 'accept',
        label: L('Přijmout', 'Accept'),
        from: 'check',
        to: 'review',
        routes: [{ when: { '>': [{ var: 'data.amount' }, 50000] }, to: 'committee' }],
        who: [{ assignee: true }],
        editableFields: ['committee'],
        guard: { '>': [{ var: 'data.attachments.length' }, 0] },
        guardMessage: L('Chybí povinné přílohy.', 'Mandatory attachments are missing.'),
      },
      {
        name: 'signed',
        label: L('Podepsáno', 'Signed'),
        from: 'signing',
        to: 'booked',
        who: [{ system: true }],
        effects: [
          { type: 'publishToRegister', register: 'contract-register', document: 'contract', fields: ['applicantIco', 'amount'] },
          { type: 'createBooking', resourceType: 'room', resourceField: 'room', startField: 'start', endField: 'end' },
        ],
      },
      {
        name: 'cancel',
        label: L('Zrušit', 'Cancel'),
        from: 'booked',
        to: 'cancelled',
        who: [{ filer: true }],
        effects: [{ type: 'cancelBooking', resourceType: 'room' }],
      },
      { name: 'close', label: L('Uzavřít', 'Close'), from: 'booked', to: 'closed', who: [{ assignee: true }] },
    ],
  },
  documents: [{ code: 'contract', name: L('Smlouva', 'Contract'), template: 'contract.html', format: 'pdf' }],
  records: { fileMark: '1.1', retention: { sign: 'V', years: 10 } },
};

const now = new Date('2026-03-02T10:00:00Z');
const request: RequestContext = { id: 'R', agendaCode: 'engine-test', filerId: 'anna', filerDepartmentId: 'OKH', createdAt: now.toISOString() };
const anna: Actor = { userId: 'anna', roles: ['employee'], departmentId: 'OKH' };
const officer: Actor = { userId: 'olga', roles: ['employee', 'grants-officer'] };
const boss: Actor = { userId: 'bohdan', roles: ['employee', 'manager'], managerOf: ['OKH'] };
const lawyer: Actor = { userId: 'lucie', roles: ['employee', 'legal'] };
const member = (id: string): Actor => ({ userId: id, roles: ['employee'] });
const valid = {
  applicantIco: '70891508',
  amount: 40000,
  budget: [{ item: 'Pronájem sálu', cost: 30000 }, { item: 'Tisk', cost: 15000 }],
  attachments: [{ fileId: 'f1', name: 'rozpočet.pdf' }],
  room: 'velky-sal',
  start: '2026-04-14T08:00:00Z',
  end: '2026-04-14T12:00:00Z',
};

function step(snapshot: WorkflowSnapshot, event: WorkflowEvent, actor: Actor, at = now): WorkflowSnapshot {
  const r = transition(def, snapshot, event, actor, at);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  expect(checkSnapshot(def, r.value.snapshot)).toEqual([]);
  return r.value.snapshot;
}

function inCheck(data: Record<string, unknown> = valid): WorkflowSnapshot {
  const s = startRequest(def, request, anna, now);
  if (!s.ok) throw new Error(JSON.stringify(s.error));
  return step(s.value.snapshot, { type: 'transition', name: 'submit', data }, anna);
}

const approve: WorkflowEvent = { type: 'vote', vote: 'approve' };
const rejectVote: WorkflowEvent = { type: 'vote', vote: 'reject', comment: 'Chybí rozpočet na propagaci.' };

describe('engine behaviour', () => {
  it('the test agenda is valid', () => {
    const r = validateDefinition(def);
    expect(r.ok ? [] : r.error).toEqual([]);
  });

  describe('form validation', () => {
    it('names table rows and columns, checks IČO, attachments and cross-field rules', () => {
      const errors = validateForm(
        def,
        { applicantIco: '70891509', amount: 90000, budget: [{ item: 'Tisk', cost: 100 }, { item: 'X', cost: -1 }], attachments: [{ fileId: 'f1' }] },
        now,
      );
      expect(errors.map((e) => [e.pointer, e.message.cs])).toEqual([
        ['/applicantIco', '„IČO žadatele“: musí být platné IČO (8 číslic s kontrolní číslicí)'],
        ['/budget/1/item', '„Rozpočet“, řádek 2, „Položka“: musí mít alespoň 3 znaky'],
        ['/budget/1/cost', '„Rozpočet“, řádek 2, „Náklad“: musí být alespoň 0'],
        ['/attachments/0/name', '„Přílohy“, řádek 1, name: je povinný údaj'],
      ]);
      expect(errors[0].message.en).toBe('"Applicant company ID": must be a valid Czech company ID (IČO)');
      // The sum is checked once the rows themselves are right.
      expect(validateForm(def, { ...valid, amount: 90000 }, now).map((e) => [e.pointer, e.keyword, e.message.cs])).toEqual([
        ['/budget', 'rule', '„Rozpočet“: součet nákladů musí pokrýt požadovanou částku'],
      ]);
    });

    it('in partial mode checks only what is filled in', () => {
      expect(validateForm(def, { amount: 10 }, now, 'partial')).toEqual([]);
      expect(validateForm(def, { amount: 'deset' }, now, 'partial').map((e) => e.message.cs)).toEqual(['„Požadovaná částka“: musí být celé číslo']);
      expect(validateForm(def, { amount: 10 }, now).map((e) => e.pointer)).toEqual(['/applicantIco', '/budget']);
    });

    it('reports unknown fields', () => {
      expect(validateForm(def, { ...valid, color: 'red' }, now)).toEqual([expect.objectContaining({ pointer: '/color', keyword: 'additionalProperties' })]);
    });
  });

  describe('guards and routes', () => {
    it('GUARD_FAILED with the definition’s message, and the action listed as disabled', () => {
      const s = inCheck({ ...valid, attachments: [] });
      const r = transition(def, s, { type: 'transition', name: 'accept' }, officer, now);
      expect(!r.ok && r.error).toEqual({ code: 'GUARD_FAILED', message: { cs: 'Chybí povinné přílohy.', en: 'Mandatory attachments are missing.' } });
      expect(availableTransitions(def, s, officer, now)).toEqual([
        expect.objectContaining({ name: 'accept', enabled: false, disabledReason: { cs: 'Chybí povinné přílohy.', en: 'Mandatory attachments are missing.' } }),
      ]);
    });

    it('lists a step whose guard reads the step’s own input as enabled, and checks the guard when taken', () => {
      const guarded: AgendaDefinition = structuredClone(def);
      const accept = guarded.workflow.transitions.find((t) => t.name === 'accept');
      if (!accept) throw new Error('no accept');
      accept.guard = { '<=': [{ var: 'data.committee.length' }, 5] };
      const s = inCheck();
      expect(availableTransitions(guarded, s, officer, now)[0]).toMatchObject({ name: 'accept', enabled: true });
      const r = transition(guarded, s, { type: 'transition', name: 'accept', data: { committee: ['a', 'b', 'c', 'd', 'e', 'f'] } }, officer, now);
      expect(!r.ok && r.error.code).toBe('GUARD_FAILED');
    });

    it('routes amounts over 50 000 CZK to the committee, smaller ones to review', () => {
      expect(step(inCheck(), { type: 'transition', name: 'accept' }, officer).state).toBe('review');
      const big = { ...valid, amount: 60000, budget: [{ item: 'Stavba', cost: 60000 }] };
      expect(step(inCheck(big), { type: 'transition', name: 'accept', data: { committee: ['k1', 'k2'] } }, officer).state).toBe('committee');
    });
  });

  describe('parallel approval: quorum of a committee chosen in the previous step', () => {
    const big = { ...valid, amount: 60000, budget: [{ item: 'Stavba', cost: 60000 }] };
    const committee = () => step(inCheck(big), { type: 'transition', name: 'accept', data: { committee: ['k1', 'k2', 'k3'] } }, officer);

    it('opens one slot per member and passes with 2 of 3 approvals', () => {
      const s = committee();
      expect(s.approval).toMatchObject({ mode: 'quorum', required: 2, slots: [{ party: { kind: 'user', userId: 'k1' } }, {}, {}] });
      const s1 = step(s, approve, member('k2'));
      expect(s1.state).toBe('committee');
      expect(s1.approval?.slots[1].vote).toEqual({ vote: 'approve', userId: 'k2', at: now.toISOString() });
      const r = transition(def, s1, approve, member('k3'), new Date('2026-03-03T10:00:00Z'));
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value.snapshot).toMatchObject({ state: 'signing', approval: null, data: { approvedAt: '2026-03-03T10:00:00.000Z' } });
      expect(r.value.history.map((h) => h.kind)).toEqual(['vote', 'approvalResolved']);
      // k1 had not voted: the round is over for them, and they are told (issue 20).
      expect(r.value.effects.map((e) => e.type)).toEqual(['notify', 'setField', 'generateDocument', 'requestSignatures']);
      expect(r.value.effects[0]).toMatchObject({ type: 'notify', recipients: [{ kind: 'user', userId: 'k1' }], template: 'approval-decided' });
    });

    it('fails once the quorum can no longer be reached', () => {
      const s = step(step(committee(), rejectVote, member('k1')), rejectVote, member('k3'));
      expect(s).toMatchObject({ state: 'rejected', final: true });
    });

    it('refuses outsiders and second votes', () => {
      const s = step(committee(), approve, member('k1'));
      const twice = transition(def, s, approve, member('k1'), now);
      expect(!twice.ok && twice.error.message.cs).toBe('V tomto kole jste již hlasovali.');
      const outsider = transition(def, s, approve, member('x'), now);
      expect(!outsider.ok && outsider.error.code).toBe('NOT_ALLOWED');
      expect(availableTransitions(def, s, member('k2'), now).map((a) => a.name)).toEqual(['approve', 'reject']);
      expect(availableTransitions(def, s, member('k1'), now)).toEqual([]);
    });

    it('cannot open without enough members', () => {
      const r = transition(def, inCheck(big), { type: 'transition', name: 'accept', data: { committee: ['k1'] } }, officer, now);
      expect(!r.ok && r.error.fieldErrors).toEqual([
        expect.objectContaining({ pointer: '/committee', keyword: 'approvalParticipants', message: expect.objectContaining({ cs: 'Krok „Hodnocení komisí“ potřebuje alespoň 2 schvalovatele, zadáno je 1.' }) }),
      ]);
    });
  });

  describe('parallel approval: all of head and legal, decided after everyone voted', () => {
    const review = () => step(inCheck(), { type: 'transition', name: 'accept' }, officer);

    it('waits for the second vote after a rejection, then returns the request to the filer', () => {
      const s1 = step(review(), rejectVote, boss);
      expect(s1.state).toBe('review');
      const r = transition(def, s1, approve, lawyer, now);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value.snapshot).toMatchObject({ state: 'draft', assignees: [{ kind: 'user', userId: 'anna' }] });
      expect(r.value.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipients: [{ kind: 'user', userId: 'anna' }] }));
    });

    it('passes when both approve', () => {
      expect(step(step(review(), approve, lawyer), approve, boss).state).toBe('signing');
    });

    it('requires a comment to reject and forbids the filer to vote', () => {
      const r = transition(def, review(), { type: 'vote', vote: 'reject' }, boss, now);
      expect(!r.ok && r.error.code).toBe('INVALID_DATA');
      const self = transition(def, review(), approve, { ...anna, roles: ['employee', 'legal'] }, now);
      expect(!self.ok && self.error.code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE for a vote where there is nothing to vote on', () => {
      const r = transition(def, inCheck(), approve, boss, now);
      expect(!r.ok && r.error.code).toBe('WRONG_STATE');
    });
  });

  describe('signatures, registers and bookings', () => {
    const signing = () => step(step(step(inCheck(), { type: 'transition', name: 'accept' }, officer), approve, boss), approve, lawyer);

    it('asks for signatures in order at their levels, with the office seal last', () => {
      const r = transition(def, step(inCheck(), { type: 'transition', name: 'accept' }, officer), approve, boss, now);
      const r2 = r.ok ? transition(def, r.value.snapshot, approve, lawyer, now) : r;
      if (!r2.ok) throw new Error(JSON.stringify(r2.error));
      const sig = r2.value.effects.find((e) => e.type === 'requestSignatures');
      expect(sig).toMatchObject({
        document: 'contract',
        documentKey: `R/contract@${r2.value.snapshot.version}`,
        signers: [
          { order: 1, level: 'simple', party: { kind: 'user', userId: 'anna' } },
          { order: 2, level: 'qualified', party: { kind: 'role', role: 'director' } },
          { order: 3, level: 'seal' },
        ],
      });
    });

    it('publishes the chosen fields, books the hall, and cancels the booking', () => {
      const s = signing();
      const human = transition(def, s, { type: 'transition', name: 'signed' }, boss, now);
      expect(!human.ok && human.error.code).toBe('NOT_ALLOWED');
      const r = transition(def, s, { type: 'transition', name: 'signed' }, SYSTEM_ACTOR, now);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const booking = { bookingKey: 'R/room', resourceType: 'room', resourceId: 'velky-sal', start: valid.start, end: valid.end };
      expect(r.value.effects).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'publishToRegister', register: 'contract-register', data: { applicantIco: '70891508', amount: 40000 }, documentKey: `R/contract@${s.version}` }),
          expect.objectContaining({ type: 'createBooking', booking }),
        ]),
      );
      expect(r.value.snapshot.bookings).toEqual([booking]);
      const c = transition(def, r.value.snapshot, { type: 'transition', name: 'cancel' }, anna, now);
      expect(c.ok && c.value.effects).toContainEqual(expect.objectContaining({ type: 'cancelBooking', booking }));
      expect(c.ok && c.value.snapshot.bookings).toEqual([]);
    });
  });
});
