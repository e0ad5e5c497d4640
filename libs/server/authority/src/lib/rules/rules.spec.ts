import type { Subject } from '../subject';
import { administersSomeAgenda, agendaGrantRule, mayAdministerAgenda, mayCreateAgendas } from './agenda';
import { decidePerson, mayReadAttendanceOf, mayReadAttendanceReports } from './attendance';
import { decideBooking, mayBookResource, maySeeBooking, resourceRule, resourceTypeRule } from './booking';
import { CAPABILITY_RULES } from './capabilities';
import { certificateRule, driverRule, notificationRule, ownSubstitutionRule, personDeputiesRule } from './identity';
import { OBJECT_RULES } from './index';
import { contractRule, councilSessionRule, mayReadCouncilPapers, maySeeContract, regulationRule } from './registers';
import { taskRule } from './task';
import { carRule, mayLogTrip, mayReadTrip } from './trip';

const person = (over: Partial<Subject> = {}): Subject => ({ userId: 'me', departmentId: null, roles: ['employee'], groups: [], grants: [], managerOf: [], principals: [], ...over });

describe('object rules', () => {
  it('every kind answers each of its actions with a decision', () => {
    for (const [kind, rule] of Object.entries(OBJECT_RULES)) {
      expect({ kind, actions: Object.keys(rule.actions).length > 0 }).toEqual({ kind, actions: true });
    }
  });

  it('bookings: owner and managers of the type; shared trips for everyone; passengers leave', () => {
    const none = { owner: false, manager: false, sharedCarTrip: false, passenger: false };
    expect(decideBooking(none, 'read')).toBe('hide');
    expect(decideBooking({ ...none, owner: true }, 'change')).toBe('allow');
    expect(decideBooking({ ...none, manager: true }, 'read')).toBe('allow');
    expect(decideBooking({ ...none, sharedCarTrip: true }, 'join')).toBe('allow');
    expect(decideBooking({ ...none, owner: true }, 'join')).toBe('hide');
    expect(decideBooking({ ...none, passenger: true }, 'leave')).toBe('allow');
    expect(maySeeBooking({ userId: 'me', manages: ['car'] }, { ownerId: 'x', type: 'room' })).toBe(false);
    expect(maySeeBooking({ userId: 'me', manages: new Set(['room'] as const) }, { ownerId: 'x', type: 'room' })).toBe(true);
  });

  it('resources: a manager role first (403 whatever the id), then the resource (404), then its type (403)', () => {
    expect(resourceRule.decide({ exists: false, managesAny: false, managesType: false }, 'manage')).toBe('forbid');
    expect(resourceRule.decide({ exists: false, managesAny: true, managesType: false }, 'manage')).toBe('hide');
    expect(resourceRule.decide({ exists: true, managesAny: true, managesType: false }, 'manage')).toBe('forbid');
    expect(resourceRule.decide({ exists: true, managesAny: true, managesType: true }, 'manage')).toBe('allow');
    expect(resourceTypeRule.decide({ managesAny: true, known: false, managesType: false }, 'manage')).toBe('allow');
    expect(resourceTypeRule.decide({ managesAny: false, known: true, managesType: false }, 'manage')).toBe('forbid');
  });

  it('who may book a resource: its lists, managers always', () => {
    const r = { type: 'car' as const, allowedRoles: ['manager'], allowedDepartments: ['OD'] };
    expect(mayBookResource({ manages: [], roles: ['manager'], departmentCode: 'OD' }, r)).toBe(true);
    expect(mayBookResource({ manages: [], roles: ['employee'], departmentCode: 'OD' }, r)).toBe(false);
    expect(mayBookResource({ manages: [], roles: ['manager'], departmentCode: 'OINF' }, r)).toBe(false);
    expect(mayBookResource({ manages: ['car'], roles: [], departmentCode: null }, r)).toBe(true);
  });

  it('trips: the logbook opens for everyone, rows and writes are the driver’s unless fleet manager', () => {
    expect(carRule.decide({ isCar: false }, 'logbook')).toBe('hide');
    expect(mayReadTrip({ userId: 'me', fleetManager: false }, { driverId: 'x' })).toBe(false);
    expect(mayReadTrip({ userId: 'me', fleetManager: true }, { driverId: 'x' })).toBe(true);
    const driver = { userId: 'me', fleetManager: false };
    expect(mayLogTrip(driver, { bookingOwnerId: undefined })).toBe('forbid');
    expect(mayLogTrip(driver, { bookingOwnerId: null })).toBe('hide');
    expect(mayLogTrip(driver, { bookingOwnerId: 'x' })).toBe('hide');
    expect(mayLogTrip(driver, { bookingOwnerId: 'me', driverId: 'x' })).toBe('forbid');
    expect(mayLogTrip(driver, { bookingOwnerId: 'me' })).toBe('allow');
    expect(mayLogTrip({ userId: 'me', fleetManager: true }, { bookingOwnerId: undefined, driverId: 'x' })).toBe('allow');
  });

  it('attendance: oneself, HR, line managers and heads’ deputies — never the absent head’s own', () => {
    const viewer = { userId: 'dep', hr: false, managesDepartments: ['OINF'], principalsHidden: ['head'] };
    expect(mayReadAttendanceOf(viewer, { id: 'dep', departmentId: null })).toBe(true);
    expect(mayReadAttendanceOf(viewer, { id: 'someone', departmentId: 'OINF' })).toBe(true);
    expect(mayReadAttendanceOf(viewer, { id: 'head', departmentId: 'OINF' })).toBe(false);
    expect(mayReadAttendanceOf(viewer, { id: 'other', departmentId: 'OD' })).toBe(false);
    expect(mayReadAttendanceOf({ ...viewer, hr: true }, { id: 'head', departmentId: 'OINF' })).toBe(true);
    expect(mayReadAttendanceReports({ hr: false, managesDepartments: [] })).toBe(false);
    expect(decidePerson({ exists: true, reads: false, hr: false }, 'read')).toBe('hide');
    expect(decidePerson({ exists: false, reads: false, hr: false }, 'administer')).toBe('forbid');
    expect(decidePerson({ exists: false, reads: false, hr: true }, 'administer')).toBe('hide');
    expect(decidePerson({ exists: true, reads: true, hr: false }, 'administer')).toBe('forbid');
  });

  it('registers: regulations for everyone, contracts once published or to those concerned, council papers to the council', () => {
    expect(regulationRule.decide({ exists: true }, 'read')).toBe('allow');
    expect(maySeeContract({ userId: 'me', contractsAll: false, managerOf: ['OD'] }, { published: false, filerId: 'x', departmentId: 'OD' })).toBe(true);
    expect(maySeeContract({ userId: 'me', contractsAll: false, managerOf: [] }, { published: false, filerId: 'x', departmentId: 'OD' })).toBe(false);
    expect(contractRule.decide({ visible: true, contractOfficer: false }, 'record-publication')).toBe('forbid');
    expect(contractRule.decide({ visible: false, contractOfficer: true }, 'record-publication')).toBe('hide');
    expect(councilSessionRule.decide({ exists: false, secretary: false, readsPapers: false }, 'manage')).toBe('forbid');
    expect(councilSessionRule.decide({ exists: true, secretary: false, readsPapers: false }, 'read-papers')).toBe('forbid');
    expect(mayReadCouncilPapers({ userId: 'me', secretary: false, overseer: false }, [{ responsibleCouncilMember: 'me' }])).toBe(true);
  });

  it('agendas: global agenda administrators and the agenda’s admin grant — never the system administrator as such', () => {
    expect(mayCreateAgendas(person({ roles: ['system-admin'] }))).toBe(false);
    expect(mayAdministerAgenda(person({ grants: [{ agendaCode: 'a', grant: 'admin' }] }), 'a')).toBe(true);
    expect(mayAdministerAgenda(person({ grants: [{ agendaCode: 'a', grant: 'officer' }] }), 'a')).toBe(false);
    expect(administersSomeAgenda(person({ grants: [{ agendaCode: 'a', grant: 'admin' }] }))).toBe(true);
    expect(agendaGrantRule.decide({ administersAny: false, exists: true, administersItsAgenda: false }, 'withdraw')).toBe('forbid');
    expect(agendaGrantRule.decide({ administersAny: true, exists: false, administersItsAgenda: false }, 'withdraw')).toBe('hide');
  });

  it('identity objects: substitutions, notifications, certificates, driver records, tasks', () => {
    expect(personDeputiesRule.decide({ self: false, lineManager: false, systemAdmin: true }, 'oversee')).toBe('allow');
    expect(personDeputiesRule.decide({ self: false, lineManager: false, systemAdmin: false }, 'oversee')).toBe('forbid');
    expect(ownSubstitutionRule.decide({ principal: true, revoked: true }, 'revoke')).toBe('hide');
    expect(notificationRule.decide({ recipient: false }, 'mark-read')).toBe('hide');
    expect(certificateRule.decide({ exists: true, holder: false, systemAdmin: true }, 'revoke')).toBe('allow');
    expect(certificateRule.decide({ exists: true, holder: false, systemAdmin: false }, 'revoke')).toBe('hide');
    expect(driverRule.decide({ self: false, fleetManager: false }, 'record')).toBe('hide');
    expect(taskRule.decide({ holder: false }, 'claim')).toBe('hide');
  });

  it('capabilities', () => {
    expect(CAPABILITY_RULES['agenda-administration'].decide(person({ roles: ['system-admin'] }))).toBe(false);
    expect(CAPABILITY_RULES.dashboards.decide({ departments: [] })).toBe(false);
    expect(CAPABILITY_RULES.dashboards.decide({ departments: null })).toBe(true);
    expect(CAPABILITY_RULES['attendance-reports'].decide({ hr: false, managesDepartments: ['x'] })).toBe(true);
  });
});
