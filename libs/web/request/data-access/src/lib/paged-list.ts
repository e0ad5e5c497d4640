import { computed, signal } from '@angular/core';
import type { Page } from '@agendy/shared/contracts';

/**
 * A keyset-paginated list as signals: `reload()` asks for the first page, `loadMore()` for the
 * next one with the cursor the server gave. A reload while a page is loading wins over it.
 */
export class PagedList<T> {
  private readonly _items = signal<T[]>([]);
  private readonly _loading = signal(false);
  private readonly _error = signal<unknown>(null);
  private readonly _nextCursor = signal<string | null>(null);
  private readonly _loaded = signal(false);
  private generation = 0;

  readonly items = this._items.asReadonly();
  readonly loading = this._loading.asReadonly();
  /** What the last failed call threw (null after a success). */
  readonly error = this._error.asReadonly();
  readonly loaded = this._loaded.asReadonly();
  readonly hasMore = computed(() => this._nextCursor() !== null);

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  reload(): Promise<void> {
    return this.fetch(undefined, true);
  }

  loadMore(): Promise<void> {
    const cursor = this._nextCursor();
    if (cursor === null || this._loading()) return Promise.resolve();
    return this.fetch(cursor, false);
  }

  /** Changes one loaded item in place (e.g. after claiming a task). */
  update(predicate: (item: T) => boolean, change: (item: T) => T): void {
    this._items.update((items) => items.map((item) => (predicate(item) ? change(item) : item)));
  }

  private async fetch(cursor: string | undefined, reset: boolean): Promise<void> {
    const generation = reset ? ++this.generation : this.generation;
    this._loading.set(true);
    try {
      const page = await this.fetchPage(cursor);
      if (generation !== this.generation) return;
      this._items.update((items) => (reset ? page.items : [...items, ...page.items]));
      this._nextCursor.set(page.nextCursor);
      this._error.set(null);
      this._loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this._error.set(error);
    } finally {
      if (generation === this.generation) this._loading.set(false);
    }
  }
}
