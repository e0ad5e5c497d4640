import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { DefinitionChange, DefinitionDiff, DesignerRunningRequest, MigrateRequestsResponse } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DesignerApi } from './designer-api';
import { DesignerStore } from './designer-store';
import { statusKey } from './status-key';

/** Versions of the agenda: publish, compare, migrate running requests, export, retire. */
@Component({
  selector: 'ag-versions-panel',
  imports: [FormsModule, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{{ 'admin.versions.heading' | t }}</caption>
        <thead>
          <tr>
            <th scope="col">{{ 'admin.versions.version' | t }}</th>
            <th scope="col">{{ 'admin.versions.status' | t }}</th>
            <th scope="col">{{ 'admin.versions.publishedAt' | t }}</th>
            <th scope="col">{{ 'admin.versions.running' | t }}</th>
            <th scope="col">{{ 'admin.versions.actions' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (v of store.versions(); track v.version) {
            <tr>
              <td>v{{ v.version }}</td>
              <td><span class="chip" [attr.data-status]="v.status">{{ statusKey(v.status) | t }}</span></td>
              <td>{{ v.publishedAt ? (v.publishedAt | agDate: 'dateTime') : '–' }}</td>
              <td>{{ v.runningRequests }}</td>
              <td class="actions">
                <a matButton [href]="api.exportUrl(store.code(), v.version)" [attr.download]="store.code() + '.v' + v.version + '.agenda.json'">{{ 'admin.versions.export' | t }}</a>
                @if (v.status !== 'published') {
                  <button matButton type="button" [disabled]="store.busy()" (click)="publish(v.version)">{{ 'admin.versions.publish' | t: { v: v.version } }}</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <div class="row">
      @if (!store.draft()) {
        <button matButton="outlined" type="button" [disabled]="store.busy()" (click)="store.createDraft()">{{ 'admin.versions.newDraft' | t }}</button>
      } @else {
        <button matButton type="button" [disabled]="store.busy()" (click)="store.discard()">{{ 'admin.versions.discard' | t: { v: store.draft()!.version } }}</button>
      }
      @if (store.published()) {
        <button matButton type="button" [disabled]="store.busy()" (click)="retire()">{{ 'admin.versions.retire' | t }}</button>
      }
    </div>

    <section class="panel" aria-labelledby="compare-heading">
      <h3 id="compare-heading">{{ 'admin.compare.heading' | t }}</h3>
      <form class="row" (ngSubmit)="compare()">
        <label class="field">
          <span>{{ 'admin.compare.from' | t }}</span>
          <select name="from" [(ngModel)]="from">
            @for (v of store.versions(); track v.version) { <option [ngValue]="v.version">v{{ v.version }}</option> }
          </select>
        </label>
        <label class="field">
          <span>{{ 'admin.compare.to' | t }}</span>
          <select name="to" [(ngModel)]="to">
            @for (v of store.versions(); track v.version) { <option [ngValue]="v.version">v{{ v.version }}</option> }
          </select>
        </label>
        <button matButton="outlined" type="submit">{{ 'admin.compare.run' | t }}</button>
      </form>
      @if (diff(); as df) {
        @if (!df.fields.length && !df.states.length && !df.transitions.length && !df.other.length) {
          <p>{{ 'admin.compare.same' | t }}</p>
        }
        @for (group of groups(df); track group.key) {
          @if (group.items.length) {
            <h4>{{ group.key | t }}</h4>
            <ul>
              @for (c of group.items; track c.path + c.id) {
                <li><span class="chip" [attr.data-change]="c.kind">{{ kindKey(c) | t }}</span> <code>{{ c.id }}</code> @if (c.aspects.length) { ({{ c.aspects.join(', ') }}) }</li>
              }
            </ul>
          }
        }
      }
    </section>

    <section class="panel" aria-labelledby="migrate-heading">
      <h3 id="migrate-heading">{{ 'admin.migrate.heading' | t }}</h3>
      @if (!store.published()) {
        <p>{{ 'admin.migrate.noPublished' | t }}</p>
      } @else {
        <p class="hint">{{ 'admin.migrate.intro' | t: { v: store.published()!.version } }}</p>
        <button matButton type="button" (click)="loadRunning()">{{ 'admin.migrate.load' | t }}</button>
        @if (candidates().length) {
          <fieldset class="parties">
            <legend>{{ 'admin.migrate.requests' | t }}</legend>
            @for (r of candidates(); track r.id) {
              <label class="check"><input type="checkbox" [checked]="chosen().has(r.id)" (change)="toggle(r.id, $any($event.target).checked)" /> {{ r.reference }} (v{{ r.version }}, {{ r.state }})</label>
            }
          </fieldset>
          @if (unmappedStates().length) {
            <fieldset class="parties">
              <legend>{{ 'admin.migrate.mapping' | t }}</legend>
              @for (s of unmappedStates(); track s) {
                <label class="field">
                  <span>{{ s }} →</span>
                  <select [ngModel]="stateMap()[s] || ''" (ngModelChange)="mapState(s, $event)">
                    <option value="">{{ 'admin.migrate.keep' | t }}</option>
                    @for (t of targetStates(); track t) { <option [value]="t">{{ t }}</option> }
                  </select>
                </label>
              }
            </fieldset>
          }
          <button matButton="filled" type="button" [disabled]="chosen().size === 0" (click)="migrate()">{{ 'admin.migrate.run' | t: { v: store.published()!.version } }}</button>
        } @else if (loaded()) {
          <p>{{ 'admin.migrate.none' | t }}</p>
        }
        @if (result(); as res) {
          <p role="status">{{ 'admin.migrate.done' | t: { n: res.migrated.length } }}</p>
          @if (res.refused.length) {
            <h4>{{ 'admin.migrate.refused' | t }}</h4>
            <ul>
              @for (r of res.refused; track r.requestId) {
                <li>{{ r.reference ?? r.requestId }}: {{ r.reasons.join('; ') }}</li>
              }
            </ul>
          }
        }
      }
    </section>
    @if (error(); as e) { <p class="error-text" role="alert">{{ e }}</p> }
  `,
})
export class VersionsPanel {
  protected readonly store = inject(DesignerStore);
  protected readonly api = inject(DesignerApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly statusKey = statusKey;
  protected from = 1;
  protected to = 1;
  protected readonly diff = signal<DefinitionDiff | null>(null);
  protected readonly running = signal<DesignerRunningRequest[]>([]);
  protected readonly loaded = signal(false);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly stateMap = signal<Record<string, string>>({});
  protected readonly result = signal<MigrateRequestsResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly target = signal<AgendaDefinition | null>(null);

  protected readonly candidates = computed(() => this.running().filter((r) => r.version !== this.store.published()?.version));
  protected readonly targetStates = computed(() => this.target()?.workflow.states.map((s) => s.id) ?? []);
  protected readonly unmappedStates = computed(() => {
    const targets = new Set(this.targetStates());
    return [...new Set(this.candidates().filter((r) => this.chosen().has(r.id)).map((r) => r.state))].filter((s) => !targets.has(s));
  });

  constructor() {
    const versions = this.store.versions();
    this.to = versions[versions.length - 1]?.version ?? 1;
    this.from = versions[versions.length - 2]?.version ?? this.to;
  }

  protected kindKey(c: DefinitionChange): TranslationKey {
    return c.kind === 'added' ? 'admin.compare.added' : c.kind === 'removed' ? 'admin.compare.removed' : 'admin.compare.changed';
  }

  protected groups(df: DefinitionDiff): Array<{ key: TranslationKey; items: DefinitionChange[] }> {
    return [
      { key: 'admin.compare.fields', items: df.fields },
      { key: 'admin.compare.states', items: df.states },
      { key: 'admin.compare.transitions', items: df.transitions },
      { key: 'admin.compare.other', items: df.other },
    ];
  }

  protected async publish(version: number): Promise<void> {
    if (this.store.version() === version) await this.store.publish();
    else {
      await this.store.load(this.store.code(), version);
      await this.store.publish();
    }
  }

  protected async retire(): Promise<void> {
    await this.store.retire();
  }

  protected async compare(): Promise<void> {
    await this.guard(async () => this.diff.set(await this.api.diff(this.store.code(), this.from, this.to)));
  }

  protected async loadRunning(): Promise<void> {
    await this.guard(async () => {
      const published = this.store.published();
      if (published) this.target.set(await this.api.definition(this.store.code(), published.version));
      this.running.set((await this.api.running(this.store.code())).items);
      this.loaded.set(true);
      this.chosen.set(new Set());
    });
  }

  protected toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen());
    if (on) next.add(id);
    else next.delete(id);
    this.chosen.set(next);
  }

  protected mapState(from: string, to: string): void {
    const next = { ...this.stateMap() };
    if (to) next[from] = to;
    else delete next[from];
    this.stateMap.set(next);
  }

  protected async migrate(): Promise<void> {
    const published = this.store.published();
    if (!published) return;
    await this.guard(async () => {
      this.result.set(await this.api.migrate(this.store.code(), { to: published.version, requestIds: [...this.chosen()], stateMap: this.stateMap() }));
      await this.loadRunning();
      this.store.versions.set(await this.api.versions(this.store.code()));
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.error.set(null);
    try {
      await work();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }
}
