import { ChangeDetectionStrategy, Component, DOCUMENT, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, skip } from 'rxjs';
import { TranslatePipe } from './core/i18n/translate.pipe';

/** Id of the `<main>` element every layout renders; the skip link and route changes focus it. */
export const MAIN_CONTENT_ID = 'obsah';

@Component({
  selector: 'ag-root',
  imports: [RouterOutlet, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" [href]="'#' + mainId" (click)="skipToContent($event)">{{ 'app.skipToContent' | t }}</a>
    <router-outlet />
  `,
})
export class App {
  protected readonly mainId = MAIN_CONTENT_ID;
  private readonly document = inject(DOCUMENT);

  constructor() {
    // After an in-app navigation, move focus to the new page's content so screen readers start there.
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        skip(1),
        takeUntilDestroyed(),
      )
      .subscribe(() => setTimeout(() => this.focusMain(false)));
  }

  protected skipToContent(event: Event): void {
    // A plain #fragment would make the router resolve the URL against <base href>; focus instead.
    event.preventDefault();
    this.focusMain(true);
  }

  private focusMain(scroll: boolean): void {
    const main = this.document.getElementById(MAIN_CONTENT_ID);
    if (!main) return;
    main.focus({ preventScroll: !scroll });
  }
}
