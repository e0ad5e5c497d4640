import type { WalkDirectory, WalkPerson } from './directory';

/** A small directory for the walker's unit tests (ids read like names). */
export function person(username: string, extra: Partial<WalkPerson> = {}): WalkPerson {
  return { id: `id-${username}`, username, displayName: username, departmentId: 'd-oinf', roles: ['employee'], groups: [], officerOf: [], heads: [], ...extra };
}

export function smallDirectory(): WalkDirectory {
  return {
    departments: [
      { id: 'd-kr', code: 'KR', headId: 'id-director' },
      { id: 'd-oinf', code: 'OINF', headId: 'id-head' },
      { id: 'd-olp', code: 'OLP', headId: null },
    ],
    people: [
      person('filer'),
      person('colleague'),
      person('head', { roles: ['employee', 'manager'], heads: ['d-oinf'] }),
      person('director', { departmentId: 'd-kr', roles: ['employee', 'manager', 'director'], heads: ['d-kr'] }),
      person('lawyer', { departmentId: 'd-olp', groups: ['kulk-olp-pravnici'] }),
      person('tech', { groups: ['kulk-osm-udrzba'] }),
      person('officer', { officerOf: ['maintenance-request'] }),
    ],
  };
}
