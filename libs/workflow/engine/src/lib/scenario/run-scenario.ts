import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition, StateDefinition } from '../definition.types';
import type { Actor, DirectoryFacts, Effect, FieldError, Party, RequestContext, RouteTaken, TransitionOutcome, WorkflowEvent, WorkflowSnapshot } from '../runtime.types';
import { SYSTEM_ACTOR } from '../runtime.types';
import { validateDefinition } from '../validate-definition';
import { startRequest } from '../start-request';
import { transition, type TransitionResult } from '../transition';
import { availableTransitions } from '../available-transitions';
import { completeAssignment, planAssignment } from '../assignment/complete-assignment';
import { fallbackLinkName } from '../assignment/directory-check';
import { directoryFacts, type OfficeDirectory } from '../assignment/office-directory';
import { partyAfterFor } from '../assignment/party-labels';
import { remindedByDefault } from '../deadlines';
import type {
  ReportedAction,
  ReportedDeadline,
  Scenario,
  ScenarioActionStep,
  ScenarioStep,
  ScenarioTimerStep,
  StepReport,
  ScenarioReport,
} from './scenario.types';

const SYSTEM_ID = 'system';

/**
 * Runs a scenario through the engine, exactly as the service would: files the request, takes
 * each step with the scenario's clock, fires timers, and describes every outcome with the
 * people of the scenario. Pure: the input is not modified and nothing is read or written.
 * The run stops at the first step that does not go as the scenario expects.
 */
export function runScenario(input: unknown, scenario: Scenario): ScenarioReport {
  const shape = input as Partial<AgendaDefinition> | null;
  const agenda = {
    code: typeof shape?.code === 'string' ? shape.code : '?',
    version: typeof shape?.version === 'number' ? shape.version : 0,
    name: shape?.name ?? { cs: '?', en: '?' },
  };
  const checked = validateDefinition(input);
  const base = { ...(scenario.title ? { title: scenario.title } : {}), agenda };
  if (!checked.ok) return { ...base, ok: false, definitionErrors: checked.error, steps: [] };
  return new ScenarioRun(checked.value, scenario).run(base);
}

class ScenarioRun {
  private readonly people = new Map<string, Actor & { name?: string }>();
  private readonly steps: StepReport[] = [];
  private clock = new Date(NaN);
  private snapshot: WorkflowSnapshot | undefined;
  /** The scenario's people as the office directory the resolution chain reads (docs/agendas.md 4.7). */
  private directory: OfficeDirectory = { users: [], departments: [], grants: [], substitutions: [] };
  /** Members of the groups the agenda names (`membersOfGroup`), from the people's `groups`. */
  private facts: DirectoryFacts = {};
  /** Directory groups of each person, lower case. */
  private readonly groups = new Map<string, string[]>();

  constructor(
    private readonly def: AgendaDefinition,
    private readonly scenario: Scenario,
  ) {}

  run(base: Pick<ScenarioReport, 'title' | 'agenda'>): ScenarioReport {
    let failure = this.setUp() ?? this.file() ?? this.takeSteps();
    const snap = this.snapshot;
    const stuck = snap !== undefined && !snap.final && this.isStuck(snap);
    if (!failure && snap) failure = this.stuckProblem(snap, stuck);
    const end = snap
      ? { state: snap.state, label: this.state(snap.state).label, final: snap.final, ...this.outcome(snap.state), data: snap.data, ...(stuck ? { stuck } : {}) }
      : undefined;
    return { ...base, ok: failure === undefined, definitionErrors: [], steps: this.steps, ...(failure ? { failure } : {}), ...(end ? { end } : {}) };
  }

  /**
   * Nobody in the scenario can move the request on: no person (nor the system) has an enabled
   * step or vote. The filer's own steps (withdrawing) count only while the request is on the
   * filer's desk — a request waiting for an approver whom nobody can be is stuck even though
   * the filer could still take it back.
   */
  private isStuck(snap: WorkflowSnapshot): boolean {
    const filerId = snap.request.filerId;
    const onFilersDesk = snap.assignees.some((p) => p.kind === 'user' && p.userId === filerId);
    return !this.available(snap).some(({ person, actions }) => (person !== filerId || onFilersDesk) && actions.some((a) => a.enabled));
  }

  private stuckProblem(snap: WorkflowSnapshot, stuck: boolean): ScenarioReport['failure'] {
    const last = this.steps.length - 1;
    const label = this.state(snap.state).label;
    if (stuck && !this.scenario.expectStuck) {
      const desk = this.parties(snap.assignees);
      return {
        step: last,
        atEnd: true,
        message: {
          cs: `Žádost skončila ve stavu „${label.cs}“ (${snap.state}), který není koncový, a nikdo ze scénáře ji nemůže posunout dál (řeší: ${desk.cs}). Doplňte do „people“ osobu, která má jednat, nebo opravte agendu; je-li to záměr, uveďte ve scénáři "expectStuck": true.`,
          en: `The request ended in "${label.en}" (${snap.state}), which is not final, and nobody in the scenario can move it on (assigned to: ${desk.en}). Add the person who should act to "people" or fix the agenda; if this is intended, write "expectStuck": true in the scenario.`,
        },
      };
    }
    if (!stuck && this.scenario.expectStuck) {
      return {
        step: last,
        atEnd: true,
        message: {
          cs: `Scénář očekává uvíznutí ("expectStuck": true), ale žádost ve stavu „${label.cs}“ ${snap.final ? 'je uzavřena' : 'může někdo posunout dál'}.`,
          en: `The scenario expects the request to be stuck ("expectStuck": true), but in "${label.en}" ${snap.final ? 'it is closed' : 'someone can move it on'}.`,
        },
      };
    }
    return undefined;
  }

  private setUp(): ScenarioReport['failure'] {
    const { filer, people } = this.scenario;
    for (const [id, p] of Object.entries(people)) {
      const heads = p.heads ?? [];
      const groups = (p.groups ?? []).map((g) => g.toLowerCase());
      this.groups.set(id, groups);
      // Agenda roles held through a directory group count as held, as in the office.
      const viaGroups = this.def.roles.filter((r) => r.directoryGroups.some((g) => groups.includes(g.toLowerCase()))).map((r) => r.code);
      const roles = [...new Set(['employee', ...(heads.length > 0 ? ['manager'] : []), ...(p.roles ?? []), ...viaGroups])];
      this.people.set(id, {
        userId: id,
        roles,
        ...(p.department ? { departmentId: p.department } : {}),
        ...(heads.length > 0 ? { managerOf: heads } : {}),
        ...(p.name ? { name: p.name } : {}),
      });
    }
    const listed = this.people.get(filer.id);
    if (!listed) this.people.set(filer.id, { userId: filer.id, roles: ['employee'], departmentId: filer.department });
    else if (listed.departmentId === undefined) listed.departmentId = filer.department;
    else if (listed.departmentId !== filer.department) {
      return fail(0, `Podatel ${filer.id} je v „people“ v odboru ${listed.departmentId}, ale v „filer“ v odboru ${filer.department}.`, `Filer ${filer.id} is in department ${listed.departmentId} in "people" but ${filer.department} in "filer".`);
    }
    this.directory = this.buildDirectory();
    this.facts = directoryFacts(this.def, this.directory);
    return undefined;
  }

  /** People, the departments they work in or head (with the scenario's `departments` above them) and officer grants. */
  private buildDirectory(): OfficeDirectory {
    const people = [...this.people.values()];
    const departmentIds = new Set<string>();
    for (const p of people) {
      if (p.departmentId) departmentIds.add(p.departmentId);
      p.managerOf?.forEach((d) => departmentIds.add(d));
    }
    for (const [id, d] of Object.entries(this.scenario.departments ?? {})) {
      departmentIds.add(id);
      if (d.parent) departmentIds.add(d.parent);
    }
    return {
      users: people.map((p) => ({ id: p.userId, active: true, departmentId: p.departmentId ?? null, roles: p.roles, groups: this.groups.get(p.userId) ?? [], ...(p.name ? { displayName: p.name } : {}) })),
      departments: [...departmentIds].map((id) => ({
        id,
        code: id,
        parentId: this.scenario.departments?.[id]?.parent ?? null,
        headUserId: people.find((p) => p.managerOf?.includes(id))?.userId ?? null,
      })),
      grants: people.filter((p) => p.roles.includes('agenda-officer')).map((p) => ({ agendaCode: this.def.code, grant: 'officer' as const, subjectType: 'user' as const, subject: p.userId })),
      substitutions: [],
    };
  }

  /** The runtime's step after the engine: fallbacks for parties nobody in the scenario can act for. */
  private assigned(previous: WorkflowSnapshot | undefined, result: TransitionResult): TransitionResult {
    if (!result.ok) return result;
    const plan = planAssignment(this.def, previous, result.value);
    return { ok: true, value: completeAssignment(this.def, previous, result.value, plan, this.directory).outcome };
  }

  /** "za roli agenda-officer: petr (vedoucí odboru podatele)"; undefined when every party has someone. */
  private describeFallbacks(snap: WorkflowSnapshot): LocalizedText | undefined {
    const lines: LocalizedText[] = [];
    const byParty = new Map<string, { party: Party; users: string[]; link: string }>();
    for (const f of snap.fallbacks ?? []) {
      const key = JSON.stringify(f.party);
      const entry = byParty.get(key) ?? { party: f.party, users: [], link: f.link };
      entry.users.push(f.userId);
      byParty.set(key, entry);
    }
    for (const { party, users, link } of byParty.values()) {
      const who = partyAfterFor(party, this.def);
      const how = fallbackLinkName(link);
      lines.push({ cs: `za ${who.cs}: ${users.join(', ')} (${how.cs})`, en: `for ${who.en}: ${users.join(', ')} (${how.en})` });
    }
    for (const v of snap.unassigned ?? []) {
      const who = partyAfterFor(v.party, this.def);
      lines.push({ cs: `za ${who.cs}: nikdo – ve scénáři chybí i náhradník`, en: `for ${who.en}: nobody – the scenario has no fallback either` });
    }
    if (lines.length === 0) return undefined;
    return { cs: lines.map((l) => l.cs).join('; '), en: lines.map((l) => l.en).join('; ') };
  }

  private file(): ScenarioReport['failure'] {
    const at = parseInstant(this.scenario.filedAt);
    if (!at) return fail(0, `„filedAt“ není platný okamžik: ${this.scenario.filedAt}`, `"filedAt" is not a valid instant: ${this.scenario.filedAt}`);
    this.clock = at;
    const filer = this.actor(this.scenario.filer.id);
    const request: RequestContext = {
      id: 'REQ-1',
      agendaCode: this.def.code,
      filerId: filer.userId,
      filerDepartmentId: this.scenario.filer.department,
      createdAt: at.toISOString(),
      ...(this.scenario.departments ? { parentDepartmentIds: this.parentsOf(this.scenario.filer.department) } : {}),
    };
    const result = this.assigned(undefined, startRequest(this.def, request, filer, at, this.scenario.data ?? {}, this.facts));
    const report = this.report(0, 'file', filer.userId, 'file', { cs: 'Podání žádosti', en: 'Filing the request' }, null, result, {});
    if (!result.ok) return this.refused(report, result.error.code, result.error.message, result.error.fieldErrors);
    this.snapshot = result.value.snapshot;
    this.steps.push(this.complete(report, result.value));
    return undefined;
  }

  /** The departments above one, nearest first, from the scenario's `departments` (cycles cut). */
  private parentsOf(department: string): string[] {
    const chain: string[] = [];
    let parent = this.scenario.departments?.[department]?.parent;
    while (parent !== undefined && parent !== department && !chain.includes(parent)) {
      chain.push(parent);
      parent = this.scenario.departments?.[parent]?.parent;
    }
    return chain;
  }

  private takeSteps(): ScenarioReport['failure'] {
    for (const [i, step] of this.scenario.steps.entries()) {
      const failure = 'timer' in step ? this.fireTimer(i + 1, step) : this.act(i + 1, step);
      if (failure) return failure;
    }
    return undefined;
  }

  private act(index: number, step: ScenarioActionStep): ScenarioReport['failure'] {
    const snap = this.current();
    const bySystem = step.as === SYSTEM_ID;
    if (!bySystem && !this.people.has(step.as)) return this.unknownPerson(index, step.as);
    if (step.onBehalfOf !== undefined && !this.people.has(step.onBehalfOf)) return this.unknownPerson(index, step.onBehalfOf);
    if ((step.do === undefined) === (step.vote === undefined)) {
      return fail(index, 'Krok musí mít buď „do“ (název přechodu), nebo „vote“ (approve / reject).', 'A step needs either "do" (a transition name) or "vote" (approve / reject).');
    }
    if (step.do !== undefined && !this.def.workflow.transitions.some((t) => t.name === step.do)) {
      const names = this.def.workflow.transitions.map((t) => t.name).join(', ');
      return fail(index, `Agenda nemá krok „${step.do}“. Kroky agendy: ${names}.`, `The agenda has no step "${step.do}". Its steps: ${names}.`);
    }
    const clockProblem = this.advance(index, step.at);
    if (clockProblem) return clockProblem;
    const actor = bySystem ? SYSTEM_ACTOR : this.actor(step.as, step.onBehalfOf);
    const event: WorkflowEvent =
      step.do !== undefined
        ? { type: 'transition', name: step.do, ...(step.data ? { data: step.data } : {}), ...(step.comment !== undefined ? { comment: step.comment } : {}) }
        : { type: 'vote', vote: step.vote as 'approve' | 'reject', ...(step.comment !== undefined ? { comment: step.comment } : {}) };
    const label =
      step.do !== undefined
        ? this.def.workflow.transitions.find((t) => t.name === step.do)?.label
        : this.state(snap.approval?.state ?? snap.decidedApproval?.state ?? snap.state).approval?.voteLabels?.[step.vote as 'approve' | 'reject'] ??
          (step.vote === 'approve' ? { cs: 'Schválit', en: 'Approve' } : { cs: 'Zamítnout', en: 'Reject' });
    const result = this.assigned(snap, transition(this.def, snap, event, actor, this.clock, this.facts));
    const report = this.report(index, step.do !== undefined ? 'transition' : 'vote', step.as, step.do ?? (step.vote as string), label, snap.state, result, step);
    if (step.onBehalfOf) report.onBehalfOf = step.onBehalfOf;
    return this.conclude(report, result, step);
  }

  private fireTimer(index: number, step: ScenarioTimerStep): ScenarioReport['failure'] {
    const snap = this.current();
    const deadline = snap.deadlines[0];
    if (!deadline) {
      return fail(index, `Ve stavu „${this.state(snap.state).label.cs}“ neběží žádná lhůta, není co spustit.`, `No deadline is running in state "${this.state(snap.state).label.en}"; there is no timer to fire.`);
    }
    const due = step.timer === 'remind' ? deadline.remindAt : deadline.escalateAt;
    if (step.timer === 'remind' && due === undefined && step.expectRejection === undefined) {
      return fail(index, 'Tato lhůta nemá připomínku (chybí „remindBeforeBusinessDays“, nebo by připomínka připadla před vstup do stavu).', 'This deadline has no reminder ("remindBeforeBusinessDays" is missing, or the reminder would fall before the state was entered).');
    }
    const clockProblem = this.advance(index, step.at ?? (due && Date.parse(due) > this.clock.getTime() ? due : undefined));
    if (clockProblem) return clockProblem;
    const result = this.assigned(snap, transition(this.def, snap, { type: 'timer', deadlineId: deadline.id, timer: step.timer }, SYSTEM_ACTOR, this.clock, this.facts));
    const label = step.timer === 'remind' ? { cs: 'Připomínka lhůty', en: 'Deadline reminder' } : { cs: 'Eskalace po lhůtě', en: 'Escalation after the deadline' };
    const report = this.report(index, 'timer', SYSTEM_ID, step.timer, label, snap.state, result, step);
    return this.conclude(report, result, step);
  }

  /** Compares the outcome with what the step expects; returns the failure that stops the run. */
  private conclude(report: StepReport, result: TransitionResult, step: ScenarioStep): ScenarioReport['failure'] {
    if (!result.ok) {
      const r = result.error;
      if (step.expectRejection === undefined) return this.refused(report, r.code, r.message, r.fieldErrors);
      if (step.expectRejection !== r.code) {
        return this.problem(report, `Očekáváno odmítnutí ${step.expectRejection}, ale krok byl odmítnut s ${r.code}: ${r.message.cs}`, `Expected rejection ${step.expectRejection}, but the step was refused with ${r.code}: ${r.message.en}`, r.fieldErrors);
      }
      const pointers = (r.fieldErrors ?? []).map((e) => e.pointer);
      const missing = (step.expectErrors ?? []).filter((p) => !pointers.includes(p));
      if (missing.length > 0) {
        return this.problem(report, `Očekávány chyby u ${missing.join(', ')}, hlášeny jsou u: ${pointers.join(', ') || 'žádného pole'}.`, `Expected errors at ${missing.join(', ')}, reported at: ${pointers.join(', ') || 'no field'}.`, r.fieldErrors);
      }
      const stateProblem = this.stateProblem(report, step, this.current().state);
      this.steps.push(report);
      return stateProblem;
    }
    this.snapshot = result.value.snapshot;
    const done = this.complete(report, result.value);
    if (step.expectRejection !== undefined) {
      return this.problem(done, `Očekáváno odmítnutí ${step.expectRejection}, ale krok proběhl.`, `Expected rejection ${step.expectRejection}, but the step went through.`);
    }
    const stateProblem = this.stateProblem(done, step, result.value.snapshot.state);
    this.steps.push(done);
    return stateProblem;
  }

  private stateProblem(report: StepReport, step: ScenarioStep, actual: string): ScenarioReport['failure'] {
    if (step.expect === undefined || step.expect === actual) return undefined;
    const known = this.def.workflow.states.some((s) => s.id === step.expect);
    const cs = known
      ? `Očekáván stav „${step.expect}“, žádost je ve stavu „${actual}“ (${this.state(actual).label.cs}).`
      : `Očekáván stav „${step.expect}“, který agenda nemá; žádost je ve stavu „${actual}“.`;
    const en = known
      ? `Expected state "${step.expect}", the request is in "${actual}" (${this.state(actual).label.en}).`
      : `Expected state "${step.expect}", which the agenda does not have; the request is in "${actual}".`;
    report.problem = { cs, en };
    return { step: report.index, message: { cs, en } };
  }

  private refused(report: StepReport, code: string, message: LocalizedText, fieldErrors?: FieldError[]): ScenarioReport['failure'] {
    return this.problem(report, `Krok byl odmítnut (${code}): ${message.cs}`, `The step was refused (${code}): ${message.en}`, fieldErrors);
  }

  private problem(report: StepReport, cs: string, en: string, fieldErrors?: FieldError[]): ScenarioReport['failure'] {
    report.problem = { cs, en };
    if (!this.steps.includes(report)) this.steps.push(report);
    return { step: report.index, message: { cs, en }, ...(fieldErrors?.length ? { fieldErrors } : {}) };
  }

  private advance(index: number, at: string | undefined): ScenarioReport['failure'] {
    if (at === undefined) return undefined;
    const next = parseInstant(at);
    if (!next) return fail(index, `„at“ není platný okamžik: ${at}`, `"at" is not a valid instant: ${at}`);
    if (next.getTime() < this.clock.getTime()) {
      return fail(index, `Čas nesmí jít zpět: ${at} je před ${this.clock.toISOString()}.`, `Time cannot go back: ${at} is before ${this.clock.toISOString()}.`);
    }
    this.clock = next;
    return undefined;
  }

  private report(
    index: number,
    kind: StepReport['kind'],
    actor: string,
    action: string,
    label: LocalizedText | undefined,
    from: string | null,
    result: TransitionResult,
    step: Partial<ScenarioActionStep> & { note?: string },
  ): StepReport {
    const snap = this.snapshot;
    const stateId = from ?? this.def.workflow.initial;
    return {
      index,
      at: this.clock.toISOString(),
      kind,
      actor,
      action,
      ...(label ? { actionLabel: label } : {}),
      ...(step.comment !== undefined ? { comment: step.comment } : {}),
      ...(step.data ? { changedFields: Object.keys(step.data) } : {}),
      ...(step.note ? { note: step.note } : {}),
      from: from === null ? null : { id: from, label: this.state(from).label },
      to: { id: stateId, label: this.state(stateId).label, final: snap?.final ?? false, ...this.outcome(stateId) },
      accepted: result.ok,
      ...(!result.ok ? { rejection: result.error } : {}),
      effects: [],
      assignees: snap ? this.parties(snap.assignees) : { cs: '—', en: '—' },
      available: snap ? this.available(snap) : [],
      pendingTimers: snap ? pendingTimers(snap) : [],
    };
  }

  private complete(report: StepReport, outcome: TransitionOutcome): StepReport {
    const snap = outcome.snapshot;
    const opened = snap.deadlines.find((d) => outcome.effects.some((e) => e.type === 'scheduleTimer' && e.deadlineId === d.id));
    const late = outcome.lateVote;
    const lateNote = late
      ? [
          {
            cs: `hlas nezapočten: hlasování „${this.state(late.state).label.cs}“ bylo mezitím rozhodnuto (${late.result === 'approved' ? 'schváleno' : 'zamítnuto'}); nic se nezměnilo`,
            en: `vote not counted: the vote "${this.state(late.state).label.en}" was decided meanwhile (${late.result}); nothing changed`,
          },
        ]
      : [];
    return {
      ...report,
      to: { id: snap.state, label: this.state(snap.state).label, final: snap.final, ...this.outcome(snap.state) },
      ...(outcome.route ? { route: this.describeRoute(outcome.route) } : {}),
      ...(late ? { late: true } : {}),
      effects: [...lateNote, ...outcome.effects.filter((e) => e.type !== 'scheduleTimer').map((e) => this.describeEffect(e))],
      ...(opened ? { deadline: this.describeDeadline(opened) } : {}),
      assignees: this.parties(snap.assignees),
      ...(this.describeFallbacks(snap) ? { fallbacks: this.describeFallbacks(snap) } : {}),
      available: this.available(snap),
      pendingTimers: pendingTimers(snap),
    };
  }

  /** "„onApproved“ → committee: route 1 „nad 100 000 Kč“ holds (data.amount = 250000)". */
  private describeRoute(r: RouteTaken): LocalizedText {
    const values = Object.entries(r.values)
      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
      .join(', ');
    const read = values ? ` (${values})` : '';
    const to = this.state(r.to).label;
    const source = r.source === 'onApproved' || r.source === 'onRejected' ? `${r.source} (${r.state})` : r.source;
    if (r.index === null) {
      return { cs: `${source} → ${to.cs} (${r.to}): výchozí cíl, žádná z cest neplatí${read}`, en: `${source} → ${to.en} (${r.to}): the default, no route holds${read}` };
    }
    const label = r.label ? { cs: ` „${r.label.cs}“`, en: ` "${r.label.en}"` } : { cs: '', en: '' };
    return { cs: `${source} → ${to.cs} (${r.to}): platí cesta č. ${r.index + 1}${label.cs}${read}`, en: `${source} → ${to.en} (${r.to}): route ${r.index + 1}${label.en} holds${read}` };
  }

  private available(snap: WorkflowSnapshot): StepReport['available'] {
    if (snap.final) return [];
    const result: StepReport['available'] = [];
    const everyone: Array<[string, Actor]> = [...this.people.entries(), [SYSTEM_ID, SYSTEM_ACTOR]];
    for (const [id, actor] of everyone) {
      const actions: ReportedAction[] = availableTransitions(this.def, snap, actor, this.clock).map((a) => ({
        kind: a.kind,
        name: a.name,
        label: a.label,
        enabled: a.enabled,
        commentRequired: a.commentRequired,
        ...(a.disabledReason ? { disabledReason: a.disabledReason } : {}),
      }));
      if (actions.length > 0) result.push({ person: id, actions });
    }
    return result;
  }

  private describeEffect(e: Effect): LocalizedText {
    switch (e.type) {
      case 'assign': {
        const to = this.parties(e.assignees);
        return { cs: `přiděleno: ${to.cs}`, en: `assigned to: ${to.en}` };
      }
      case 'notify': {
        const to = this.parties(e.recipients);
        const t = e.template ? ` [${e.template}]` : '';
        return { cs: `oznámení pro ${to.cs}: „${e.message.cs}“${t}`, en: `notification to ${to.en}: "${e.message.en}"${t}` };
      }
      case 'generateDocument':
        return { cs: `vygenerován dokument „${e.template}“ (${e.documentKey})`, en: `document "${e.template}" generated (${e.documentKey})` };
      case 'requestSignatures': {
        const signers = e.signers.map((s) => {
          const who = s.party ? this.party(s.party) : { cs: 'pečeť úřadu', en: 'office seal' };
          return { cs: `${s.order}. ${who.cs} (${s.level})`, en: `${s.order}. ${who.en} (${s.level})` };
        });
        return {
          cs: `žádost o podpisy dokumentu „${e.document}“: ${signers.map((s) => s.cs).join(', ')}`,
          en: `signatures requested on "${e.document}": ${signers.map((s) => s.en).join(', ')}`,
        };
      }
      case 'publishToRegister': {
        const fields = Object.keys(e.data).join(', ') || '—';
        const doc = e.document ? `, dokument „${e.document}“` : '';
        return { cs: `zveřejnění v registru „${e.register}“: pole ${fields}${doc}`, en: `published to register "${e.register}": fields ${fields}${e.document ? `, document "${e.document}"` : ''}` };
      }
      case 'createBooking': {
        const b = e.booking;
        return { cs: `rezervace (${b.resourceType}) ${b.resourceId}: ${b.start} – ${b.end}`, en: `booking (${b.resourceType}) ${b.resourceId}: ${b.start} – ${b.end}` };
      }
      case 'cancelBooking': {
        const b = e.booking;
        return { cs: `zrušena rezervace (${b.resourceType}) ${b.resourceId}`, en: `booking cancelled (${b.resourceType}) ${b.resourceId}` };
      }
      case 'setField':
        return { cs: `pole „${e.field}“ nastaveno na ${JSON.stringify(e.value)}`, en: `field "${e.field}" set to ${JSON.stringify(e.value)}` };
      case 'scheduleTimer':
        return { cs: `časovač ${e.timer} na ${e.at}`, en: `timer ${e.timer} at ${e.at}` };
    }
  }

  private describeDeadline(d: WorkflowSnapshot['deadlines'][number]): ReportedDeadline {
    return {
      state: d.state,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      ...(d.remindAt ? { remindAt: d.remindAt } : {}),
      escalateAt: d.escalateAt,
      remindTo: d.remindTo === 'assignees' ? prefix(this.parties(remindedByDefault(this.current())), 'řešitelé: ', 'assignees: ') : this.parties(d.remindTo),
      escalateTo: this.parties(d.escalateTo),
      reassignOnEscalation: d.reassignOnEscalation,
    };
  }

  /** A party with the people of the scenario it means: "role facility-manager (karel)". */
  private party(p: Party): LocalizedText {
    const names = (ids: string[]) => (ids.length > 0 ? ids.join(', ') : null);
    switch (p.kind) {
      case 'user': {
        const person = this.people.get(p.userId);
        const who = person?.name ? `${p.userId} (${person.name})` : p.userId;
        return person ? { cs: who, en: who } : { cs: `${who} – ve scénáři chybí`, en: `${who} – not in the scenario` };
      }
      case 'role': {
        const holders = names([...this.people.values()].filter((a) => a.roles.includes(p.role)).map((a) => a.userId));
        return { cs: `role ${p.role} (${holders ?? 've scénáři nikdo'})`, en: `role ${p.role} (${holders ?? 'nobody in the scenario'})` };
      }
      case 'departmentManager': {
        const heads = names([...this.people.values()].filter((a) => a.managerOf?.includes(p.departmentId)).map((a) => a.userId));
        return { cs: `vedoucí odboru ${p.departmentId} (${heads ?? 've scénáři nikdo'})`, en: `head of ${p.departmentId} (${heads ?? 'nobody in the scenario'})` };
      }
    }
  }

  private parties(list: readonly Party[]): LocalizedText {
    if (list.length === 0) return { cs: 'nikdo', en: 'nobody' };
    const each = list.map((p) => this.party(p));
    return { cs: each.map((t) => t.cs).join(', '), en: each.map((t) => t.en).join(', ') };
  }

  private actor(id: string, onBehalfOf?: string): Actor {
    const self = this.people.get(id) as Actor & { name?: string };
    const { name: _name, ...actor } = self;
    if (onBehalfOf === undefined) return actor;
    const principal = this.people.get(onBehalfOf) as Actor;
    return {
      ...actor,
      onBehalfOf,
      roles: [...new Set([...actor.roles, ...principal.roles])],
      managerOf: [...new Set([...(actor.managerOf ?? []), ...(principal.managerOf ?? [])])],
    };
  }

  private unknownPerson(index: number, id: string): ScenarioReport['failure'] {
    const known = [...this.people.keys()].join(', ');
    return fail(index, `Osoba „${id}“ není v „people“ (jsou tam: ${known}).`, `Person "${id}" is not in "people" (listed: ${known}).`);
  }

  private current(): WorkflowSnapshot {
    if (!this.snapshot) throw new Error('The request has not been filed');
    return this.snapshot;
  }

  private state(id: string): StateDefinition {
    return this.def.workflow.states.find((s) => s.id === id) ?? { id, label: { cs: id, en: id } };
  }

  private outcome(id: string): { outcome?: StateDefinition['outcome'] } {
    const outcome = this.state(id).outcome;
    return outcome ? { outcome } : {};
  }
}

function pendingTimers(snap: WorkflowSnapshot): StepReport['pendingTimers'] {
  const result: StepReport['pendingTimers'] = [];
  for (const d of snap.deadlines) {
    if (d.remindAt && !d.remindedAt) result.push({ timer: 'remind', at: d.remindAt });
    if (!d.escalatedAt) result.push({ timer: 'escalate', at: d.escalateAt });
  }
  return result;
}

function fail(step: number, cs: string, en: string): ScenarioReport['failure'] {
  return { step, message: { cs, en } };
}

function prefix(text: LocalizedText, cs: string, en: string): LocalizedText {
  return { cs: cs + text.cs, en: en + text.en };
}

/** An ISO 8601 instant with a time zone (`Z` or an offset); a bare date is not enough for a clock. */
function parseInstant(value: string): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
