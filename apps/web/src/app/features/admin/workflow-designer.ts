import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDefinition, EffectDefinition, StateDefinition, StateOutcome, TransitionDefinition } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { ConditionBuilder } from './condition-builder';
import { DesignerStore } from './designer-store';
import { EffectsEditor } from './effects-editor';
import { NODE_HEIGHT, NODE_WIDTH, layoutWorkflow, pathOf } from './model/workflow-layout';
import { STATE_ID, addState, addTransition, fromList, partyChoices, partyKeyOf, removeState, renameState, toggleParty, type PartyChoice } from './model/workflow-edit';

type Selection = { kind: 'state'; index: number } | { kind: 'transition'; index: number } | null;

/**
 * The workflow designer: states and steps drawn as a diagram laid out by dagre (SVG; states and
 * steps are buttons reachable with Tab), with a side panel editing the selected one. Validator
 * errors colour the element they concern and are listed in its panel.
 */
@Component({
  selector: 'ag-workflow-designer',
  imports: [FormsModule, MatButtonModule, TranslatePipe, ConditionBuilder, EffectsEditor],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  templateUrl: './workflow-designer.html',
})
export class WorkflowDesigner {
  protected readonly store = inject(DesignerStore);
  private readonly i18n = inject(TranslationService);
  protected readonly lang = this.i18n.lang;
  protected readonly d = computed(() => this.store.definition() as AgendaDefinition);
  protected readonly layout = computed(() => layoutWorkflow(this.d()));
  protected readonly selection = signal<Selection>(null);
  protected readonly W = NODE_WIDTH;
  protected readonly H = NODE_HEIGHT;
  protected readonly pathOf = pathOf;
  protected readonly outcomes: StateOutcome[] = ['approved', 'rejected', 'withdrawn', 'completed', 'cancelled', 'repealed'];
  protected readonly choices = computed(() => partyChoices(this.d()));
  protected readonly fieldNames = computed(() => Object.keys((this.d().form.schema['properties'] ?? {}) as object));
  protected readonly renameError = signal(false);

  protected readonly state = computed<StateDefinition | null>(() => {
    const s = this.selection();
    return s?.kind === 'state' ? (this.d().workflow.states[s.index] ?? null) : null;
  });
  protected readonly transition = computed<TransitionDefinition | null>(() => {
    const s = this.selection();
    return s?.kind === 'transition' ? (this.d().workflow.transitions[s.index] ?? null) : null;
  });
  protected readonly selectedErrors = computed(() => {
    const s = this.selection();
    if (!s) return [];
    const map = s.kind === 'state' ? this.store.located().states : this.store.located().transitions;
    return (map.get(s.index) ?? []).map((e) => e.message[this.lang()]);
  });

  protected stateLabel(id: string): string {
    return this.d().workflow.states.find((s) => s.id === id)?.label[this.lang()] ?? id;
  }

  protected stateHasError(index: number): boolean {
    return this.store.located().states.has(index);
  }

  protected transitionHasError(index: number): boolean {
    return this.store.located().transitions.has(index);
  }

  protected isSelected(kind: 'state' | 'transition', index: number): boolean {
    const s = this.selection();
    return s?.kind === kind && s.index === index;
  }

  protected select(kind: 'state' | 'transition', index: number): void {
    this.renameError.set(false);
    this.selection.set({ kind, index });
  }

  protected onKey(event: KeyboardEvent, kind: 'state' | 'transition', index: number): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(kind, index);
    }
  }

  protected partyLabel(key: string): string {
    if (key.startsWith('role:')) {
      const code = key.slice(5);
      const own = this.d().roles.find((r) => r.code === code);
      return own ? own.name[this.lang()] : this.i18n.t(`admin.party.role.${code}` as TranslationKey);
    }
    return this.i18n.t(`admin.party.${key}` as TranslationKey);
  }

  protected outcomeKey(o: StateOutcome): TranslationKey {
    return `admin.outcome.${o}` as TranslationKey;
  }

  protected has(rules: readonly unknown[] | undefined, c: PartyChoice): boolean {
    return (rules ?? []).some((r) => partyKeyOf(r) === c.key);
  }

  // --- states ---
  private editState(edit: (s: StateDefinition, d: AgendaDefinition) => void): void {
    const sel = this.selection();
    if (sel?.kind !== 'state') return;
    this.store.update((d) => edit(d.workflow.states[sel.index], d));
  }

  protected rename(newId: string): void {
    const old = this.state()?.id;
    if (!old || newId === old) return;
    if (!STATE_ID.test(newId) || this.d().workflow.states.some((s) => s.id === newId)) {
      this.renameError.set(true);
      return;
    }
    this.renameError.set(false);
    this.store.update((d) => renameState(d, old, newId));
  }

  protected setStateLabel(lang: 'cs' | 'en', value: string): void {
    this.editState((s) => (s.label = { ...s.label, [lang]: value }));
  }

  protected setFinal(final: boolean): void {
    this.editState((s) => {
      if (final) {
        s.final = true;
        s.outcome ??= 'completed';
        delete s.assignTo;
        delete s.deadline;
        delete s.approval;
      } else {
        delete s.final;
        delete s.outcome;
        s.assignTo = [{ filer: true }];
      }
    });
  }

  protected setOutcome(o: StateOutcome): void {
    this.editState((s) => (s.outcome = o));
  }

  protected setAssign(c: PartyChoice, on: boolean): void {
    this.editState((s) => (s.assignTo = toggleParty(s.assignTo, c, on)));
  }

  protected setInitial(): void {
    const id = this.state()?.id;
    if (id) this.store.update((d) => (d.workflow.initial = id));
  }

  protected setDeadline(on: boolean): void {
    this.editState((s) => {
      if (on) s.deadline = { businessDays: 5, remindBeforeBusinessDays: 1, escalateTo: [{ role: 'director' }] };
      else delete s.deadline;
    });
  }

  protected setDeadlineNumber(key: 'businessDays' | 'remindBeforeBusinessDays' | 'escalateAfterBusinessDays', text: string): void {
    const n = Number(text);
    this.editState((s) => {
      if (!s.deadline) return;
      if (text === '' || !Number.isFinite(n)) delete s.deadline[key];
      else s.deadline[key] = n;
    });
  }

  protected setEscalate(c: PartyChoice, on: boolean): void {
    this.editState((s) => s.deadline && (s.deadline.escalateTo = toggleParty(s.deadline.escalateTo, c, on)));
  }

  protected setApproval(on: boolean): void {
    const others = this.d().workflow.states.filter((s) => s.id !== this.state()?.id);
    this.editState((s) => {
      if (on) {
        s.approval = {
          participants: [{ managerOfFiler: true }],
          mode: 'all',
          onApproved: { to: others.find((o) => o.outcome === 'approved')?.id ?? others[0]?.id ?? s.id },
          onRejected: { to: others.find((o) => o.outcome === 'rejected')?.id ?? others[0]?.id ?? s.id },
        };
      } else delete s.approval;
    });
  }

  protected setParticipant(c: PartyChoice, on: boolean): void {
    this.editState((s) => s.approval && (s.approval.participants = toggleParty(s.approval.participants, c, on)));
  }

  protected setApprovalField(key: 'mode' | 'quorum' | 'onApproved' | 'onRejected', value: string): void {
    this.editState((s) => {
      if (!s.approval) return;
      if (key === 'mode') s.approval.mode = value as 'all' | 'any' | 'quorum';
      else if (key === 'quorum') s.approval.quorum = Number(value);
      else s.approval[key] = { ...s.approval[key], to: value };
    });
  }

  protected setOnEnter(effects: EffectDefinition[]): void {
    this.editState((s) => {
      if (effects.length) s.onEnter = effects;
      else delete s.onEnter;
    });
  }

  protected addState(): void {
    const index = this.d().workflow.states.length;
    this.store.update((d) => addState(d));
    this.select('state', index);
  }

  protected removeState(): void {
    const id = this.state()?.id;
    if (!id) return;
    this.store.update((d) => removeState(d, id));
    this.selection.set(null);
  }

  // --- transitions ---
  private editTransition(edit: (t: TransitionDefinition, d: AgendaDefinition) => void): void {
    const sel = this.selection();
    if (sel?.kind !== 'transition') return;
    this.store.update((d) => edit(d.workflow.transitions[sel.index], d));
  }

  protected fromList = fromList;

  protected setName(name: string): void {
    if (!STATE_ID.test(name)) return;
    this.editTransition((t) => (t.name = name));
  }

  protected setTransitionLabel(lang: 'cs' | 'en', value: string): void {
    this.editTransition((t) => (t.label = { ...t.label, [lang]: value }));
  }

  protected setFrom(id: string, on: boolean): void {
    this.editTransition((t) => {
      const list = fromList(t).filter((f) => f !== id);
      const next = on ? [...list, id] : list;
      t.from = next.length === 1 ? next[0] : next;
    });
  }

  protected setTo(id: string): void {
    this.editTransition((t) => (t.to = id));
  }

  protected setWho(c: PartyChoice, on: boolean): void {
    this.editTransition((t) => (t.who = toggleParty(t.who, c, on)));
  }

  protected setFlag(key: 'forbidFiler' | 'commentRequired', on: boolean): void {
    this.editTransition((t) => {
      if (on) t[key] = true;
      else delete t[key];
    });
  }

  protected allEditable(t: TransitionDefinition): boolean {
    return t.editableFields?.includes('*') ?? false;
  }

  protected setEditable(field: string, on: boolean): void {
    this.editTransition((t) => {
      const list = (t.editableFields ?? []).filter((f) => f !== field);
      t.editableFields = on ? [...list, field] : list;
      if (t.editableFields.length === 0) delete t.editableFields;
    });
  }

  protected setGuard(logic: unknown): void {
    this.editTransition((t) => {
      if (logic === null) delete t.guard;
      else t.guard = logic as never;
    });
  }

  protected addRoute(): void {
    this.editTransition((t, d) => (t.routes = [...(t.routes ?? []), { when: { '>': [{ var: `data.${this.fieldNames()[0] ?? 'x'}` }, 0] } as never, to: d.workflow.states[0].id }]));
  }

  protected setRoute(k: number, patch: { when?: unknown; to?: string }): void {
    this.editTransition((t) => {
      if (!t.routes) return;
      if (patch.when === null) {
        t.routes = t.routes.filter((_, i) => i !== k);
      } else {
        t.routes[k] = { ...t.routes[k], ...(patch.when !== undefined ? { when: patch.when as never } : {}), ...(patch.to ? { to: patch.to } : {}) };
      }
      if (t.routes.length === 0) delete t.routes;
    });
  }

  protected setEffects(effects: EffectDefinition[]): void {
    this.editTransition((t) => {
      if (effects.length) t.effects = effects;
      else delete t.effects;
    });
  }

  protected addTransition(): void {
    const from = this.state()?.id ?? this.d().workflow.initial;
    const index = this.d().workflow.transitions.length;
    this.store.update((d) => addTransition(d, from));
    this.select('transition', index);
  }

  protected removeTransition(): void {
    const sel = this.selection();
    if (sel?.kind !== 'transition') return;
    this.store.update((d) => d.workflow.transitions.splice(sel.index, 1));
    this.selection.set(null);
  }
}
