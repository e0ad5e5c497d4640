import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AgendaDetail, NotificationItem, RequestSummary, TaskItem } from '@agendy/shared/contracts';
import { AgendasService } from './agendas.service';
import { NotificationsStore } from './notifications.store';
import { RequestsService, readCookie } from './requests.service';
import { TasksService } from './tasks.service';

const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('web request data-access', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  describe('AgendasService', () => {
    it('loads the list once and exposes it as a signal', async () => {
      const service = TestBed.inject(AgendasService);
      const first = service.loadList();
      const second = service.loadList();
      http.expectOne('/api/v1/agendas').flush({ items: [{ code: 'leave-request' }] });
      expect(await first).toEqual([{ code: 'leave-request' }]);
      expect(await second).toBe(await first);
      expect(service.list()).toEqual([{ code: 'leave-request' }]);
    });

    it('caches a version and the published version fills the cache', async () => {
      const service = TestBed.inject(AgendasService);
      const published = service.published('leave-request');
      http.expectOne('/api/v1/agendas/leave-request').flush({ code: 'leave-request', version: 2 } as AgendaDetail);
      await published;
      expect((await service.version('leave-request', 2)).version).toBe(2);
      const v1 = service.version('leave-request', 1);
      http.expectOne('/api/v1/agendas/leave-request/versions/1').flush({ code: 'leave-request', version: 1 });
      expect((await v1).version).toBe(1);
      await service.version('leave-request', 1);
      http.expectNone('/api/v1/agendas/leave-request/versions/1');
    });

    it('asks again after a failure', async () => {
      const service = TestBed.inject(AgendasService);
      const failing = service.loadList();
      http.expectOne('/api/v1/agendas').flush({ code: 'INTERNAL' }, { status: 500, statusText: 'x' });
      await expect(failing).rejects.toBeTruthy();
      const retry = service.loadList();
      http.expectOne('/api/v1/agendas').flush({ items: [] });
      expect(await retry).toEqual([]);
    });
  });

  describe('RequestsService', () => {
    it('lists my requests with the filter and pages with the cursor', async () => {
      const service = TestBed.inject(RequestsService);
      const list = service.pagedList(() => ({ status: 'open', limit: 2 }));
      const loading = list.reload();
      const req = http.expectOne((r) => r.url === '/api/v1/requests');
      expect(req.request.params.get('status')).toBe('open');
      expect(req.request.params.has('cursor')).toBe(false);
      req.flush({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' });
      await loading;
      expect(list.items().map((r: RequestSummary) => r.id)).toEqual(['a', 'b']);
      expect(list.hasMore()).toBe(true);
      const more = list.loadMore();
      const next = http.expectOne((r) => r.url === '/api/v1/requests' && r.params.get('cursor') === 'c1');
      next.flush({ items: [{ id: 'c' }], nextCursor: null });
      await more;
      expect(list.items().map((r: RequestSummary) => r.id)).toEqual(['a', 'b', 'c']);
      expect(list.hasMore()).toBe(false);
    });

    it('keeps the error of a failed page and the items it had', async () => {
      const service = TestBed.inject(RequestsService);
      const list = service.pagedList(() => ({}));
      const loading = list.reload();
      http.expectOne('/api/v1/requests').flush({ code: 'INTERNAL' }, { status: 500, statusText: 'x' });
      await loading;
      expect(list.error()).toBeTruthy();
      expect(list.loading()).toBe(false);
      expect(list.items()).toEqual([]);
    });

    it('creates, patches with expectedVersion and takes steps', async () => {
      const service = TestBed.inject(RequestsService);
      const created = service.create({ agenda: 'leave-request', data: { type: 'dovolena' } });
      const post = http.expectOne('/api/v1/requests');
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ agenda: 'leave-request', data: { type: 'dovolena' } });
      post.flush({ id: 'r1', version: 1 });
      expect((await created).id).toBe('r1');

      const patched = service.patch('r1', { data: { note: 'x' }, expectedVersion: 1 });
      const patch = http.expectOne('/api/v1/requests/r1');
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.body).toEqual({ data: { note: 'x' }, expectedVersion: 1 });
      patch.flush({ id: 'r1', version: 2 });
      expect((await patched).version).toBe(2);

      const moved = service.transition('r1', { transition: 'submit', expectedVersion: 2 });
      const step = http.expectOne('/api/v1/requests/r1/transitions');
      expect(step.request.body).toEqual({ transition: 'submit', expectedVersion: 2 });
      step.flush({ id: 'r1', version: 3 });
      expect((await moved).version).toBe(3);
    });

    it('lists and adds comments', async () => {
      const service = TestBed.inject(RequestsService);
      const list = service.comments('r1');
      http.expectOne('/api/v1/requests/r1/comments').flush({ items: [{ id: 'c1', body: 'hi' }] });
      expect(await list).toEqual([{ id: 'c1', body: 'hi' }]);
      const added = service.addComment('r1', 'Díky');
      const req = http.expectOne('/api/v1/requests/r1/comments');
      expect(req.request.body).toEqual({ body: 'Díky' });
      req.flush({ id: 'c2', body: 'Díky' });
      expect((await added).id).toBe('c2');
      expect(service.attachmentUrl('r1', 'f 1')).toBe('/api/v1/requests/r1/attachments/f%201');
    });

    it('reads the XSRF cookie for uploads', () => {
      expect(readCookie('a=1; XSRF-TOKEN=abc%3D; b=2', 'XSRF-TOKEN')).toBe('abc=');
      expect(readCookie('a=1', 'XSRF-TOKEN')).toBeNull();
    });
  });

  describe('TasksService', () => {
    it('lists my tasks and claims and releases pooled ones', async () => {
      const service = TestBed.inject(TasksService);
      const list = service.pagedList();
      const loading = list.reload();
      http.expectOne('/api/v1/tasks').flush({ items: [{ id: 't1' }], nextCursor: null });
      await loading;
      expect(list.items().map((t: TaskItem) => t.id)).toEqual(['t1']);

      const claimed = service.claim('t1');
      const claim = http.expectOne('/api/v1/tasks/t1/claim');
      expect(claim.request.method).toBe('POST');
      claim.flush(null, { status: 204, statusText: 'No Content' });
      await claimed;
      const released = service.release('t1');
      http.expectOne('/api/v1/tasks/t1/release').flush(null, { status: 204, statusText: 'No Content' });
      const bulk = service.bulkTransition({ transition: 'approve', items: [{ requestId: 'r1', expectedVersion: 2 }] });
      const bulkReq = http.expectOne('/api/v1/tasks/bulk-transition');
      expect(bulkReq.request.method).toBe('POST');
      expect(bulkReq.request.body).toEqual({ transition: 'approve', items: [{ requestId: 'r1', expectedVersion: 2 }] });
      bulkReq.flush({ results: [], succeeded: 1, failed: 0 });
      await expect(bulk).resolves.toMatchObject({ succeeded: 1 });
      await released;
    });
  });

  describe('NotificationsStore', () => {
    const item = (id: string, readAt: string | null = null): NotificationItem => ({
      id,
      request: null,
      message: { cs: 'Zpráva', en: 'Message' },
      template: null,
      createdAt: '2026-11-27T10:00:00Z',
      readAt,
    });

    afterEach(() => TestBed.inject(NotificationsStore).stopPolling());

    it('polls the unread count every 30 s', async () => {
      jest.useFakeTimers();
      try {
        const store = TestBed.inject(NotificationsStore);
        const stop = store.startPolling();
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 2 });
        await jest.advanceTimersByTimeAsync(0);
        expect(store.unread()).toBe(2);
        await jest.advanceTimersByTimeAsync(30_000);
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 3 });
        await jest.advanceTimersByTimeAsync(0);
        expect(store.unread()).toBe(3);
        stop();
        await jest.advanceTimersByTimeAsync(60_000);
        http.expectNone('/api/v1/notifications/unread-count');
      } finally {
        jest.useRealTimers();
      }
    });

    it('follows the live stream where the browser has EventSource, and polls only while it is not open', async () => {
      class FakeEventSource {
        static last: FakeEventSource | null = null;
        readonly OPEN = 1;
        readyState = 0;
        closed = false;
        private readonly listeners = new Map<string, (e: MessageEvent<string>) => void>();
        constructor(readonly url: string) {
          FakeEventSource.last = this;
        }
        addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
          this.listeners.set(type, fn);
        }
        emit(type: string, data: string) {
          this.listeners.get(type)?.({ data } as MessageEvent<string>);
        }
        close() {
          this.closed = true;
          this.readyState = 2;
        }
      }
      const view = window as unknown as { EventSource?: unknown };
      const original = view.EventSource;
      view.EventSource = FakeEventSource;
      jest.useFakeTimers();
      try {
        const store = TestBed.inject(NotificationsStore);
        const stop = store.startPolling();
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 1 });
        const source = FakeEventSource.last as FakeEventSource;
        expect(source.url).toBe('/api/v1/notifications/stream');
        source.readyState = 1;
        source.emit('unread', '{"unread":5}');
        expect(store.unread()).toBe(5);
        source.emit('unread', 'not json');
        expect(store.unread()).toBe(5);
        // While the stream is open the timer asks nothing; when it drops, polling takes over.
        await jest.advanceTimersByTimeAsync(60_000);
        http.expectNone('/api/v1/notifications/unread-count');
        source.readyState = 2;
        await jest.advanceTimersByTimeAsync(30_000);
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 6 });
        stop();
        expect(source.closed).toBe(true);
      } finally {
        view.EventSource = original;
        jest.useRealTimers();
      }
    });

    it('skips ticks while the tab is hidden and asks at once when it is shown again', async () => {
      jest.useFakeTimers();
      let visibility: DocumentVisibilityState = 'visible';
      const spy = jest.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
      try {
        const store = TestBed.inject(NotificationsStore);
        const stop = store.startPolling();
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 1 });
        visibility = 'hidden';
        await jest.advanceTimersByTimeAsync(60_000);
        http.expectNone('/api/v1/notifications/unread-count');
        visibility = 'visible';
        document.dispatchEvent(new Event('visibilitychange'));
        http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 4 });
        await jest.advanceTimersByTimeAsync(0);
        expect(store.unread()).toBe(4);
        stop();
        document.dispatchEvent(new Event('visibilitychange'));
        http.expectNone('/api/v1/notifications/unread-count');
      } finally {
        spy.mockRestore();
        jest.useRealTimers();
      }
    });

    it('loads notifications, marks one and then all read', async () => {
      const store = TestBed.inject(NotificationsStore);
      const loading = store.load({ unreadOnly: true, limit: 5 });
      const req = http.expectOne((r) => r.url === '/api/v1/notifications');
      expect(req.request.params.get('unread')).toBe('true');
      expect(req.request.params.get('limit')).toBe('5');
      req.flush({ items: [item('n1'), item('n2')], nextCursor: null, unreadCount: 2 });
      await loading;
      expect(store.unread()).toBe(2);

      const one = store.markRead('n1');
      http.expectOne('/api/v1/notifications/n1/read').flush(null, { status: 204, statusText: 'No Content' });
      await one;
      expect(store.unread()).toBe(1);
      expect(store.items()[0].readAt).not.toBeNull();

      const all = store.markAllRead();
      http.expectOne('/api/v1/notifications/read-all').flush(null, { status: 204, statusText: 'No Content' });
      await all;
      expect(store.unread()).toBe(0);
      expect(store.items().every((n) => n.readAt)).toBe(true);
      await flush();
    });
  });
});
