import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { AgendaFormState } from '../agenda-form/agenda-form-state';

interface SummaryItem {
  key: string;
  message: string;
  targetId: string | null;
}

/**
 * The list of errors shown at the top of the form after an attempt to submit it; every item
 * links to its field and moves the focus there (the GOV.UK error summary pattern).
 */
@Component({
  selector: 'ag-form-error-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ag-summary" tabindex="-1" role="region" [attr.aria-labelledby]="headingId">
      <h2 class="ag-summary__heading" [id]="headingId">{{ state.label('summaryHeading') }}</h2>
      <p class="ag-summary__intro">
        {{ state.label('summaryIntro') }} {{ state.label('summaryCount', { n: items().length }) }}
      </p>
      <ul class="ag-summary__list">
        @for (item of items(); track item.key) {
          <li>
            @if (item.targetId) {
              <a [href]="'#' + item.targetId" (click)="goTo($event, item.targetId)">{{ item.message }}</a>
            } @else {
              {{ item.message }}
            }
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .ag-summary {
      padding: 16px 20px;
      border: 3px solid var(--mat-sys-error, #b3261e);
      border-radius: 12px;
      background: var(--mat-sys-error-container, #f9dedc);
      color: var(--mat-sys-on-error-container, #410e0b);
    }
    .ag-summary:focus-visible {
      outline: 3px solid var(--mat-sys-primary, #005cbb);
      outline-offset: 3px;
    }
    .ag-summary__heading {
      margin: 0 0 4px;
      font: var(--mat-sys-title-large, 600 1.3rem/1.4 sans-serif);
    }
    .ag-summary__intro {
      margin: 0 0 8px;
    }
    .ag-summary__list {
      margin: 0;
      padding-left: 20px;
    }
    a {
      color: inherit;
      font-weight: 600;
      text-decoration: underline;
    }
    a:focus-visible {
      outline: 3px solid var(--mat-sys-primary, #005cbb);
      outline-offset: 2px;
    }
  `,
})
export class FormErrorSummary {
  protected readonly state = inject(AgendaFormState);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly document = inject(DOCUMENT);
  protected readonly headingId = `${this.state.idPrefix}-summary-heading`;

  protected readonly items = computed<SummaryItem[]>(() => {
    const lang = this.state.lang();
    return this.state.shownErrors().map((error, index) => ({
      key: `${index}:${error.pointer}`,
      message: error.message[lang] ?? error.message.cs,
      targetId: this.state.targetIdFor(error.pointer),
    }));
  });

  /** Moves the focus to the summary, so a screen reader reads it right after the submit. */
  focus(): void {
    this.host.nativeElement.querySelector<HTMLElement>('.ag-summary')?.focus();
  }

  protected goTo(event: Event, targetId: string): void {
    event.preventDefault(); // a plain `#id` link would make the router navigate away
    const target = this.document.getElementById(targetId);
    target?.scrollIntoView?.({ block: 'center' });
    target?.focus();
  }
}
