import { defineRule, type Decision } from '../decision';
import { holdsRole, type Subject } from '../subject';

/**
 * Requests (žádosti), ADR 0004. A person relates to a request in one or more capacities; the
 * owning area (feature-requests, RequestVisibility) finds them with SQL and this file decides.
 *
 * - `filer`: filed it.
 * - `assignee`: holds or held a task of it (own name, a role held, a department headed, a fallback,
 *   an escalation target).
 * - `actor`: holds a role that may take a step of its current state (HR recording a leave as taken).
 * - `signer`: must sign one of its documents.
 * - `participant`: took a step in it.
 * - `deputy`: stands in for an absent assignee or signer — never on the absent person's *own*
 *   request (their leave or sick leave is not work to take over): see `deputyCounts`.
 * - `officer`, `agenda-admin`: per-agenda grant, or the global agenda-admin role.
 * - `auditor`: per-agenda auditor grant or the global auditor role: reads, changes nothing.
 */
export const REQUEST_CAPACITIES = ['filer', 'assignee', 'actor', 'signer', 'participant', 'deputy', 'officer', 'agenda-admin', 'auditor'] as const;
export type RequestCapacity = (typeof REQUEST_CAPACITIES)[number];

export interface RequestFacts {
  capacities: readonly RequestCapacity[];
}

/** What the owning area's SQL found about one request and one person, before the rules apply. */
export interface RequestRelation {
  filerId: string;
  agendaCode: string;
  /** A task of the request is (or was) addressed to one of the person's own party keys. */
  assignee: boolean;
  /** A role the person holds may take a step of the current state (and the request is open). */
  actor: boolean;
  /** A signature of it is owed by one of the person's own party keys. */
  signer: boolean;
  /** The person took a step in it. */
  participant: boolean;
  /** Absent people (principals) whose party keys are on the request's tasks. */
  deputyPrincipals: readonly string[];
}

/** A deputy stands in for the absent person's work, never for the absent person's own request. */
export function deputyCounts(principalId: string, filerId: string): boolean {
  return principalId !== filerId;
}

/** The capacities of `subject` on a request, from the relation its owning area loaded. */
export function requestCapacities(subject: Subject, rel: RequestRelation): RequestCapacity[] {
  const grants = subject.grants.filter((g) => g.agendaCode === rel.agendaCode).map((g) => g.grant);
  const caps: RequestCapacity[] = [];
  if (rel.filerId === subject.userId) caps.push('filer');
  if (rel.assignee) caps.push('assignee');
  if (rel.actor) caps.push('actor');
  if (rel.signer) caps.push('signer');
  if (rel.participant) caps.push('participant');
  if (rel.deputyPrincipals.some((p) => deputyCounts(p, rel.filerId))) caps.push('deputy');
  if (grants.includes('officer')) caps.push('officer');
  if (grants.includes('admin') || holdsRole(subject, 'agenda-admin')) caps.push('agenda-admin');
  if (grants.includes('auditor') || holdsRole(subject, 'auditor')) caps.push('auditor');
  return caps;
}

/** Capacities that only read. */
const READ_ONLY: readonly RequestCapacity[] = ['auditor'];

/**
 * `read`: anyone with a capacity; nobody else learns the request exists (404).
 * `work` (edit fields, take steps, comment, upload, sign): the same people except those who only
 * read (auditors: 403). Which steps exactly is the workflow engine's business on top of this.
 */
export function decideRequest(facts: RequestFacts, action: RequestAction): Decision {
  if (facts.capacities.length === 0) return 'hide';
  if (action === 'read') return 'allow';
  return facts.capacities.some((c) => !READ_ONLY.includes(c)) ? 'allow' : 'forbid';
}

export type RequestAction = 'read' | 'work';

export const requestRule = defineRule<RequestFacts, RequestAction>({
  describe: 'a request: its filer, assignees, actors of its current state, signers, participants, their deputies (never on the absent person’s own request), the agenda’s officers, admins and auditors',
  actions: { read: 'see it (data, history, documents, comments)', work: 'change it: fields, steps, comments, uploads — auditors only read' },
  id: 'uuid',
  decide: decideRequest,
});

/** Comments of a request (the path names the request). */
export const commentRule = defineRule<RequestFacts, 'list' | 'add'>({
  describe: "a request's comments: read by whoever sees the request, written by whoever works on it",
  actions: { list: 'read the comments', add: 'add a comment (not auditors)' },
  id: 'uuid',
  decide: (facts, action) => decideRequest(facts, action === 'list' ? 'read' : 'work'),
});

/** An attachment, through the request it belongs to (a file of another request names nothing). */
export const attachmentRule = defineRule<RequestFacts, 'download'>({
  describe: "an uploaded file: the same visibility as its request (a file of another request is 404)",
  actions: { download: 'download it (audited)' },
  id: 'uuid',
  decide: (facts) => decideRequest(facts, 'read'),
});

/** A generated document, through its request. */
export const documentRule = defineRule<RequestFacts, 'read'>({
  describe: 'a generated document: the same visibility as its request',
  actions: { read: 'download the PDF (audited)' },
  id: 'uuid',
  decide: (facts) => decideRequest(facts, 'read'),
});

/**
 * A signature task of a document. Reaching the signing service takes work on the request (an
 * auditor signs nothing); the service then checks that the task is the caller's (or their
 * principal's) and that it is its turn (409 SIGNATURE_NOT_YOUR_TURN).
 */
export const signatureTaskRule = defineRule<RequestFacts, 'sign'>({
  describe: "a signature task of a document: whoever works on the document's request reaches the signing service, which checks signer and turn",
  actions: { sign: 'sign, or upload a qualified signature made elsewhere' },
  id: 'uuid',
  decide: (facts) => decideRequest(facts, 'work'),
});
