import { defineRule } from '../decision';

/**
 * A task (úkol) of a request, for claiming it from a shared role queue and giving it back.
 * `holder`: the task is open and addressed to one of the person's own party keys, or to one of an
 * absent principal's keys on a request that is not the principal's own (the same deputy rule as
 * requests). Everyone else gets 404: a task id reveals nothing.
 */
export interface TaskFacts {
  holder: boolean;
}

export const taskRule = defineRule<TaskFacts, 'claim'>({
  describe: 'an open task: its holders (own name, role, department headed) and their deputies',
  actions: { claim: 'claim it from a role queue or give it back (409 when a colleague has it)' },
  id: 'uuid',
  decide: (facts) => (facts.holder ? 'allow' : 'hide'),
});
