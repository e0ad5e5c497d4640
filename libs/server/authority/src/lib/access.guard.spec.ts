import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainException } from '@agendy/server/core';
import { Access } from './access.decorator';
import { AccessGuard } from './access.guard';
import { ACCESS_EXTENSION } from './declaration';
import { AccessRegistry } from './registry';
import type { Subject } from './subject';

class Routes {
  @Access.public('anyone')
  open(): string {
    return 'open';
  }
  @Access.signedIn('own data')
  mine(): string {
    return 'mine';
  }
  @Access.roles('system-admin')
  admin(): string {
    return 'admin';
  }
  @Access.object('notification', 'id', 'mark-read')
  read(): string {
    return 'read';
  }
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  attendance(): string {
    return 'attendance';
  }
  undeclared(): string {
    return 'undeclared';
  }
}

const subject = (userId: string, roles: string[] = ['employee']): Subject => ({ userId, departmentId: null, roles, groups: [], grants: [], managerOf: [], principals: [] });

function context(handler: keyof Routes, req: Record<string, unknown>): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', headers: {}, ...req }) }),
  } as unknown as ExecutionContext;
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as DomainException).code;
  }
}

describe('AccessGuard', () => {
  const registry = new AccessRegistry();
  registry.useSubjects(async (who) => subject(who.user.id, [...who.user.roles]));
  registry.registerObject('notification', async (s, id) => (id === '00000000-0000-4000-8000-000000000001' ? { recipient: s.userId === 'owner' } : null));
  const asked: string[] = [];
  registry.registerObject('person', async (s, id) => {
    asked.push(id);
    return { exists: true, reads: s.userId === id, hr: false };
  });
  const guard = new AccessGuard(new Reflector(), registry);
  const auth = (id: string, roles: string[] = ['employee']) => ({ auth: { user: { id, roles } } });

  it('refuses a route that declares nothing (fail closed)', async () => {
    expect(await code(guard.canActivate(context('undeclared', auth('owner'))))).toBe('FORBIDDEN');
  });

  it('lets anyone through a public route and any signed-in person through a signed-in one', async () => {
    expect(await guard.canActivate(context('open', {}))).toBe(true);
    expect(await code(guard.canActivate(context('mine', {})))).toBe('UNAUTHENTICATED');
    expect(await guard.canActivate(context('mine', auth('someone')))).toBe(true);
  });

  it('checks declared roles', async () => {
    expect(await code(guard.canActivate(context('admin', auth('x'))))).toBe('FORBIDDEN');
    expect(await guard.canActivate(context('admin', auth('x', ['system-admin'])))).toBe(true);
  });

  it('answers 404 for an object the rule hides or the id does not name, before any handler', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(await guard.canActivate(context('read', { ...auth('owner'), params: { id } }))).toBe(true);
    expect(await code(guard.canActivate(context('read', { ...auth('other'), params: { id } })))).toBe('NOT_FOUND');
    expect(await code(guard.canActivate(context('read', { ...auth('owner'), params: { id: 'not-a-uuid' } })))).toBe('NOT_FOUND');
    expect(await code(guard.canActivate(context('read', { ...auth('owner'), params: { id: '00000000-0000-4000-8000-000000000002' } })))).toBe('NOT_FOUND');
  });

  it('reads a query parameter, and a missing one as the caller themselves', async () => {
    const me = '00000000-0000-4000-8000-00000000000a';
    expect(await guard.canActivate(context('attendance', { ...auth(me), query: {} }))).toBe(true);
    expect(asked).toEqual([me]);
    expect(await code(guard.canActivate(context('attendance', { ...auth(me), query: { user: '00000000-0000-4000-8000-00000000000b' } })))).toBe('NOT_FOUND');
  });

  it('publishes the declaration for the OpenAPI document', () => {
    const ext = Reflect.getMetadata('swagger/apiExtension', Routes.prototype.read) as Record<string, unknown>;
    expect(ext[ACCESS_EXTENSION]).toEqual({ kind: 'object', object: 'notification', param: { in: 'path', name: 'id' }, action: 'mark-read' });
  });

  it('lists kinds without a loader', () => {
    expect(registry.missingLoaders().objects).toContain('request');
    expect(registry.missingLoaders().capabilities).not.toContain('agenda-administration');
  });
});
