import type { RequestAction } from '@agendy/shared/contracts';
import { chooseMove, isOnward, isPrimary, moveKey, patchBody, STEP_COMMENT, transitionBody, type Move } from './choose';
import { fixedRng, seededRng } from './rng';
import { person } from './test-directory';

const action = (name: string, extra: Partial<RequestAction> = {}): RequestAction => ({
  kind: 'transition',
  name,
  label: { cs: name, en: name },
  to: 'next',
  commentRequired: false,
  editableFields: [],
  requiredFields: [],
  style: null,
  enabled: true,
  disabledReason: null,
  ...extra,
});
const someone = person('someone');
const move = (a: RequestAction): Move => ({ type: 'action', person: someone, action: a });

describe('chooseMove', () => {
  const save = move(action('save', { to: 'draft' }));
  const submit = move(action('submit', { style: 'primary', to: 'approval' }));
  const withdraw = move(action('withdraw', { style: 'secondary', to: 'withdrawn' }));
  const disabled = move(action('approve', { style: 'primary', enabled: false }));

  it('never picks a disabled step, and nothing when nothing is usable', () => {
    for (let seed = 0; seed < 50; seed++) expect(chooseMove([disabled, save], 'draft', seededRng(seed))).toBe(save);
    expect(chooseMove([disabled], 'draft', seededRng(1))).toBeUndefined();
    expect(chooseMove([], 'draft', seededRng(1))).toBeUndefined();
  });

  it('takes the happy path when the first coin says so, else prefers leaving the state', () => {
    expect(chooseMove([save, submit, withdraw], 'draft', fixedRng([0.1, 0.0]))).toBe(submit);
    // primary coin fails (0.9 ≥ 0.6), onward coin holds (0.1 < 0.75): submit or withdraw, never save
    const picks = new Set([0, 0.5, 0.99].map((r) => chooseMove([save, submit, withdraw], 'draft', fixedRng([0.9, 0.1, r]))));
    expect(picks).toEqual(new Set([submit, withdraw]));
    // both coins fail: anything, saving included
    expect(chooseMove([save, submit, withdraw], 'draft', fixedRng([0.9, 0.9, 0.0]))).toBe(save);
  });

  it('over many walks every usable move is taken now and then', () => {
    const rng = seededRng(7);
    const seen = new Set<Move | undefined>();
    for (let i = 0; i < 500; i++) seen.add(chooseMove([save, submit, withdraw], 'draft', rng));
    expect(seen).toEqual(new Set([save, submit, withdraw]));
  });

  it('counts signatures and approving votes as the happy path, votes as onward', () => {
    const sign: Move = { type: 'sign', person: someone, documentId: 'd', taskId: 't', level: 'advanced' };
    const approve = move(action('approve', { kind: 'vote', to: null }));
    const reject = move(action('reject', { kind: 'vote', to: null, style: 'danger' }));
    expect([sign, approve, reject].map(isPrimary)).toEqual([true, true, false]);
    expect([sign, approve, save].map((m) => isOnward(m, 'draft'))).toEqual([true, true, false]);
    expect(moveKey(sign)).toBe('sign:id-someone:t');
    expect(moveKey(reject)).toBe('vote:reject:id-someone');
  });
});

describe('transitionBody', () => {
  const dataset = { title: 'Směrnice', summary: 'Shrnutí', technician: 'from-dataset' };

  it('carries the editable fields from the step data first, then from the filing', () => {
    const body = transitionBody(action('assign', { editableFields: ['technician', 'title', 'missing'] }), dataset, { technician: 'real-tech' }, 4, fixedRng([0.9]));
    expect(body).toEqual({ transition: 'assign', expectedVersion: 4, data: { technician: 'real-tech', title: 'Směrnice' } });
  });

  it('sends no data for a step that edits nothing, a comment when one is required', () => {
    expect(transitionBody(action('return', { commentRequired: true }), dataset, undefined, 2, fixedRng([0.9]))).toEqual({ transition: 'return', expectedVersion: 2, comment: STEP_COMMENT });
  });

  it('votes with kind vote; a rejection that needs a comment gets one', () => {
    expect(transitionBody(action('reject', { kind: 'vote', commentRequired: true }), dataset, undefined, 3, fixedRng([0.9]))).toEqual({ transition: 'reject', kind: 'vote', expectedVersion: 3, comment: STEP_COMMENT });
    expect(transitionBody(action('approve', { kind: 'vote' }), dataset, undefined, 3, fixedRng([0.9]))).toEqual({ transition: 'approve', kind: 'vote', expectedVersion: 3 });
  });
});

describe('patchBody', () => {
  const dataset = { title: 'Směrnice' };

  it('turns a save (self-loop editing fields) into a PATCH half of the time', () => {
    const save = action('save', { to: 'draft', editableFields: ['title'] });
    expect(patchBody(save, 'draft', dataset, 5, fixedRng([0.1]))).toEqual({ data: { title: 'Směrnice' }, expectedVersion: 5 });
    expect(patchBody(save, 'draft', dataset, 5, fixedRng([0.9]))).toBeUndefined();
  });

  it('never for steps that move, need a comment or required fields', () => {
    const rng = fixedRng([0]);
    expect(patchBody(action('submit', { to: 'approval', editableFields: ['title'] }), 'draft', dataset, 1, rng)).toBeUndefined();
    expect(patchBody(action('save', { to: 'draft', editableFields: ['title'], commentRequired: true }), 'draft', dataset, 1, rng)).toBeUndefined();
    expect(patchBody(action('save', { to: 'draft', editableFields: ['title'], requiredFields: ['title'] }), 'draft', dataset, 1, rng)).toBeUndefined();
  });
});
