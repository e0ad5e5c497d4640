import type { AgendaDefinition } from './definition.types';
import type { Actor, DirectoryFacts, RequestContext, WorkflowEvent, WorkflowSnapshot } from './runtime.types';
import { validateDefinition } from './validate-definition';
import { startRequest } from './start-request';
import { isStale, transition } from './transition';
import { availableTransitions } from './available-transitions';
import { checkSnapshot } from './snapshot-check';
import { completeAssignment, planAssignment } from './assignment/complete-assignment';
import { directoryFacts, groupsNamed, type OfficeDirectory } from './assignment/office-directory';
import { checkAgainstDirectory } from './assignment/directory-check';

const L = (cs: string, en: string) => ({ cs, en });

/**
 * Issue 20: routes on approval outcomes, k of n over the members of a directory group, per-vote
 * notifications, votes that commute. A review by two parties, then by amount: done / a committee
 * of the members of one group (2 of 3) / the director.
 */
const def: AgendaDefinition = {
  code: 'routes-test',
  version: 1,
  name: L('Cesty a hlasy', 'Routes and votes'),
  description: L('Agenda pro testy cest a hlasování.', 'Agenda for tests of routes and votes.'),
  roles: [{ code: 'facility', name: L('Správce budovy', 'Facility manager'), directoryGroups: ['KULK-Spravci'] }],
  form: {
    schema: { type: 'object', additionalProperties: false, required: ['amount'], properties: { amount: { type: 'integer', minimum: 0 } } },
    ui: { sections: [{ id: 'main', title: L('Škoda', 'Damage'), fields: ['amount'] }], fields: { amount: { label: L('Částka', 'Amount'), widget: 'money' } } },
  },
  workflow: {
    initial: 'draft',
    start: { who: [{ role: 'employee' }] },
    states: [
      { id: 'draft', label: L('Rozpracováno', 'Draft'), assignTo: [{ filer: true }] },
      {
        id: 'review',
        label: L('Posouzení', 'Review'),
        approval: {
          participants: [{ managerOfFiler: true }, { role: 'facility' }],
          mode: 'all',
          forbidFiler: true,
          onApproved: {
            to: 'settled',
            routes: [
              { when: { '>': [{ var: 'data.amount' }, 500000] }, to: 'director', label: L('nad 500 000 Kč', 'above CZK 500,000') },
              { when: { '>': [{ var: 'data.amount' }, 50000] }, to: 'committee' },
            ],
          },
          onRejected: { to: 'draft' },
        },
      },
      {
        id: 'committee',
        label: L('Komise', 'Committee'),
        approval: {
          participants: [{ membersOfGroup: 'KULK-Komise' }],
          mode: 'quorum',
          quorum: 2,
          forbidFiler: true,
          onVote: [
            { type: 'notify', to: [{ filer: true }], message: L('Člen komise hlasoval.', 'A committee member voted.') },
            { type: 'notify', to: [{ voters: true }], message: L('Kolega zamítl.', 'A colleague rejected.'), when: { '==': [{ var: 'approval.vote' }, 'reject'] } },
          ],
          onApproved: { to: 'settled' },
          onRejected: { to: 'rejected', routes: [{ when: { '==': [{ var: 'approval.approvals' }, 1] }, to: 'director' }] },
        },
      },
      { id: 'director', label: L('Ředitel', 'Director'), assignTo: [{ role: 'director' }] },
      { id: 'settled', label: L('Vyřízeno', 'Settled'), final: true, outcome: 'completed' },
      { id: 'rejected', label: L('Zamítnuto', 'Rejected'), final: true, outcome: 'rejected' },
    ],
    transitions: [
      { name: 'submit', label: L('Podat', 'Submit'), from: 'draft', to: 'review', who: [{ filer: true }], editableFields: ['amount'] },
      { name: 'decide', label: L('Rozhodnout', 'Decide'), from: 'director', to: 'settled', who: [{ role: 'director' }] },
    ],
  },
  documents: [],
  records: { fileMark: '1.1', retention: { sign: 'S', years: 5 } },
};

const request: RequestContext = { id: 'R1', agendaCode: def.code, filerId: 'filer', filerDepartmentId: 'OD', createdAt: '2026-12-01T08:00:00.000Z' };
const at = new Date('2026-12-01T09:00:00.000Z');
const person = (userId: string, extra: Partial<Actor> = {}): Actor => ({ userId, roles: ['employee'], ...extra });
const filer = person('filer');
const head = person('head', { managerOf: ['OD'] });
const facility = person('fm', { roles: ['employee', 'facility'] });
const director = person('dir', { roles: ['employee', 'director'] });
const facts: DirectoryFacts = { groupMembers: { 'kulk-komise': ['k1', 'k2', 'k3'] } };
const approve: WorkflowEvent = { type: 'vote', vote: 'approve' };
const reject: WorkflowEvent = { type: 'vote', vote: 'reject' };

function ok(snapshot: WorkflowSnapshot, event: WorkflowEvent, actor: Actor, f: DirectoryFacts = facts) {
  const r = transition(def, snapshot, event, actor, at, f);
  if (!r.ok) throw new Error(`${actor.userId}: ${r.error.code} ${r.error.message.en}`);
  expect(checkSnapshot(def, r.value.snapshot)).toEqual([]);
  return r.value;
}

function reviewed(amount: number, f: DirectoryFacts = facts): ReturnType<typeof ok> {
  const started = startRequest(def, request, filer, at, {}, f);
  if (!started.ok) throw new Error(started.error.message.en);
  const review = ok(started.value.snapshot, { type: 'transition', name: 'submit', data: { amount } }, filer, f).snapshot;
  return ok(ok(review, approve, head, f).snapshot, approve, facility, f);
}

describe('the definition of issue 20', () => {
  it('validates, and names its group for the runtime to read', () => {
    const checked = validateDefinition(def);
    expect(checked.ok ? [] : checked.error).toEqual([]);
    expect(groupsNamed(def)).toEqual(['kulk-komise']);
  });
});

describe('routes after an approval', () => {
  it('takes the first route that holds, else the default, and says why', () => {
    const small = reviewed(20000);
    expect(small.snapshot.state).toBe('settled');
    expect(small.route).toEqual({ source: 'onApproved', state: 'review', to: 'settled', index: null, values: { 'data.amount': 20000 } });
    const big = reviewed(620000);
    expect(big.snapshot.state).toBe('director');
    expect(big.route).toMatchObject({ index: 0, to: 'director', label: { cs: 'nad 500 000 Kč' }, values: { 'data.amount': 620000 } });
    expect(big.history.map((h) => [h.kind, h.to])).toEqual([
      ['vote', 'review'],
      ['approvalResolved', 'director'],
    ]);
    expect(reviewed(120000).snapshot.state).toBe('committee');
    expect(ok(big.snapshot, { type: 'transition', name: 'decide' }, director).snapshot.state).toBe('settled');
  });

  it('routes on the tally of the decided vote (approval.approvals)', () => {
    const committee = reviewed(120000).snapshot;
    const one = ok(ok(committee, approve, person('k1')).snapshot, reject, person('k2'));
    const decided = ok(one.snapshot, reject, person('k3'));
    // Rejected with one approval: the director decides.
    expect(decided.snapshot.state).toBe('director');
    expect(decided.route).toMatchObject({ source: 'onRejected', index: 0, values: { 'approval.approvals': 1 } });
  });
});

describe('k of n over the members of a directory group', () => {
  it('opens one vote per member, and 2 of 3 decide; the third loses the task and is told', () => {
    const committee = reviewed(120000).snapshot;
    expect(committee.approval).toMatchObject({ required: 2, slots: [{ party: { kind: 'user', userId: 'k1' } }, { party: { userId: 'k2' } }, { party: { userId: 'k3' } }] });
    const first = ok(committee, approve, person('k2'));
    expect(first.effects).toEqual([expect.objectContaining({ type: 'notify', recipients: [{ kind: 'user', userId: 'filer' }] })]);
    const second = ok(first.snapshot, approve, person('k3'));
    expect(second.snapshot.state).toBe('settled');
    expect(second.effects.filter((e) => e.type === 'notify').map((e) => e.type === 'notify' && [e.template ?? null, e.recipients])).toEqual([
      [null, [{ kind: 'user', userId: 'filer' }]],
      ['approval-decided', [{ kind: 'user', userId: 'k1' }]],
    ]);
    expect(second.snapshot.decidedApproval).toMatchObject({ state: 'committee', result: 'approved', unvoted: [{ kind: 'user', userId: 'k1' }] });
  });

  it('tells the other voters (not the voter) when a member rejects', () => {
    const rejected = ok(reviewed(120000).snapshot, { type: 'vote', vote: 'reject' }, person('k1'));
    const toVoters = rejected.effects.find((e) => e.type === 'notify' && e.message.en === 'A colleague rejected.');
    expect(toVoters).toMatchObject({ recipients: [{ kind: 'user', userId: 'k2' }, { kind: 'user', userId: 'k3' }] });
  });

  it('four eyes per person: a member who filed is no voter, the others count', () => {
    const withFiler = { groupMembers: { 'kulk-komise': ['filer', 'k1', 'k2'] } };
    const committee = reviewed(120000, withFiler).snapshot;
    expect(committee.approval?.slots.map((s) => s.party)).toEqual([
      { kind: 'user', userId: 'k1' },
      { kind: 'user', userId: 'k2' },
    ]);
    expect(availableTransitions(def, committee, filer, at)).toEqual([]);
  });

  it('a group too small for its quorum refuses the step that leads there, saying so', () => {
    const tiny = { groupMembers: { 'kulk-komise': ['k1'] } };
    const started = startRequest(def, request, filer, at, {}, tiny);
    if (!started.ok) throw new Error('start');
    const review = ok(started.value.snapshot, { type: 'transition', name: 'submit', data: { amount: 120000 } }, filer, tiny).snapshot;
    const r = transition(def, ok(review, approve, head, tiny).snapshot, approve, facility, at, tiny);
    expect(!r.ok && r.error.fieldErrors?.[0].message.en).toBe('Step "Committee" needs at least 2 approvers, 1 given (members of group KULK-Komise).');
  });

  it('an inactive member is stood in for by the resolution chain (their vote goes to the fallback)', () => {
    const user = (id: string, groups: string[] = [], active = true, departmentId = 'OD') => ({ id, active, departmentId, roles: ['employee'], groups });
    const dir: OfficeDirectory = {
      users: [user('filer'), user('head'), user('k1', ['kulk-komise']), user('k2', ['kulk-komise']), user('k3', ['kulk-komise'], false)],
      departments: [{ id: 'OD', parentId: null, headUserId: 'head' }],
      grants: [],
      substitutions: [],
    };
    const f = directoryFacts(def, dir);
    expect(f).toEqual({ groupMembers: { 'kulk-komise': ['k1', 'k2', 'k3'] } });
    const before = reviewed(20000, f);
    const committee = reviewed(120000, f);
    const completed = completeAssignment(def, before.snapshot, committee, planAssignment(def, before.snapshot, committee), dir).outcome.snapshot;
    expect(completed.fallbacks).toEqual([{ party: { kind: 'user', userId: 'k3' }, reason: 'inactive', userId: 'head', link: 'filerDepartmentHead' }]);
    const byFallback = ok(completed, approve, head, f);
    expect(byFallback.history[0].actor).toEqual({ userId: 'head', fallbackFor: { kind: 'user', userId: 'k3' } });
  });
});

describe('the directory check of a group (agenda:check --directory, publishing)', () => {
  const user = (id: string, groups: string[] = [], active = true) => ({ id, active, departmentId: 'OD', roles: ['employee'], groups, displayName: id });
  const base: OfficeDirectory = {
    users: [user('filer'), user('head'), user('fm', ['kulk-spravci']), user('dir')].map((u) => (u.id === 'dir' ? { ...u, roles: ['employee', 'director'] } : u)),
    departments: [{ id: 'OD', parentId: null, headUserId: 'head' }],
    grants: [],
    substitutions: [],
  };
  // The single facility manager under four eyes is reported too; these tests are about the committee.
  const codes = (dir: OfficeDirectory) => checkAgainstDirectory(def, dir).filter((f) => f.state === 'committee').map((f) => `${f.severity} ${f.code} ${f.path}`);

  it('says when a group has no members, has inactive ones, or is smaller than its quorum', () => {
    expect(codes(base)).toEqual(['error QUORUM_EXCEEDS_GROUP /workflow/states/2/approval/quorum', 'error GROUP_HAS_NO_MEMBERS /workflow/states/2/approval/participants/0']);
    const withMembers = { ...base, users: [...base.users, user('k1', ['kulk-komise']), user('k2', ['kulk-komise']), user('k3', ['kulk-komise'], false)] };
    expect(codes(withMembers)).toEqual(['warning GROUP_MEMBERS_INACTIVE /workflow/states/2/approval/participants/0']);
  });
});

describe('votes commute', () => {
  it('a vote sent with an older version of the same round is merged, not refused as stale', () => {
    const committee = reviewed(120000).snapshot;
    const seen = committee.version;
    const first = ok(committee, { ...approve, expectedVersion: seen }, person('k1')).snapshot;
    expect(isStale(first, { ...approve, expectedVersion: seen })).toBe(false);
    const second = ok(first, { type: 'vote', vote: 'reject', comment: 'Ne.', expectedVersion: seen }, person('k2'));
    expect(second.snapshot.approval?.slots.map((s) => s.vote?.vote ?? null)).toEqual(['approve', 'reject', null]);
    // A step that changes data still needs the exact version.
    expect(isStale(first, { type: 'transition', name: 'decide', expectedVersion: seen })).toBe(true);
  });

  it('a vote for a round decided meanwhile is late: not counted, nothing changes, no error', () => {
    const committee = reviewed(120000).snapshot;
    const seen = committee.version;
    const decided = ok(ok(committee, { ...approve, expectedVersion: seen }, person('k1')).snapshot, { ...approve, expectedVersion: seen }, person('k2')).snapshot;
    expect(decided.final).toBe(true);
    const late = transition(def, decided, { type: 'vote', vote: 'reject', expectedVersion: seen }, person('k3'), at, facts);
    expect(late.ok && late.value).toEqual({ snapshot: decided, effects: [], history: [], lateVote: { state: 'committee', result: 'approved', vote: 'reject' } });
    // Someone who had no vote in that round learns nothing new: the request is closed.
    const outsider = transition(def, decided, { ...approve, expectedVersion: seen }, person('x'), at, facts);
    expect(!outsider.ok && outsider.error.code).toBe('WRONG_STATE');
    // A vote sent with a version from before the round opened is stale.
    expect(isStale(decided, { ...approve, expectedVersion: seen - 1 })).toBe(true);
  });
});

describe('late votes and new rounds', () => {
  it('a vote of an earlier round is late, a second vote in the round open now is refused', () => {
    const started = startRequest(def, request, filer, at, {}, facts);
    if (!started.ok) throw new Error('start');
    const round1 = ok(started.value.snapshot, { type: 'transition', name: 'submit', data: { amount: 100 } }, filer).snapshot;
    // The head returns it: the facility manager had not voted, their vote is lost with the round.
    const returned = ok(round1, { type: 'vote', vote: 'reject', comment: 'Doplnit.' }, head).snapshot;
    expect(returned.state).toBe('draft');
    const round2 = ok(returned, { type: 'transition', name: 'submit', data: { amount: 200 } }, filer).snapshot;
    const late = transition(def, round2, { ...approve, expectedVersion: round1.version }, facility, at, facts);
    expect(late.ok && late.value.lateVote).toEqual({ state: 'review', result: 'rejected', vote: 'approve' });
    const voted = ok(round2, approve, facility).snapshot;
    const again = transition(def, voted, approve, facility, at, facts);
    expect(!again.ok && again.error.message.en).toBe('You have already voted in this round.');
  });
});

describe('the checker (issue 20)', () => {
  const broken = (mutate: (d: AgendaDefinition) => void) => {
    const d = structuredClone(def);
    mutate(d);
    const r = validateDefinition(d);
    return r.ok ? [] : r.error.map((e) => `${e.rule} ${e.pointer}`);
  };
  const committee = (d: AgendaDefinition) => {
    const approval = d.workflow.states[2].approval;
    if (!approval) throw new Error('no approval');
    return approval;
  };

  it('proves every route target of an approval outcome exists', () => {
    expect(broken((d) => (committee(d).onRejected.routes = [{ when: { var: 'approval.approvals' }, to: 'nowhere' }]))).toEqual(['UNKNOWN_STATE /workflow/states/2/approval/onRejected/routes/0/to']);
  });

  it('refuses a route that always or never holds, and routes hidden behind one', () => {
    expect(
      broken((d) => {
        committee(d).onApproved.routes = [
          { when: true, to: 'director' },
          { when: { '>': [{ var: 'data.amount' }, 1] }, to: 'rejected' },
        ];
      }),
    ).toEqual(['INVALID_ROUTE /workflow/states/2/approval/onApproved/routes/0/when', 'INVALID_ROUTE /workflow/states/2/approval/onApproved/routes/1']);
  });

  it('knows "voters" and "approval" only inside an approval, and lets a vote only notify', () => {
    expect(
      broken((d) => {
        d.workflow.states[0].assignTo = [{ voters: true }];
        d.workflow.transitions[0].guard = { '>': [{ var: 'approval.approvals' }, 0] };
        committee(d).onVote = [{ type: 'setField', field: 'amount', value: 1 }];
        committee(d).onApproved.routes = [{ when: { '>': [{ var: 'approval.votes' }, 0] }, to: 'director' }];
      }),
    ).toEqual([
      'INVALID_PARTY /workflow/states/0/assignTo/0/voters',
      'INVALID_EFFECT /workflow/states/2/approval/onVote/0/type',
      'UNKNOWN_VARIABLE /workflow/transitions/0/guard/>/0/var',
      'UNKNOWN_VARIABLE /workflow/states/2/approval/onApproved/routes/0/when/>/0/var',
    ]);
  });
});
