import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { err, escapePointerSegment, isPlainObject, ok, parseJsonPointer, type Result } from '@agendy/shared/util';
import definitionSchema from '../agenda-definition.schema.json';
import {
  BUILT_IN_ROLES,
  type ActorRule,
  type AgendaDefinition,
  type EffectDefinition,
  type FieldUi,
  type JsonLogic,
  type PartyRule,
  type Route,
  type StateDefinition,
} from './definition.types';
import { createFormAjv } from './ajv-factory';
import { fromStates, outcomeTargets } from './compiled-definition';
import { definitionError, type DefinitionError } from './definition-errors';
import { reachableFrom, stateGraph, statesThatCanFinish } from './definition-graph';
import { keywordMessage } from './form-messages';
import { ALLOWED_OPERATORS, collectOperators, collectScopedVariables, type IterationScope, type ScopedReference } from './json-logic';
import { APPROVAL_KEYS, LOGIC_ROOTS } from './logic-context';

let schemaValidator: ValidateFunction | undefined;

function definitionShapeValidator(): ValidateFunction {
  schemaValidator ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false }).compile(definitionSchema);
  return schemaValidator;
}

const REQUEST_KEYS = new Set(['id', 'agendaCode', 'filerId', 'filerDepartmentId', 'createdAt', 'reference', 'filerManagerOf', 'parentDepartmentIds']);
const ACTOR_KEYS = new Set(['userId', 'roles', 'departmentId', 'managerOf', 'onBehalfOf', 'isFiler', 'isManagerOfFiler']);

/**
 * Checks a definition before it is published: first its shape against the JSON Schema, then
 * the rules a schema cannot express. Every problem is reported with its path, so an
 * administrator can fix them all in one go.
 */
export function validateDefinition(input: unknown): Result<AgendaDefinition, DefinitionError[]> {
  const validateShape = definitionShapeValidator();
  if (!validateShape(input)) return err(shapeErrors(validateShape.errors ?? []));
  const definition = input as AgendaDefinition;
  const errors = [...new DefinitionChecker(definition).run()];
  return errors.length > 0 ? err(errors) : ok(definition);
}

function shapeErrors(errors: ErrorObject[]): DefinitionError[] {
  // `oneOf`/`if` branches produce an error per failed branch; the summary error is enough.
  const noisyBranches = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  const seen = new Set<string>();
  const result: DefinitionError[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword !== 'oneOf' && noisyBranches.some((p) => e.schemaPath.startsWith(p.replace(/\/oneOf$/, '/oneOf/')))) continue;
    const p = e.params as Record<string, unknown>;
    let path = e.instancePath;
    if (e.keyword === 'required') path += '/' + String(p['missingProperty']);
    if (e.keyword === 'additionalProperties') path += '/' + String(p['additionalProperty']);
    const what = keywordMessage(e);
    const key = path + what.en;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(definitionError(path, 'SCHEMA', `${path || '/'}: ${what.cs}`, `${path || '/'}: ${what.en}`));
  }
  return result;
}

class DefinitionChecker {
  private readonly fields: Set<string>;
  private readonly stateIds: Set<string>;
  private readonly roles: Set<string>;
  private readonly documents: Set<string>;

  constructor(private readonly def: AgendaDefinition) {
    this.fields = new Set(Object.keys((def.form.schema['properties'] ?? {}) as object));
    this.stateIds = new Set(def.workflow.states.map((s) => s.id));
    this.roles = new Set<string>([...BUILT_IN_ROLES, ...def.roles.map((r) => r.code)]);
    this.documents = new Set(def.documents.map((d) => d.code));
  }

  *run(): Generator<DefinitionError> {
    yield* this.duplicates();
    yield* this.formSchema();
    yield* this.formRequired();
    yield* this.formUi();
    yield* this.stateReferences();
    // Graph checks on a graph with dangling edges would only repeat the same problem.
    if (!this.hasUnknownStates()) yield* this.graph();
    yield* this.transitions();
    yield* this.neverEditable();
    yield* this.states();
    yield* this.routes();
    yield* this.logic();
  }

  /**
   * Routes are tried in order and the first that holds wins, so a condition that always holds
   * hides every route after it, and one that never holds is dead. Both are constants written where
   * a condition was meant; the default (`to`) is what applies when no route holds.
   */
  private *routes(): Generator<DefinitionError> {
    const lists: Array<[Route[] | undefined, string, string]> = [];
    this.def.workflow.transitions.forEach((t, i) => lists.push([t.routes, `/workflow/transitions/${i}/routes`, t.to]));
    this.def.workflow.states.forEach((s, i) => {
      if (!s.approval) return;
      for (const outcome of ['onApproved', 'onRejected'] as const) lists.push([s.approval[outcome].routes, `/workflow/states/${i}/approval/${outcome}/routes`, s.approval[outcome].to]);
    });
    for (const [routes, path, defaultTo] of lists) {
      let shadowedFrom: number | undefined;
      for (const [j, route] of (routes ?? []).entries()) {
        const at = `${path}/${j}`;
        if (shadowedFrom !== undefined) {
          yield definitionError(
            at,
            'INVALID_ROUTE',
            `Cesta se nikdy nepoužije: cesta č. ${shadowedFrom + 1} před ní platí vždy. Výchozí cíl patří do „to“, ne do cesty bez podmínky.`,
            `This route is never taken: route ${shadowedFrom + 1} before it always holds. The default target belongs in "to", not in a route without a condition.`,
          );
          continue;
        }
        const constant = constantValue(route.when);
        if (constant === undefined) continue;
        if (constant) shadowedFrom = j;
        yield definitionError(
          `${at}/when`,
          'INVALID_ROUTE',
          constant
            ? `Podmínka cesty platí vždy, takže výchozí cíl „${defaultTo}“ by se nikdy nepoužil: napište skutečnou podmínku, nebo cíl „${route.to}“ dejte do „to“.`
            : 'Podmínka cesty nikdy neplatí, cesta se nikdy nepoužije.',
          constant
            ? `The route's condition always holds, so the default target "${defaultTo}" would never be used: write a real condition, or put "${route.to}" in "to".`
            : "The route's condition never holds; the route is never taken.",
        );
      }
    }
  }

  private *duplicates(): Generator<DefinitionError> {
    const d = this.def;
    yield* duplicatesIn(d.roles.map((r) => r.code), '/roles', 'code', 'role', 'role');
    yield* duplicatesIn(d.workflow.states.map((s) => s.id), '/workflow/states', 'id', 'stav', 'state');
    yield* duplicatesIn(d.workflow.transitions.map((t) => t.name), '/workflow/transitions', 'name', 'přechod', 'transition');
    yield* duplicatesIn(d.documents.map((t) => t.code), '/documents', 'code', 'šablona dokumentu', 'document template');
    yield* duplicatesIn(d.form.ui.sections.map((s) => s.id), '/form/ui/sections', 'id', 'oddíl formuláře', 'form section');
    yield* duplicatesIn((d.form.rules ?? []).map((r) => r.id), '/form/rules', 'id', 'pravidlo formuláře', 'form rule');
  }

  private *formSchema(): Generator<DefinitionError> {
    try {
      createFormAjv().compile(this.def.form.schema);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      yield definitionError('/form/schema', 'INVALID_FORM_SCHEMA', `Neplatné JSON Schema formuláře: ${reason}`, `Invalid form JSON Schema: ${reason}`);
    }
  }

  /**
   * Names in `required` anywhere in the form schema (top level, `if`/`then`/`else`, `allOf`,
   * nested objects, table rows) must be properties of the object they apply to: Ajv would
   * silently demand a misspelt field that nobody can ever fill in. An `if` that tests a field
   * without requiring it holds while the field is empty, so its `then` applies to every request.
   */
  private *formRequired(): Generator<DefinitionError> {
    for (const problem of requiredProblems(this.def.form.schema, '/form/schema')) {
      if (problem.kind === 'unknown') yield this.unknownField(problem.path, problem.name);
      else {
        yield definitionError(
          problem.path,
          'CONDITION_ON_EMPTY_FIELD',
          `Podmínka „if“ testuje pole „${problem.name}“, ale nemá ho v „required“: když pole není vyplněné, podmínka platí a „then“ se použije vždy. Přidejte "required": ["${problem.name}"] do „if“.`,
          `The "if" tests field "${problem.name}" without listing it in "required": while the field is empty the condition holds and "then" always applies. Add "required": ["${problem.name}"] to the "if".`,
        );
      }
    }
  }

  /**
   * A field the form demands (its `required`, also inside top-level `if`/`then`, or a step's
   * `requiredFields`) must be editable in some step or set by the workflow: data given when a
   * request is created is checked like a draft and cannot be corrected later, so a request
   * missing such a field could never be submitted.
   */
  private *neverEditable(): Generator<DefinitionError> {
    const editable = new Set<string>();
    let all = false;
    const setBy = (effects: EffectDefinition[] | undefined) => {
      for (const e of effects ?? []) if (e.type === 'setField') editable.add(e.field);
    };
    for (const t of this.def.workflow.transitions) {
      for (const f of t.editableFields ?? []) {
        if (f === '*') all = true;
        else editable.add(f);
      }
      setBy(t.effects);
    }
    for (const s of this.def.workflow.states) {
      setBy(s.onEnter);
      setBy(s.approval?.onApproved.effects);
      setBy(s.approval?.onRejected.effects);
    }
    if (all) return;
    const reported = new Set<string>();
    const demanded: Array<[string, string]> = [
      ...topLevelRequired(this.def.form.schema, '/form/schema'),
      ...this.def.workflow.transitions.flatMap((t, i) => (t.requiredFields ?? []).map((f, j): [string, string] => [f, `/workflow/transitions/${i}/requiredFields/${j}`])),
    ];
    for (const [field, path] of demanded) {
      if (!this.fields.has(field) || editable.has(field) || reported.has(field)) continue;
      reported.add(field);
      yield definitionError(
        path,
        'FIELD_NEVER_EDITABLE',
        `Povinné pole „${field}“ nelze vyplnit v žádném kroku: doplňte ho do „editableFields“ kroku, ve kterém se vyplňuje (např. „save“ a „submit“ konceptu), jinak žádost nepůjde podat.`,
        `Required field "${field}" cannot be filled in any step: add it to the "editableFields" of the step where it is entered (e.g. "save" and "submit" of the draft), or the request can never be submitted.`,
      );
    }
  }

  private *formUi(): Generator<DefinitionError> {
    const ui = this.def.form.ui;
    for (const name of Object.keys(ui.fields)) {
      if (!this.fields.has(name)) yield this.unknownField(`/form/ui/fields/${name}`, name);
    }
    const placed = new Set<string>();
    for (const [i, section] of ui.sections.entries()) {
      for (const [j, name] of section.fields.entries()) {
        if (!this.fields.has(name)) yield this.unknownField(`/form/ui/sections/${i}/fields/${j}`, name);
        placed.add(name);
      }
    }
    for (const name of this.fields) {
      if (!ui.fields[name]) {
        yield definitionError(`/form/ui/fields/${name}`, 'MISSING_LABEL', `Pole „${name}“ nemá popisek (label) v češtině a angličtině.`, `Field "${name}" has no label in Czech and English.`);
      }
      if (!placed.has(name)) {
        yield definitionError('/form/ui/sections', 'UNPLACED_FIELD', `Pole „${name}“ není zařazeno do žádného oddílu formuláře.`, `Field "${name}" is in no form section.`);
      }
    }
    yield* this.choicesAndColumns();
    for (const [i, rule] of (this.def.form.rules ?? []).entries()) {
      const field = parseJsonPointer(rule.field)[0];
      if (!this.fields.has(field)) yield this.unknownField(`/form/rules/${i}/field`, field);
    }
  }

  /**
   * Table columns must be properties of the table's rows; choices (`select`, `radio`) need a
   * label for every value of their `enum` (or `true` / `false`), and no label for a value the
   * field does not have — for top-level fields and table columns alike.
   */
  private *choicesAndColumns(): Generator<DefinitionError> {
    const properties = asSchema(this.def.form.schema['properties']) ?? {};
    for (const [name, ui] of Object.entries(this.def.form.ui.fields)) {
      const schema = asSchema(properties[name]);
      if (!schema) continue; // reported as UNKNOWN_FIELD above
      const path = `/form/ui/fields/${name}`;
      yield* this.choiceLabels(ui, schema, path, name);
      if (!ui.columns) continue;
      const row = rowSchemaOf(schema);
      const rowFields = asSchema(row?.['properties']);
      if (!rowFields) {
        yield definitionError(
          `${path}/columns`,
          'UNKNOWN_FIELD',
          `Pole „${name}“ není tabulka (pole objektů s "items": { "type": "object", "properties": … }), sloupce „columns“ u něj nemají smysl.`,
          `Field "${name}" is not a table (an array of objects with "items": { "type": "object", "properties": … }), so "columns" do not apply.`,
        );
        continue;
      }
      for (const [column, columnUi] of Object.entries(ui.columns)) {
        const columnSchema = asSchema(rowFields[column]);
        const columnPath = `${path}/columns/${escapePointerSegment(column)}`;
        if (!columnSchema) yield unknownRowField(columnPath, name, column, Object.keys(rowFields));
        else yield* this.choiceLabels(columnUi, columnSchema, columnPath, `${name} → ${column}`);
      }
    }
  }

  private *choiceLabels(ui: Pick<FieldUi, 'widget' | 'options'>, schema: Record<string, unknown>, path: string, name: string): Generator<DefinitionError> {
    const values = choiceValues(schema);
    const list = values?.join(', ');
    for (const key of Object.keys(ui.options ?? {})) {
      if (values?.includes(key)) continue;
      yield definitionError(
        `${path}/options/${escapePointerSegment(key)}`,
        'UNKNOWN_OPTION',
        values
          ? `Pole „${name}“ nemá hodnotu „${key}“, popisek k ní nepatří (hodnoty pole podle „enum“: ${list}).`
          : `Pole „${name}“ nemá výčet hodnot („enum“), popisky „options“ nemají k čemu patřit.`,
        values ? `Field "${name}" has no value "${key}", so the label belongs to nothing (its "enum" values: ${list}).` : `Field "${name}" has no list of values ("enum"), so its "options" label nothing.`,
      );
    }
    if (!values || (ui.widget !== 'select' && ui.widget !== 'radio')) return;
    for (const value of values) {
      if (ui.options?.[value]) continue;
      yield definitionError(
        `${path}/options/${escapePointerSegment(value)}`,
        'MISSING_OPTION',
        `Výběr „${name}“ nemá popisek pro hodnotu „${value}“: uveďte v „options“ popisek v češtině a angličtině pro každou hodnotu (${list}).`,
        `Choice "${name}" has no label for value "${value}": give "options" a Czech and English label for every value (${list}).`,
      );
    }
  }

  private hasUnknownStates(): boolean {
    return [...this.stateReferences()].length > 0;
  }

  private *stateReferences(): Generator<DefinitionError> {
    const wf = this.def.workflow;
    if (!this.stateIds.has(wf.initial)) yield this.unknownState('/workflow/initial', wf.initial);
    for (const [i, t] of wf.transitions.entries()) {
      const froms = fromStates(t);
      for (const [j, from] of froms.entries()) {
        if (!this.stateIds.has(from)) yield this.unknownState(`/workflow/transitions/${i}/from${Array.isArray(t.from) ? '/' + j : ''}`, from);
      }
      if (!this.stateIds.has(t.to)) yield this.unknownState(`/workflow/transitions/${i}/to`, t.to);
      for (const [j, r] of (t.routes ?? []).entries()) {
        if (!this.stateIds.has(r.to)) yield this.unknownState(`/workflow/transitions/${i}/routes/${j}/to`, r.to);
      }
    }
    for (const [i, s] of wf.states.entries()) {
      if (!s.approval) continue;
      for (const outcome of ['onApproved', 'onRejected'] as const) {
        const to = s.approval[outcome].to;
        if (!this.stateIds.has(to)) yield this.unknownState(`/workflow/states/${i}/approval/${outcome}/to`, to);
        for (const [j, r] of (s.approval[outcome].routes ?? []).entries()) {
          if (!this.stateIds.has(r.to)) yield this.unknownState(`/workflow/states/${i}/approval/${outcome}/routes/${j}/to`, r.to);
        }
      }
    }
  }

  private *graph(): Generator<DefinitionError> {
    const wf = this.def.workflow;
    const edges = stateGraph(this.def);
    const reachable = reachableFrom(edges, wf.initial);
    const canFinish = statesThatCanFinish(this.def, edges);
    for (const [i, s] of wf.states.entries()) {
      const path = `/workflow/states/${i}`;
      if (!reachable.has(s.id)) {
        yield definitionError(path, 'UNREACHABLE_STATE', `Do stavu „${s.id}“ nevede žádný přechod z počátečního stavu.`, `State "${s.id}" cannot be reached from the initial state.`);
      }
      const exits = edges.get(s.id)?.size ?? 0;
      if (s.final) {
        if (exits > 0) yield definitionError(path, 'FINAL_STATE_HAS_EXIT', `Z koncového stavu „${s.id}“ nesmí vést přechod.`, `Final state "${s.id}" must not have outgoing transitions.`);
        if (s.approval || s.deadline || s.assignTo?.length) {
          yield definitionError(path, 'FINAL_STATE_HAS_EXIT', `Koncový stav „${s.id}“ nesmí mít schvalování, lhůtu ani řešitele.`, `Final state "${s.id}" must not have an approval, deadline or assignees.`);
        }
      } else if (exits === 0) {
        yield definitionError(path, 'DEAD_END', `Ze stavu „${s.id}“ nevede žádný přechod, ale není koncový.`, `State "${s.id}" has no way out but is not final.`);
      } else if (!canFinish.has(s.id)) {
        yield definitionError(path, 'DEAD_END', `Ze stavu „${s.id}“ se nelze dostat do žádného koncového stavu.`, `No final state can be reached from state "${s.id}".`);
      }
    }
  }

  private *transitions(): Generator<DefinitionError> {
    const assignable = this.statesWithAssignees();
    for (const [i, t] of this.def.workflow.transitions.entries()) {
      const path = `/workflow/transitions/${i}`;
      yield* this.actorRules(t.who, `${path}/who`);
      const usable = t.who.filter((r) => !(t.forbidFiler && 'filer' in r));
      if (usable.length === 0) {
        yield definitionError(`${path}/who`, 'NOBODY_CAN_TAKE', `Přechod „${t.name}“ nemůže provést nikdo.`, `Nobody can take transition "${t.name}".`);
      } else if (usable.every((r) => 'assignee' in r) && fromStates(t).some((s) => !assignable.has(s))) {
        const state = fromStates(t).find((s) => !assignable.has(s));
        yield definitionError(
          `${path}/who`,
          'NOBODY_CAN_TAKE',
          `Přechod „${t.name}“ smí provést jen řešitel, ale ve stavu „${state}“ nikdo řešitelem není.`,
          `Only the assignee may take "${t.name}", but nobody is assigned in state "${state}".`,
        );
      }
      if (t.guard === false || t.guard === null) {
        yield definitionError(`${path}/guard`, 'NOBODY_CAN_TAKE', `Podmínka přechodu „${t.name}“ nikdy neplatí.`, `The guard of "${t.name}" is never true.`);
      }
      for (const [j, f] of (t.editableFields ?? []).entries()) if (f !== '*' && !this.fields.has(f)) yield this.unknownField(`${path}/editableFields/${j}`, f);
      for (const [j, f] of (t.requiredFields ?? []).entries()) if (!this.fields.has(f)) yield this.unknownField(`${path}/requiredFields/${j}`, f);
      yield* this.effects(t.effects, `${path}/effects`);
    }
    yield* this.actorRules(this.def.workflow.start.who, '/workflow/start/who');
  }

  private *states(): Generator<DefinitionError> {
    for (const [i, s] of this.def.workflow.states.entries()) {
      const path = `/workflow/states/${i}`;
      yield* this.partyRules(s.assignTo, `${path}/assignTo`);
      yield* this.effects(s.onEnter, `${path}/onEnter`);
      if (s.deadline) {
        const d = s.deadline;
        yield* this.partyRules(d.remindTo, `${path}/deadline/remindTo`);
        yield* this.partyRules(d.escalateTo, `${path}/deadline/escalateTo`);
        if (d.startField && !this.fields.has(d.startField)) yield this.unknownField(`${path}/deadline/startField`, d.startField);
        const span = d.businessDays ?? Number.POSITIVE_INFINITY;
        if (d.remindBeforeBusinessDays !== undefined && d.remindBeforeBusinessDays >= span) {
          yield definitionError(`${path}/deadline/remindBeforeBusinessDays`, 'INVALID_DEADLINE', `Připomínka by přišla dřív, než lhůta vůbec začne: „remindBeforeBusinessDays“ musí být menší než ${span} (počet pracovních dní lhůty).`, `The reminder would come before the deadline even starts: "remindBeforeBusinessDays" must be less than ${span} (the business days of the deadline).`);
        }
      }
      if (s.approval) yield* this.approval(s, path);
    }
  }

  private *approval(s: StateDefinition, path: string): Generator<DefinitionError> {
    const a = s.approval;
    if (!a) return;
    yield* this.partyRules(a.participants, `${path}/approval/participants`);
    yield* this.effects(a.onVote, `${path}/approval/onVote`, true);
    yield* this.effects(a.onApproved.effects, `${path}/approval/onApproved/effects`, true);
    yield* this.effects(a.onRejected.effects, `${path}/approval/onRejected/effects`, true);
    for (const [i, e] of (a.onVote ?? []).entries()) {
      if (e.type === 'notify') continue;
      yield definitionError(
        `${path}/approval/onVote/${i}/type`,
        'INVALID_EFFECT',
        `Při hlasování lze jen oznamovat („notify“): hlas nemění údaje ani dokumenty žádosti. Účinek „${e.type}“ patří do „onApproved“ / „onRejected“.`,
        `A vote can only notify ("notify"): it changes no data or documents of the request. Effect "${e.type}" belongs in "onApproved" / "onRejected".`,
      );
    }
    if (a.mode !== 'quorum' && a.quorum !== undefined) {
      yield definitionError(`${path}/approval/quorum`, 'INVALID_APPROVAL', 'Kvórum lze zadat jen v režimu „quorum“.', 'A quorum is only allowed in mode "quorum".');
    }
    // With only fixed participants the number of votes is known now.
    const fixed = a.participants.every((p) => !('userFromField' in p) && !('departmentManagersFromField' in p) && !('assignees' in p) && !('membersOfGroup' in p) && !('voters' in p));
    if (a.mode === 'quorum' && fixed && (a.quorum ?? 0) > a.participants.length) {
      yield definitionError(`${path}/approval/quorum`, 'INVALID_APPROVAL', `Kvórum ${a.quorum} je vyšší než počet hlasujících (${a.participants.length}).`, `Quorum ${a.quorum} exceeds the number of voters (${a.participants.length}).`);
    }
  }

  private *effects(effects: EffectDefinition[] | undefined, path: string, inApproval = false): Generator<DefinitionError> {
    for (const [i, e] of (effects ?? []).entries()) {
      const at = `${path}/${i}`;
      switch (e.type) {
        case 'assign':
        case 'notify':
          yield* this.partyRules(e.to, `${at}/to`, inApproval);
          break;
        case 'generateDocument':
          if (!this.documents.has(e.template)) yield this.unknownDocument(`${at}/template`, e.template);
          break;
        case 'requestSignatures':
          if (!this.documents.has(e.document)) yield this.unknownDocument(`${at}/document`, e.document);
          for (const [j, s] of e.signers.entries()) {
            if (s.who) yield* this.partyRules([s.who], `${at}/signers/${j}/who`);
            if ((s.level === 'seal') !== (s.who === undefined)) {
              yield definitionError(`${at}/signers/${j}`, 'INVALID_SIGNERS', 'Pečeť úřadu nemá podepisující osobu, ostatní úrovně podpisu ji mít musí.', 'The office seal has no signer; every other level needs one.');
            }
          }
          break;
        case 'publishToRegister':
          if (e.document && !this.documents.has(e.document)) yield this.unknownDocument(`${at}/document`, e.document);
          for (const [j, f] of (e.fields ?? []).entries()) if (!this.fields.has(f)) yield this.unknownField(`${at}/fields/${j}`, f);
          break;
        case 'createBooking':
          for (const key of ['resourceField', 'startField', 'endField'] as const) {
            if (!this.fields.has(e[key])) yield this.unknownField(`${at}/${key}`, e[key]);
          }
          break;
        case 'cancelBooking':
          break;
        case 'setField':
          if (!this.fields.has(e.field)) yield this.unknownField(`${at}/field`, e.field);
          break;
      }
    }
  }

  private *actorRules(rules: ActorRule[], path: string): Generator<DefinitionError> {
    for (const [i, r] of rules.entries()) if ('role' in r) yield* this.role(r.role, `${path}/${i}/role`);
  }

  private *partyRules(rules: PartyRule[] | undefined, path: string, inApproval = false): Generator<DefinitionError> {
    for (const [i, r] of (rules ?? []).entries()) {
      if ('voters' in r && !inApproval) {
        yield definitionError(
          `${path}/${i}/voters`,
          'INVALID_PARTY',
          '„voters“ (ostatní hlasující) má smysl jen v účincích hlasování: „onVote“, „onApproved“ a „onRejected“ schvalování.',
          '"voters" (the other voters) only means something in the effects of an approval: its "onVote", "onApproved" and "onRejected".',
        );
      }
      if ('membersOfGroup' in r && !r.membersOfGroup.trim()) {
        yield definitionError(`${path}/${i}/membersOfGroup`, 'INVALID_PARTY', 'Název skupiny adresáře nesmí být prázdný.', 'The directory group name must not be empty.');
      }
      if ('role' in r) yield* this.role(r.role, `${path}/${i}/role`);
      if ('userFromField' in r && !this.fields.has(r.userFromField)) yield this.unknownField(`${path}/${i}/userFromField`, r.userFromField);
      if ('departmentManagersFromField' in r && !this.fields.has(r.departmentManagersFromField)) {
        yield this.unknownField(`${path}/${i}/departmentManagersFromField`, r.departmentManagersFromField);
      }
    }
  }

  private *role(role: string, path: string): Generator<DefinitionError> {
    if (!this.roles.has(role)) {
      yield definitionError(path, 'UNDECLARED_ROLE', `Role „${role}“ není deklarována v části „roles“.`, `Role "${role}" is not declared in "roles".`);
    }
  }

  /** Every JSONLogic expression: operators allowed, variables known, fields existing. */
  private *logic(): Generator<DefinitionError> {
    const d = this.def;
    // The flag: the expression runs while an approval is voted on or decided (`approval` is set).
    const expressions: Array<[JsonLogic, string, boolean?]> = [];
    const ofEffects = (effects: EffectDefinition[] | undefined, path: string, inApproval = false) =>
      (effects ?? []).forEach((e, j) => {
        if (e.when !== undefined) expressions.push([e.when, `${path}/${j}/when`, inApproval]);
        if (e.type === 'setField') expressions.push([e.value, `${path}/${j}/value`, inApproval]);
      });
    d.workflow.transitions.forEach((t, i) => {
      if (t.guard !== undefined) expressions.push([t.guard, `/workflow/transitions/${i}/guard`]);
      (t.routes ?? []).forEach((r, j) => expressions.push([r.when, `/workflow/transitions/${i}/routes/${j}/when`]));
      ofEffects(t.effects, `/workflow/transitions/${i}/effects`);
    });
    d.workflow.states.forEach((s, i) => {
      ofEffects(s.onEnter, `/workflow/states/${i}/onEnter`);
      const a = s.approval;
      if (!a) return;
      ofEffects(a.onVote, `/workflow/states/${i}/approval/onVote`, true);
      for (const outcome of ['onApproved', 'onRejected'] as const) {
        ofEffects(a[outcome].effects, `/workflow/states/${i}/approval/${outcome}/effects`, true);
        (a[outcome].routes ?? []).forEach((r, j) => expressions.push([r.when, `/workflow/states/${i}/approval/${outcome}/routes/${j}/when`, true]));
      }
    });
    (d.form.rules ?? []).forEach((r, i) => expressions.push([r.assert, `/form/rules/${i}/assert`]));
    d.form.ui.sections.forEach((s, i) => s.visibleIf !== undefined && expressions.push([s.visibleIf, `/form/ui/sections/${i}/visibleIf`]));
    Object.entries(d.form.ui.fields).forEach(([name, f]) => f.visibleIf !== undefined && expressions.push([f.visibleIf, `/form/ui/fields/${name}/visibleIf`]));

    for (const [expression, path, inApproval] of expressions) {
      for (const { op, at } of collectOperators(expression, path)) {
        if (!ALLOWED_OPERATORS.has(op)) {
          yield definitionError(at, 'UNKNOWN_OPERATOR', `Neznámá nebo nepovolená operace „${op}“.`, `Unknown or forbidden operation "${op}".`);
        }
      }
      for (const reference of collectScopedVariables(expression, path)) {
        if (reference.scope) yield* this.rowVariable(reference, reference.scope);
        else yield* this.variable(reference.path, reference.at, inApproval === true);
      }
    }
  }

  /**
   * A variable read inside `map`, `filter`, `all`, `some`, `none` (the row itself) or `reduce`
   * (`current` is the row, `accumulator` the result so far). When the array is a table of the
   * form, the row's fields are known and a misspelt one is reported: it would read nothing and
   * silently change sums and routes.
   */
  private *rowVariable(ref: ScopedReference, scope: IterationScope): Generator<DefinitionError> {
    let segments = ref.path === '' ? [] : ref.path.split('.');
    if (scope.op === 'reduce') {
      const [root, ...rest] = segments;
      if (root === 'accumulator') return;
      if (root !== 'current') {
        yield definitionError(
          ref.at,
          'UNKNOWN_VARIABLE',
          `Uvnitř „reduce“ lze číst jen „current“ (právě zpracovávaný řádek, např. current.amount) a „accumulator“ (dosavadní výsledek); „${ref.path}“ tu nemá žádnou hodnotu.`,
          `Inside "reduce" only "current" (the row at hand, e.g. current.amount) and "accumulator" (the result so far) can be read; "${ref.path}" has no value there.`,
        );
        return;
      }
      segments = rest;
    }
    const row = this.rowSchema(scope);
    if (!row) return; // not a table of the form (e.g. the result of a map): nothing to check against
    const found = followPath(row, segments);
    if (found.ok) return;
    const table = sourceName(scope.source);
    const field = segments.slice(0, found.index + 1).join('.');
    const hint =
      scope.op === 'reduce'
        ? { cs: '', en: '' }
        : {
            cs: ` Uvnitř „${scope.op}“ se pole řádku čtou bez předpony: { "var": "${found.known[0] ?? 'amount'}" }.`,
            en: ` Inside "${scope.op}" the row's fields are read without a prefix: { "var": "${found.known[0] ?? 'amount'}" }.`,
          };
    const error = unknownRowField(ref.at, table, field, found.known);
    yield { ...error, message: { cs: error.message.cs + hint.cs, en: error.message.en + hint.en } };
  }

  /** The schema of one row of the array an iteration goes through, when the form defines it. */
  private rowSchema(scope: IterationScope): Record<string, unknown> | undefined {
    const array = this.schemaOfExpression(scope.source, scope.parent);
    return array ? rowSchemaOf(array) : undefined;
  }

  private schemaOfExpression(expression: JsonLogic, scope: IterationScope | null): Record<string, unknown> | undefined {
    if (!isPlainObject(expression) || Object.keys(expression).length !== 1) return undefined;
    const [op, args] = Object.entries(expression)[0];
    // `filter` keeps the rows as they are; other operators make new values of unknown shape.
    if (op === 'filter') return Array.isArray(args) ? this.schemaOfExpression(args[0], scope) : undefined;
    if (op !== 'var') return undefined;
    const path = Array.isArray(args) ? args[0] : args;
    if (typeof path !== 'string') return undefined;
    let segments = path === '' ? [] : path.split('.');
    let base: Record<string, unknown> | undefined;
    if (!scope) {
      if (segments[0] !== 'data') return undefined;
      base = this.def.form.schema;
      segments = segments.slice(1);
    } else {
      if (scope.op === 'reduce') {
        if (segments[0] !== 'current') return undefined;
        segments = segments.slice(1);
      }
      base = this.rowSchema(scope);
    }
    if (!base) return undefined;
    const found = followPath(base, segments);
    return found.ok ? found.schema : undefined;
  }

  private *variable(variable: string, at: string, inApproval = false): Generator<DefinitionError> {
    const [root, key] = variable.split('.');
    if (root === 'approval') {
      if (!inApproval) {
        yield definitionError(
          at,
          'UNKNOWN_VARIABLE',
          `„${variable}“ má hodnotu jen při hlasování: v „onVote“, v cestách a účincích „onApproved“ / „onRejected“ schvalování.`,
          `"${variable}" only has a value while an approval is voted on: in its "onVote", and the routes and effects of "onApproved" / "onRejected".`,
        );
      } else if (key !== undefined && !(APPROVAL_KEYS as readonly string[]).includes(key)) {
        yield definitionError(at, 'UNKNOWN_VARIABLE', `Hlasování nemá údaj „${key}“ (má: ${APPROVAL_KEYS.join(', ')}).`, `The approval has no "${key}" (it has: ${APPROVAL_KEYS.join(', ')}).`);
      }
      return;
    }
    if (!(LOGIC_ROOTS as readonly string[]).includes(root)) {
      yield definitionError(at, 'UNKNOWN_VARIABLE', `Proměnná „${variable}“ musí začínat jedním z: ${LOGIC_ROOTS.join(', ')}.`, `Variable "${variable}" must start with one of: ${LOGIC_ROOTS.join(', ')}.`);
    } else if (root === 'data' && key !== undefined && !this.fields.has(key)) {
      yield this.unknownField(at, key);
    } else if (root === 'data' && key !== undefined) {
      const segments = variable.split('.').slice(1);
      const found = followPath(this.def.form.schema, segments);
      if (!found.ok) {
        const parent = segments.slice(0, found.index).join('.');
        const part = segments[found.index];
        yield found.table
          ? definitionError(
              at,
              'UNKNOWN_FIELD',
              `„${parent}“ je tabulka (seznam řádků), „${part}“ v ní nelze číst: řádek se čte číslem (data.${parent}.0.…), počet řádků je data.${parent}.length, přes všechny řádky jde „reduce“, „some“, „all“ … (oddíl 5).`,
              `"${parent}" is a table (a list of rows), "${part}" cannot be read from it: read a row by its number (data.${parent}.0.…), the number of rows is data.${parent}.length, go through all rows with "reduce", "some", "all" … (section 5).`,
            )
          : definitionError(at, 'UNKNOWN_FIELD', `Pole „${parent}“ nemá část „${part}“ (má: ${found.known.join(', ')}).`, `Field "${parent}" has no part "${part}" (it has: ${found.known.join(', ')}).`);
      }
    } else if (root === 'request' && key !== undefined && !REQUEST_KEYS.has(key)) {
      yield definitionError(at, 'UNKNOWN_VARIABLE', `Žádost nemá údaj „${key}“.`, `The request has no "${key}".`);
    } else if (root === 'actor' && key !== undefined && !ACTOR_KEYS.has(key)) {
      yield definitionError(at, 'UNKNOWN_VARIABLE', `Uživatel nemá údaj „${key}“.`, `The actor has no "${key}".`);
    }
  }

  /** States in which someone can be assigned: by the state itself, by an incoming step, or by escalation. */
  private statesWithAssignees(): Set<string> {
    const result = new Set<string>();
    const assigns = (effects: EffectDefinition[] | undefined) => (effects ?? []).some((e) => e.type === 'assign');
    for (const s of this.def.workflow.states) {
      if (s.assignTo?.length || assigns(s.onEnter) || s.deadline?.reassignOnEscalation) result.add(s.id);
      if (s.approval) {
        if (assigns(s.approval.onApproved.effects)) outcomeTargets(s.approval.onApproved).forEach((to) => result.add(to));
        if (assigns(s.approval.onRejected.effects)) outcomeTargets(s.approval.onRejected).forEach((to) => result.add(to));
      }
    }
    for (const t of this.def.workflow.transitions) {
      if (assigns(t.effects)) for (const to of [t.to, ...(t.routes ?? []).map((r) => r.to)]) result.add(to);
    }
    return result;
  }

  private unknownState(path: string, id: string): DefinitionError {
    return definitionError(path, 'UNKNOWN_STATE', `Stav „${id}“ neexistuje.`, `State "${id}" does not exist.`);
  }

  private unknownField(path: string, name: string): DefinitionError {
    return definitionError(path, 'UNKNOWN_FIELD', `Formulář nemá pole „${name}“.`, `The form has no field "${name}".`);
  }

  private unknownDocument(path: string, code: string): DefinitionError {
    return definitionError(path, 'UNKNOWN_DOCUMENT', `Šablona dokumentu „${code}“ není deklarována v části „documents“.`, `Document template "${code}" is not declared in "documents".`);
  }
}

/** The row schema of a table field: `{ "type": "array", "items": { … } }`. */
export function rowSchemaOf(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  return schema['type'] === 'array' ? asSchema(schema['items']) : undefined;
}

/** The values a choice can take, as option keys: its `enum`, `true`/`false`, or the `enum` of a multiple choice's items. */
function choiceValues(schema: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => String(v));
  if (schema['type'] === 'boolean') return ['true', 'false'];
  const items = rowSchemaOf(schema);
  if (items && Array.isArray(items['enum'])) return (items['enum'] as unknown[]).map((v) => String(v));
  return undefined;
}

type PathResult = { ok: true; schema: Record<string, unknown> | undefined } | { ok: false; index: number; known: string[]; table: boolean };

/**
 * Follows a dotted variable path (`budget.0.amount`) through a form schema: object properties,
 * row numbers and `length` of tables. Stops without complaint where the schema does not say
 * (a `$ref`, an open object, a value that is not an object or table).
 */
export function followPath(root: Record<string, unknown>, segments: readonly string[]): PathResult {
  let current: Record<string, unknown> | undefined = root;
  for (const [index, segment] of segments.entries()) {
    if (!current || current['$ref'] !== undefined) return { ok: true, schema: undefined };
    const properties = asSchema(current['properties']);
    if (current['type'] === 'array') {
      if (segment === 'length') return { ok: true, schema: undefined };
      if (/^\d+$/.test(segment)) {
        current = asSchema(current['items']);
        continue;
      }
      return { ok: false, index, known: ['length', '0', '1', '…'], table: true };
    }
    if (properties && (current['type'] === 'object' || current['type'] === undefined)) {
      if (Object.prototype.hasOwnProperty.call(properties, segment)) {
        current = asSchema(properties[segment]);
        continue;
      }
      const additional = current['additionalProperties'];
      if (current['patternProperties'] !== undefined || (additional !== undefined && additional !== false)) return { ok: true, schema: undefined };
      return { ok: false, index, known: Object.keys(properties), table: false };
    }
    return { ok: true, schema: undefined };
  }
  return { ok: true, schema: current };
}

/** How an iterated array is called in messages: `expenses` for `{ "var": "data.expenses" }`. */
function sourceName(source: JsonLogic): string {
  if (isPlainObject(source) && Object.keys(source).length === 1) {
    const [op, args] = Object.entries(source)[0];
    if (op === 'filter' && Array.isArray(args)) return sourceName(args[0]);
    const path = Array.isArray(args) ? args[0] : args;
    if (op === 'var' && typeof path === 'string') return path.replace(/^data\./, '').replace(/^current\./, '');
  }
  return '?';
}

function unknownRowField(path: string, table: string, field: string, known: readonly string[]): DefinitionError {
  return definitionError(
    path,
    'UNKNOWN_FIELD',
    `Řádek tabulky „${table}“ nemá pole „${field}“ (pole řádku: ${known.join(', ')}).`,
    `A row of table "${table}" has no field "${field}" (the row's fields: ${known.join(', ')}).`,
  );
}

type RequiredProblem = { kind: 'unknown' | 'conditionOnEmpty'; path: string; name: string };

const IN_PLACE = ['allOf', 'anyOf', 'oneOf'] as const;

export function asSchema(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Property names of one object schema together with its in-place subschemas (if/then/else, allOf, …). */
function propertiesOfGroup(schema: Record<string, unknown>, into = new Set<string>()): Set<string> {
  Object.keys(asSchema(schema['properties']) ?? {}).forEach((k) => into.add(k));
  for (const key of ['if', 'then', 'else', 'not']) {
    const sub = asSchema(schema[key]);
    if (sub) propertiesOfGroup(sub, into);
  }
  for (const key of IN_PLACE) for (const sub of Array.isArray(schema[key]) ? (schema[key] as unknown[]) : []) {
    const s = asSchema(sub);
    if (s) propertiesOfGroup(s, into);
  }
  for (const sub of Object.values(asSchema(schema['dependentSchemas']) ?? {})) {
    const s = asSchema(sub);
    if (s) propertiesOfGroup(s, into);
  }
  return into;
}

/** Whether the object may hold properties nobody declared, so any name may be required. */
function isOpenObject(schema: Record<string, unknown>): boolean {
  return schema['patternProperties'] !== undefined || schema['$ref'] !== undefined;
}

function requiredProblems(root: unknown, rootPath: string): RequiredProblem[] {
  const problems: RequiredProblem[] = [];
  /** `known`: properties of the object this schema applies to; `requiredOuter`: what that object requires anyway. */
  const walk = (value: unknown, path: string, known: Set<string> | null, requiredOuter: Set<string>) => {
    const schema = asSchema(value);
    if (!schema) return;
    // A new instance location starts here unless the caller passed the group's names.
    const names = known ?? propertiesOfGroup(schema);
    const open = known === null && isOpenObject(schema);
    const required = new Set([...requiredOuter, ...stringsIn(schema['required'])]);
    if (names.size > 0 && !open) {
      stringsIn(schema['required']).forEach((name, i) => {
        if (!names.has(name)) problems.push({ kind: 'unknown', path: `${path}/required/${i}`, name });
      });
      for (const [field, list] of Object.entries(asSchema(schema['dependentRequired']) ?? {})) {
        if (!names.has(field)) problems.push({ kind: 'unknown', path: `${path}/dependentRequired/${field}`, name: field });
        stringsIn(list).forEach((name, i) => {
          if (!names.has(name)) problems.push({ kind: 'unknown', path: `${path}/dependentRequired/${field}/${i}`, name });
        });
      }
    }
    const condition = asSchema(schema['if']);
    if (condition) {
      const tested = Object.keys(asSchema(condition['properties']) ?? {});
      const demanded = new Set([...required, ...stringsIn(condition['required'])]);
      for (const name of tested) if (!demanded.has(name)) problems.push({ kind: 'conditionOnEmpty', path: `${path}/if/properties/${name}`, name });
    }
    for (const key of ['if', 'then', 'else', 'not']) walk(schema[key], `${path}/${key}`, names, required);
    for (const key of IN_PLACE) {
      if (Array.isArray(schema[key])) (schema[key] as unknown[]).forEach((sub, i) => walk(sub, `${path}/${key}/${i}`, names, required));
    }
    for (const [name, sub] of Object.entries(asSchema(schema['dependentSchemas']) ?? {})) walk(sub, `${path}/dependentSchemas/${name}`, names, required);
    // Nested instance locations: properties, table rows, definitions.
    for (const [name, sub] of Object.entries(asSchema(schema['properties']) ?? {})) walk(sub, `${path}/properties/${name}`, null, new Set());
    walk(schema['items'], `${path}/items`, null, new Set());
    if (Array.isArray(schema['prefixItems'])) (schema['prefixItems'] as unknown[]).forEach((sub, i) => walk(sub, `${path}/prefixItems/${i}`, null, new Set()));
    walk(schema['additionalProperties'], `${path}/additionalProperties`, null, new Set());
    for (const defs of ['$defs', 'definitions']) {
      for (const [name, sub] of Object.entries(asSchema(schema[defs]) ?? {})) walk(sub, `${path}/${defs}/${name}`, null, new Set());
    }
  };
  walk(root, rootPath, null, new Set());
  return problems;
}

/** Every top-level field the form schema can demand, with where it is demanded. */
function topLevelRequired(schema: Record<string, unknown>, path: string): Array<[string, string]> {
  const result: Array<[string, string]> = stringsIn(schema['required']).map((name, i) => [name, `${path}/required/${i}`]);
  for (const key of ['then', 'else']) {
    const sub = asSchema(schema[key]);
    if (sub) result.push(...topLevelRequired(sub, `${path}/${key}`));
  }
  for (const key of IN_PLACE) {
    if (!Array.isArray(schema[key])) continue;
    (schema[key] as unknown[]).forEach((value, i) => {
      const sub = asSchema(value);
      if (sub) result.push(...topLevelRequired(sub, `${path}/${key}/${i}`));
    });
  }
  return result;
}

function* duplicatesIn(values: string[], path: string, key: string, cs: string, en: string): Generator<DefinitionError> {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (seen.has(v)) yield definitionError(`${path}/${i}/${key}`, 'DUPLICATE_NAME', `Duplicitní ${cs} „${v}“.`, `Duplicate ${en} "${v}".`);
    seen.add(v);
  }
}

/** The value of a condition that reads nothing (`true`, `1`, `"x"`, `{"==": [1, 1]}` is not detected), else undefined. */
function constantValue(logic: JsonLogic): boolean | undefined {
  if (logic === null || typeof logic === 'boolean' || typeof logic === 'number' || typeof logic === 'string') return Boolean(logic);
  if (Array.isArray(logic)) return logic.length > 0;
  return undefined;
}
