import type { AgendaDefinition } from '../definition.types';
import type { Actor, RequestContext, TransitionOutcome, WorkflowSnapshot } from '../runtime.types';
import { SYSTEM_ACTOR } from '../runtime.types';
import { validateDefinition } from '../validate-definition';
import { startRequest } from '../start-request';
import { transition } from '../transition';
import { availableTransitions } from '../available-transitions';
import { checkSnapshot } from '../snapshot-check';
import { actingParties } from './acting-parties';
import { resolveVacancies } from './resolve-vacancies';
import { completeAssignment, escalationRecipients, planAssignment } from './complete-assignment';
import { checkAgainstDirectory } from './directory-check';
import type { DirectoryUser, OfficeDirectory } from './office-directory';
import { vacantPartyPhrase } from './party-labels';

const L = (cs: string, en: string) => ({ cs, en });

const definition = validOrThrow({
  code: 'fallback-test',
  version: 1,
  name: L('Náhradníci', 'Fallbacks'),
  description: L('Agenda pro testy náhradníků.', 'Agenda for fallback tests.'),
  roles: [{ code: 'legal', name: L('Právník', 'Lawyer'), directoryGroups: ['KULK-Pravnici'] }],
  form: {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['title'],
      properties: { title: { type: 'string', minLength: 1 }, departments: { type: 'array', items: { type: 'string' } } },
    },
    ui: {
      sections: [{ id: 'main', title: L('Žádost', 'Request'), fields: ['title', 'departments'] }],
      fields: { title: { label: L('Název', 'Title') }, departments: { label: L('Odbory', 'Departments'), widget: 'departments' } },
    },
  },
  workflow: {
    initial: 'draft',
    start: { who: [{ role: 'employee' }] },
    states: [
      { id: 'draft', label: L('Rozpracováno', 'Draft'), assignTo: [{ filer: true }] },
      {
        id: 'review',
        label: L('Právní posouzení', 'Legal review'),
        assignTo: [{ role: 'legal' }],
        deadline: { businessDays: 2, escalateTo: [{ role: 'legal' }, { role: 'director' }] },
        onEnter: [{ type: 'notify', to: [{ role: 'legal' }], message: L('Posuďte.', 'Review it.') }],
      },
      {
        id: 'round',
        label: L('Připomínky', 'Comments'),
        approval: { participants: [{ departmentManagersFromField: 'departments' }], mode: 'all', waitForAll: true, onApproved: { to: 'approval' }, onRejected: { to: 'approval' } },
      },
      { id: 'approval', label: L('Schválení', 'Approval'), assignTo: [{ managerOfFiler: true }] },
      { id: 'done', label: L('Hotovo', 'Done'), final: true, outcome: 'completed' },
    ],
    transitions: [
      { name: 'submit', label: L('Podat', 'Submit'), from: 'draft', to: 'review', who: [{ filer: true }], editableFields: ['title', 'departments'] },
      { name: 'legal-approve', label: L('Schválit', 'Approve'), from: 'review', to: 'round', who: [{ role: 'legal' }], forbidFiler: true },
      { name: 'legal-return', label: L('Vrátit', 'Return'), from: 'review', to: 'draft', who: [{ role: 'legal' }], validation: 'partial' },
      { name: 'approve', label: L('Schválit', 'Approve'), from: 'approval', to: 'done', who: [{ managerOfFiler: true }], forbidFiler: true },
    ],
  },
  documents: [],
  records: { fileMark: '1.1', retention: { sign: 'S', years: 5 } },
});

function validOrThrow(input: unknown): AgendaDefinition {
  const checked = validateDefinition(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.error, null, 2));
  return checked.value;
}

const user = (id: string, departmentId: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({ id, active: true, departmentId, roles: ['employee'], groups: [], displayName: id, ...extra });

/** OINF under SEK; OD without a head; a director, an agenda administrator, two lawyers. */
function office(): OfficeDirectory {
  return {
    users: [
      user('filer', 'OINF'),
      user('head-oinf', 'OINF', { roles: ['employee', 'manager'] }),
      user('head-sek', 'SEK', { roles: ['employee', 'manager'] }),
      user('director', 'KR', { roles: ['employee', 'manager', 'director'] }),
      user('admin', 'OINF', { roles: ['employee', 'agenda-admin'] }),
      user('lawyer', 'OLP', { groups: ['kulk-pravnici'] }),
      user('lawyer2', 'OLP', { groups: ['kulk-pravnici'] }),
    ],
    departments: [
      { id: 'OINF', code: 'OINF', parentId: 'SEK', headUserId: 'head-oinf' },
      { id: 'SEK', code: 'SEK', parentId: null, headUserId: 'head-sek' },
      { id: 'KR', code: 'KR', parentId: null, headUserId: 'director' },
      { id: 'OD', code: 'OD', parentId: null, headUserId: null },
      { id: 'OLP', code: 'OLP', parentId: null, headUserId: null },
    ],
    grants: [],
    substitutions: [],
  };
}

const without = (dir: OfficeDirectory, ...ids: string[]): OfficeDirectory => ({
  ...dir,
  users: dir.users.filter((u) => !ids.includes(u.id)),
  departments: dir.departments.map((d) => (d.headUserId && ids.includes(d.headUserId) ? { ...d, headUserId: null } : d)),
});

const request: RequestContext = { id: 'R1', agendaCode: 'fallback-test', filerId: 'filer', filerDepartmentId: 'OINF', createdAt: '2026-12-01T08:00:00.000Z' };
const at = new Date('2026-12-01T09:00:00.000Z');
const actor = (userId: string, roles: string[] = ['employee'], managerOf: string[] = []): Actor => ({ userId, roles, managerOf });
const filer = actor('filer');
const legalRole = { kind: 'role', role: 'legal' } as const;

/** Files and submits through the engine, completing the assignment like the runtime after each event. */
function submitted(dir: OfficeDirectory, data: Record<string, unknown> = { title: 'Směrnice', departments: ['KR'] }): WorkflowSnapshot {
  const started = startRequest(definition, request, filer, at);
  if (!started.ok) throw new Error(started.error.message.en);
  const filed = assign(undefined, started.value, dir).outcome;
  return step(filed.snapshot, { type: 'transition', name: 'submit', data }, filer, dir).snapshot;
}

function assign(previous: WorkflowSnapshot | undefined, outcome: TransitionOutcome, dir: OfficeDirectory) {
  return completeAssignment(definition, previous, outcome, planAssignment(definition, previous, outcome), dir);
}

function step(snapshot: WorkflowSnapshot, event: Parameters<typeof transition>[2], who: Actor, dir: OfficeDirectory): TransitionOutcome {
  const result = transition(definition, snapshot, event, who, at);
  if (!result.ok) throw new Error(`${who.userId}: ${result.error.code} ${result.error.message.en}`);
  const done = assign(snapshot, result.value, dir).outcome;
  expect(checkSnapshot(definition, done.snapshot)).toEqual([]);
  return done;
}

describe('resolution chain (issue 19)', () => {
  const resolve = (dir: OfficeDirectory, fourEyes = false) => resolveVacancies(definition, request, [{ party: legalRole, fourEyes }], dir);

  it('leaves a held party alone', () => {
    expect(resolve(office())).toEqual({ fallbacks: [], unassigned: [] });
  });

  it('walks deputy → head of the filer’s department → head above → director → administrators', () => {
    const noLawyers = without(office(), 'lawyer', 'lawyer2');
    expect(resolve(noLawyers).fallbacks).toEqual([{ party: legalRole, reason: 'nobody', userId: 'head-oinf', link: 'filerDepartmentHead' }]);
    expect(resolve(without(noLawyers, 'head-oinf')).fallbacks).toEqual([expect.objectContaining({ userId: 'head-sek', link: 'parentDepartmentHead' })]);
    expect(resolve(without(noLawyers, 'head-oinf', 'head-sek')).fallbacks).toEqual([expect.objectContaining({ userId: 'director', link: 'director' })]);
    const noDirector = without(noLawyers, 'head-oinf', 'head-sek', 'director');
    expect(resolve(noDirector).fallbacks).toEqual([expect.objectContaining({ userId: 'admin', link: 'agendaAdmin' })]);
    // The agenda's admin grant counts like the global role.
    const granted = { ...without(noDirector, 'admin'), grants: [{ agendaCode: 'fallback-test', grant: 'admin' as const, subjectType: 'user' as const, subject: 'filer2' }] };
    const withGrantee = { ...granted, users: [...granted.users, user('filer2', 'OD')] };
    expect(resolve(withGrantee).fallbacks).toEqual([expect.objectContaining({ userId: 'filer2', link: 'agendaAdmin' })]);
    expect(resolve(without(noDirector, 'admin'))).toEqual({ fallbacks: [], unassigned: [{ party: legalRole, reason: 'nobody' }] });
  });

  it('takes the active deputy of an inactive holder first', () => {
    const dir = office();
    const inactive = { ...dir, users: dir.users.map((u) => (u.id.startsWith('lawyer') ? { ...u, active: false } : u)), substitutions: [{ principalId: 'lawyer', deputyId: 'admin' }] };
    expect(resolve(inactive).fallbacks).toEqual([{ party: legalRole, reason: 'inactive', userId: 'admin', link: 'deputy' }]);
  });

  it('counts the filer as no holder under four eyes, and never makes the filer a fallback', () => {
    const filerIsLawyer = { ...without(office(), 'lawyer', 'lawyer2', 'head-oinf'), users: [...without(office(), 'lawyer', 'lawyer2', 'head-oinf').users.map((u) => (u.id === 'filer' ? { ...u, groups: ['kulk-pravnici'], roles: ['employee', 'director'] } : u))] };
    expect(resolve(filerIsLawyer, false)).toEqual({ fallbacks: [], unassigned: [] });
    const resolved = resolve(filerIsLawyer, true);
    expect(resolved.fallbacks).toEqual([expect.objectContaining({ reason: 'fourEyes', userId: 'head-sek' })]);
    expect(resolved.fallbacks.map((f) => f.userId)).not.toContain('filer');
  });
});

describe('the engine honours recorded fallbacks', () => {
  const noLawyers = without(office(), 'lawyer', 'lawyer2');

  it('lets the fallback take exactly the vacant party’s steps, and the history says for whom', () => {
    const review = submitted(noLawyers);
    expect(review.fallbacks).toEqual([{ party: legalRole, reason: 'nobody', userId: 'head-oinf', link: 'filerDepartmentHead' }]);
    const head = actor('head-oinf', ['employee', 'manager'], ['OINF']);
    expect(availableTransitions(definition, review, head, at).map((a) => a.name)).toEqual(['legal-approve', 'legal-return']);
    expect(availableTransitions(definition, review, actor('admin', ['employee', 'agenda-admin']), at)).toEqual([]);
    const done = step(review, { type: 'transition', name: 'legal-approve', data: {} }, head, noLawyers);
    expect(done.history[0].actor).toEqual({ userId: 'head-oinf', fallbackFor: legalRole });
    expect(vacantPartyPhrase(legalRole, definition).cs).toBe('za neobsazenou roli „Právník“');
    // The fallback lapses with the state: the head cannot act for "legal" in the next one.
    expect(done.snapshot.fallbacks).toBeUndefined();
  });

  it('a request filed by the only holder of a reviewing role can be approved by the chain’s fallback', () => {
    const dir = { ...noLawyers, users: noLawyers.users.map((u) => (u.id === 'filer' ? { ...u, groups: ['kulk-pravnici'] } : u)) };
    const review = submitted(dir);
    const lawyerFiler = actor('filer', ['employee', 'legal']);
    // Four eyes per person: the filer may still return it, never approve it.
    expect(availableTransitions(definition, review, lawyerFiler, at).map((a) => a.name)).toEqual(['legal-return']);
    expect(review.fallbacks).toEqual([expect.objectContaining({ reason: 'fourEyes', userId: 'head-oinf' })]);
    const approved = transition(definition, review, { type: 'transition', name: 'legal-approve' }, actor('head-oinf', ['employee', 'manager'], ['OINF']), at);
    expect(approved.ok).toBe(true);
  });

  it('a comment round to departments without a head ends: the fallback casts the vote of each vacant slot', () => {
    const dir = office();
    const round = step(submitted(dir, { title: 'Směrnice', departments: ['OD', 'OLP'] }), { type: 'transition', name: 'legal-approve' }, actor('lawyer', ['employee', 'legal']), dir).snapshot;
    expect(round.state).toBe('round');
    expect(actingParties(definition, round).map((p) => p.party)).toEqual([
      { kind: 'departmentManager', departmentId: 'OD' },
      { kind: 'departmentManager', departmentId: 'OLP' },
    ]);
    expect(round.fallbacks?.map((f) => f.userId)).toEqual(['head-oinf', 'head-oinf']);
    const head = actor('head-oinf', ['employee', 'manager'], ['OINF']);
    const first = step(round, { type: 'vote', vote: 'approve' }, head, dir);
    expect(first.history[0].actor.fallbackFor).toEqual({ kind: 'departmentManager', departmentId: 'OD' });
    // After a vote the plan keeps the recorded fallbacks: nothing to look up in the directory.
    const raw = transition(definition, round, { type: 'vote', vote: 'approve' }, head, at);
    if (!raw.ok) throw new Error('vote refused');
    expect(planAssignment(definition, round, raw.value).lookup).toEqual([]);
    const second = step(first.snapshot, { type: 'vote', vote: 'approve' }, head, dir);
    expect(second.snapshot.state).toBe('approval');
    const third = transition(definition, second.snapshot, { type: 'vote', vote: 'approve' }, head, at);
    expect(third.ok).toBe(false);
  });

  it('notifies, escalates to and alerts about the fallback', () => {
    const started = startRequest(definition, request, filer, at);
    if (!started.ok) throw new Error('not filed');
    const draft = assign(undefined, started.value, noLawyers).outcome.snapshot;
    const submittedOutcome = transition(definition, draft, { type: 'transition', name: 'submit', data: { title: 'x' } }, filer, at);
    if (!submittedOutcome.ok) throw new Error('not submitted');
    const { outcome, alerts } = assign(draft, submittedOutcome.value, noLawyers);
    const notify = outcome.effects.find((e) => e.type === 'notify');
    expect(notify?.type === 'notify' && notify.recipients).toEqual([legalRole, { kind: 'user', userId: 'head-oinf' }]);
    expect(alerts).toEqual([{ party: legalRole, reason: 'nobody', fallbackUserIds: ['head-oinf'], link: 'filerDepartmentHead' }]);

    const deadline = outcome.snapshot.deadlines[0];
    const escalated = transition(definition, outcome.snapshot, { type: 'timer', deadlineId: deadline.id, timer: 'escalate' }, SYSTEM_ACTOR, new Date(deadline.escalateAt));
    if (!escalated.ok) throw new Error('not escalated');
    const after = assign(outcome.snapshot, escalated.value, noLawyers);
    expect(escalationRecipients(after.outcome)).toEqual([legalRole, { kind: 'role', role: 'director' }, { kind: 'user', userId: 'head-oinf' }]);
    // Known vacancies are not alerted again.
    expect(after.alerts).toEqual([]);
  });

  it('routes the approval of a filer whose department has no head to the head above', () => {
    const dir = without(office(), 'head-oinf');
    const round = step(submitted(dir, { title: 'x', departments: ['KR'] }), { type: 'transition', name: 'legal-approve' }, actor('lawyer', ['employee', 'legal']), dir).snapshot;
    const approval = step(round, { type: 'vote', vote: 'approve' }, actor('director', ['employee', 'director'], ['KR']), dir).snapshot;
    expect(approval.state).toBe('approval');
    expect(approval.fallbacks).toEqual([{ party: { kind: 'departmentManager', departmentId: 'OINF' }, reason: 'nobody', userId: 'head-sek', link: 'parentDepartmentHead' }]);
    const done = step(approval, { type: 'transition', name: 'approve' }, actor('head-sek', ['employee', 'manager'], ['SEK']), dir);
    expect(done.snapshot.state).toBe('done');
  });
});

describe('checkAgainstDirectory', () => {
  it('is silent for a directory that fills every party', () => {
    const dir = office();
    const full = { ...dir, departments: dir.departments.map((d) => (d.headUserId ? d : { ...d, headUserId: 'head-sek' })) };
    expect(checkAgainstDirectory(definition, full)).toEqual([]);
  });

  it('names every party of every state that resolves to nobody, with the fallback the chain would take', () => {
    const findings = checkAgainstDirectory(definition, without(office(), 'lawyer2', 'lawyer'));
    expect(findings.filter((f) => f.code === 'NOBODY_HOLDS_ROLE').map((f) => [f.state, f.path])).toEqual([
      ['review', '/workflow/states/1/assignTo/0'],
    ]);
    expect(findings.find((f) => f.code === 'NOBODY_HOLDS_ROLE')?.fallback?.en).toBe('the director: director');
    expect(findings.filter((f) => f.code === 'NO_DEPARTMENT_HEAD').map((f) => f.message.en)).toEqual([
      'Department OD has no active head (head of department OD).',
      'Department OLP has no active head (head of department OLP).',
    ]);
  });

  it('warns when the four-eyes rule would leave a single holder’s own request without a reviewer', () => {
    const findings = checkAgainstDirectory(definition, without(office(), 'lawyer2'));
    expect(findings.filter((f) => f.severity === 'warning').map((f) => [f.code, f.path])).toEqual([['SINGLE_HOLDER_FOUR_EYES', '/workflow/transitions/1/who/0']]);
  });
});
