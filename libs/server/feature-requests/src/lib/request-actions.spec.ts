import type { RequestAction } from '@agendy/shared/contracts';
import { bulkActionsOf, isBulkEligible } from './request-actions';

const approve: RequestAction = {
  kind: 'transition',
  name: 'approve',
  label: { cs: 'Schválit', en: 'Approve' },
  to: 'approved',
  commentRequired: false,
  editableFields: [],
  requiredFields: [],
  style: 'primary',
  enabled: true,
  disabledReason: null,
};

describe('isBulkEligible', () => {
  it('allows the forward step that asks nothing but the click', () => {
    expect(isBulkEligible(approve)).toBe(true);
    expect(isBulkEligible({ ...approve, kind: 'vote', style: null })).toBe(true);
  });

  it.each<[string, Partial<RequestAction>]>([
    ['a required comment (return, reject)', { commentRequired: true }],
    ['a field to fill in (approved amount)', { requiredFields: ['approvedAmount'] }],
    ['fields it may change', { editableFields: ['note'] }],
    ['a failing condition', { enabled: false }],
    ['a secondary or danger step', { style: 'danger' }],
    ['a step without a style', { style: null }],
    ['a rejecting vote', { kind: 'vote', name: 'reject' }],
  ])('refuses a step with %s', (_, change) => {
    expect(isBulkEligible({ ...approve, ...change })).toBe(false);
  });

  it('lists only the eligible steps, as references', () => {
    expect(bulkActionsOf([approve, { ...approve, name: 'return', commentRequired: true, style: null }])).toEqual([
      { kind: 'transition', name: 'approve', label: { cs: 'Schválit', en: 'Approve' } },
    ]);
  });
});
