import type { RequestAction, TransitionBody, UpdateRequestBody } from '@agendy/shared/contracts';
import type { FormData } from '@agendy/workflow/engine';
import type { WalkPerson } from './directory';
import type { Rng } from './rng';
import { chance, pick } from './rng';

/**
 * Choosing the next move of a walk among everything the people involved may do now, and building
 * the body that carries it out. Pure: the walker feeds in what the API offered.
 */

/** A step or vote a person was offered (`availableTransitions` of the request detail as they see it). */
export interface ActionMove {
  type: 'action';
  person: WalkPerson;
  action: RequestAction;
}

/** A signature task the person may sign now (`canSign` in the documents list as they see it). */
export interface SignMove {
  type: 'sign';
  person: WalkPerson;
  documentId: string;
  taskId: string;
  level: 'simple' | 'advanced' | 'qualified' | 'seal';
}

export type Move = ActionMove | SignMove;

export interface ChoiceBias {
  /** How often the happy path is taken when there is one: a `primary` step, an approving vote, a signature. */
  primary: number;
  /** Otherwise, how often a move that leaves the state is preferred over saving or staying. */
  onward: number;
}

/**
 * The default bias walks most requests deep (documents generated, signed and sealed, registers
 * written) while every fourth-or-so choice still takes a return, a rejection or a withdrawal.
 */
export const DEFAULT_BIAS: ChoiceBias = { primary: 0.6, onward: 0.75 };

export function isPrimary(move: Move): boolean {
  if (move.type === 'sign') return true;
  return move.action.kind === 'vote' ? move.action.name === 'approve' : move.action.style === 'primary';
}

export function isOnward(move: Move, state: string): boolean {
  if (move.type === 'sign' || move.action.kind === 'vote') return true;
  return move.action.to !== null && move.action.to !== state;
}

/** Only moves that can be made: enabled actions (a disabled one's guard fails on the current data). */
export function usable(moves: readonly Move[]): Move[] {
  return moves.filter((m) => m.type === 'sign' || m.action.enabled);
}

/** One of the usable moves, or undefined when there is none. */
export function chooseMove(moves: readonly Move[], state: string, rng: Rng, bias: ChoiceBias = DEFAULT_BIAS): Move | undefined {
  const open = usable(moves);
  if (open.length === 0) return undefined;
  const primary = open.filter(isPrimary);
  if (primary.length > 0 && chance(rng, bias.primary)) return pick(rng, primary);
  const onward = open.filter((m) => isOnward(m, state));
  if (onward.length > 0 && chance(rng, bias.onward)) return pick(rng, onward);
  return pick(rng, open);
}

/** A key naming the move, to remember the ones the server refused at a version. */
export function moveKey(move: Move): string {
  return move.type === 'sign' ? `sign:${move.person.id}:${move.taskId}` : `${move.action.kind}:${move.action.name}:${move.person.id}`;
}

export const STEP_COMMENT = 'Krok náhodné procházky (zátěžový test).';

/**
 * The body of a step: the fields the step may edit, taken from the filing's data (so a submit
 * carries the complete form) and from the fixture's data for this very step (an approved amount,
 * a technician), plus a comment when the step requires one (sometimes also when not).
 */
export function transitionBody(action: RequestAction, dataset: FormData, stepData: FormData | undefined, version: number, rng: Rng): TransitionBody {
  const comment = action.commentRequired || chance(rng, 0.3) ? STEP_COMMENT : undefined;
  if (action.kind === 'vote') return { transition: action.name, kind: 'vote', expectedVersion: version, ...(comment ? { comment } : {}) };
  const data: FormData = {};
  for (const field of action.editableFields) {
    if (stepData && stepData[field] !== undefined) data[field] = stepData[field];
    else if (dataset[field] !== undefined) data[field] = dataset[field];
  }
  return { transition: action.name, expectedVersion: version, ...(Object.keys(data).length ? { data } : {}), ...(comment ? { comment } : {}) };
}

/**
 * A self-loop step that edits fields (`save`) may be sent as `PATCH /requests/:id` instead — the
 * way the web form autosaves. Undefined when the move is not such a step or the coin says no.
 */
export function patchBody(action: RequestAction, state: string, dataset: FormData, version: number, rng: Rng): UpdateRequestBody | undefined {
  if (action.kind !== 'transition' || action.to !== state || action.commentRequired || action.requiredFields.length > 0) return undefined;
  const data: FormData = {};
  for (const field of action.editableFields) if (dataset[field] !== undefined) data[field] = dataset[field];
  if (Object.keys(data).length === 0 || !chance(rng, 0.5)) return undefined;
  return { data, expectedVersion: version };
}
