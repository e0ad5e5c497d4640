import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { SimulationResponse } from '@agendy/shared/contracts';
import { AgendaForm, type AgendaFormSpec } from '@agendy/web/request/ui-form';
import type { AgendaDefinition, ScenarioActionStep, ScenarioStep } from '@agendy/workflow/engine';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerApi } from './designer-api';
import { DesignerStore } from './designer-store';
import { simulationPeople, simulationScenario } from './model/simulation';

/**
 * "Vyzkoušet": runs the definition on screen (saved or not) through the engine on the server with
 * sample data and made-up people, one step at a time. Nothing is stored; each click replays the
 * steps so far plus the new one and shows what every person may do next, effects and deadlines.
 */
@Component({
  selector: 'ag-simulation-panel',
  imports: [FormsModule, MatButtonModule, TranslatePipe, AgendaForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <p class="intro">{{ 'admin.sim.intro' | t }}</p>
    <div class="designer-split">
      <section class="designer-main" aria-labelledby="sim-data-heading">
        <h3 id="sim-data-heading">{{ 'admin.sim.data' | t }}</h3>
        <ag-agenda-form [form]="form()" [lang]="lang()" [value]="data()" (valueChange)="data.set($event)" />
        <label class="field">
          <span>{{ 'admin.sim.filedAt' | t }}</span>
          <input type="datetime-local" [(ngModel)]="filedAt" />
        </label>
        <div class="row">
          <button matButton="filled" type="button" (click)="start()" [disabled]="running()">{{ 'admin.sim.start' | t }}</button>
          <button matButton type="button" (click)="reset()">{{ 'admin.sim.reset' | t }}</button>
        </div>
      </section>
      <section class="designer-side" aria-labelledby="sim-run-heading" aria-live="polite">
        <h3 id="sim-run-heading">{{ 'admin.sim.run' | t }}</h3>
        @if (error(); as e) {
          <p class="error-text" role="alert">{{ e }}</p>
        }
        @if (report(); as r) {
          @if (r.definitionErrors.length) {
            <p class="error-text" role="alert">{{ 'admin.sim.invalid' | t: { n: r.definitionErrors.length } }}</p>
          }
          <ol class="sim-steps">
            @for (s of r.steps; track s.index) {
              <li class="sim-step" [class.sim-step--refused]="!s.accepted">
                <strong>{{ personName(s.actor) }}: {{ s.actionLabel?.[lang()] ?? s.action }}</strong>
                → <span class="sim-state">{{ s.to.label[lang()] }}</span>
                @if (s.route; as rt) {
                  <p class="hint sim-route">↳ {{ rt[lang()] }}</p>
                }
                @if (!s.accepted && s.rejection) {
                  <p class="error-text">{{ 'admin.sim.refused' | t }} {{ s.rejection.message[lang()] }}
                    @for (fe of s.rejection.fieldErrors ?? []; track $index) { <span>{{ fe.pointer }}: {{ fe.message[lang()] }}</span> }
                  </p>
                }
                @if (s.effects.length) {
                  <ul class="sim-effects" [attr.aria-label]="'admin.sim.effects' | t">
                    @for (e of s.effects; track $index) { <li>{{ e[lang()] }}</li> }
                  </ul>
                }
                @if (s.deadline; as dl) {
                  <p>{{ 'admin.sim.deadline' | t: { due: dl.dueAt, to: dl.escalateTo[lang()] } }}</p>
                }
                <p class="hint">{{ 'admin.sim.assignees' | t }} {{ s.assignees[lang()] }}</p>
                @if (s.fallbacks; as fb) {
                  <p class="hint">{{ 'admin.sim.fallbacks' | t }} {{ fb[lang()] }}</p>
                }
              </li>
            }
          </ol>
          @if (last(); as l) {
            @if (l.to.final) {
              <p class="message" role="status">{{ 'admin.sim.finished' | t: { state: l.to.label[lang()] } }}</p>
            } @else {
              <h4>{{ 'admin.sim.next' | t }}</h4>
              <ul class="sim-next">
                @for (p of l.available; track p.person) {
                  @if (p.actions.length && p.person !== 'system') {
                    <li>
                      <span>{{ personName(p.person) }}:</span>
                      @for (a of p.actions; track a.name) {
                        <button matButton="outlined" type="button" [disabled]="running()" (click)="take(p.person, a.kind, a.name, a.commentRequired)" [attr.title]="a.enabled ? null : a.disabledReason?.[lang()]">
                          {{ a.label[lang()] }}
                        </button>
                      }
                    </li>
                  }
                }
                @for (t of l.pendingTimers; track t.timer) {
                  <li>
                    <button matButton="outlined" type="button" (click)="timer(t.timer)">{{ (t.timer === 'remind' ? 'admin.sim.remind' : 'admin.sim.escalate') | t }}</button>
                  </li>
                }
              </ul>
            }
          }
        } @else {
          <p>{{ 'admin.sim.notStarted' | t }}</p>
        }
      </section>
    </div>
  `,
})
export class SimulationPanel {
  private readonly store = inject(DesignerStore);
  private readonly api = inject(DesignerApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  protected readonly lang = this.i18n.lang;
  protected readonly d = computed(() => this.store.definition() as AgendaDefinition);
  protected readonly form = computed(() => this.d().form as unknown as AgendaFormSpec);
  protected readonly data = signal<Record<string, unknown>>({});
  protected readonly steps = signal<ScenarioStep[]>([]);
  protected readonly report = signal<SimulationResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly running = signal(false);
  protected readonly last = computed(() => {
    const r = this.report();
    return r && r.steps.length ? r.steps[r.steps.length - 1] : null;
  });
  protected filedAt = localNow();

  protected personName(id: string): string {
    return simulationPeople(this.d())[id]?.name?.split(' / ')[this.lang() === 'cs' ? 0 : 1] ?? id;
  }

  protected start(): Promise<void> {
    this.steps.set([]);
    return this.replay();
  }

  protected reset(): void {
    this.steps.set([]);
    this.report.set(null);
    this.error.set(null);
  }

  protected take(person: string, kind: 'transition' | 'vote', name: string, commentRequired: boolean): Promise<void> {
    const step: ScenarioActionStep =
      kind === 'vote' ? { as: person, vote: name as 'approve' | 'reject' } : { as: person, do: name };
    if (commentRequired) step.comment = this.i18n.t('admin.sim.comment');
    this.steps.update((s) => [...s, step]);
    return this.replay();
  }

  protected timer(timer: 'remind' | 'escalate'): Promise<void> {
    this.steps.update((s) => [...s, { timer }]);
    return this.replay();
  }

  private async replay(): Promise<void> {
    this.running.set(true);
    this.error.set(null);
    try {
      const filedAt = new Date(this.filedAt || localNow()).toISOString();
      const scenario = { ...simulationScenario(this.d(), filedAt, this.steps()), data: this.data() };
      const report = await this.api.simulate(this.d(), scenario);
      // A refused step stays in the report but is not replayed next time.
      const lastStep = report.steps[report.steps.length - 1];
      if (lastStep && !lastStep.accepted) this.steps.update((s) => s.slice(0, -1));
      this.report.set(report);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.running.set(false);
    }
  }
}

function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}
