import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { carTrip, fleetManager, tripLog } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('service-car-booking');
if (!def) throw new Error('service-car-booking is not shipped');
const { filer, colleague } = people;

function onTrip(): Scenario {
  return new Scenario(def as NonNullable<typeof def>).take('submit', filer, carTrip).take('approve', fleetManager).take('hand-over', fleetManager, { odometerStart: 45120 });
}

describe('agenda service-car-booking (sdílení služebních vozů, kniha jízd)', () => {
  it('booked, approved, handed over, returned with the trip log, log accepted', () => {
    const s = new Scenario(def).take('submit', filer, carTrip);
    expect(s.last.effects).toContainEqual(
      expect.objectContaining({ type: 'createBooking', booking: { bookingKey: 'KULK-2026-0001/car', resourceType: 'car', resourceId: '8L40211', start: carTrip.start, end: carTrip.end } }),
    );
    s.take('approve', fleetManager).take('hand-over', fleetManager, { odometerStart: 45120 });
    expect(s.snapshot).toMatchObject({ state: 'on-trip', assignees: [{ kind: 'user', userId: filer.userId }] });
    s.take('return-car', filer, tripLog);
    expect(s.snapshot.data['distanceKm']).toBe(220);
    s.take('accept-log', fleetManager);
    expect(s.snapshot).toMatchObject({ state: 'closed', final: true });
  });

  it('a reported defect alerts the fleet manager; a returned log goes back to the driver', () => {
    const s = onTrip().take('return-car', filer, { ...tripLog, damageReport: 'Svítí kontrolka tlaku v pneumatikách.' });
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipients: [{ kind: 'role', role: 'fleet-manager' }] }));
    s.take('return-log', fleetManager, undefined, 'Doplňte účel druhé jízdy.');
    expect(s.snapshot.state).toBe('on-trip');
  });

  describe('rejections', () => {
    it('INVALID_DATA: no licence confirmation, too many passengers', () => {
      const e = new Scenario(def).refusal('submit', filer, { ...carTrip, licenceConfirmed: false, passengers: 6 });
      expect(e.fieldErrors?.map((f) => [f.pointer, f.keyword])).toEqual([
        ['/passengers', 'maximum'],
        ['/licenceConfirmed', 'const'],
      ]);
    });

    it('INVALID_DATA: the log does not match the odometer, the odometer runs backwards, no log', () => {
      const s = onTrip();
      const mismatch = s.refusal('return-car', filer, { ...tripLog, odometerEnd: 45400 });
      expect(mismatch.fieldErrors?.map((f) => f.message.cs)).toEqual(['„Jízdy“: součet kilometrů jízd musí odpovídat rozdílu stavů tachometru']);
      expect(s.refusal('return-car', filer, { ...tripLog, odometerEnd: 45000 }).fieldErrors?.[0].pointer).toBe('/odometerEnd');
      expect(s.refusal('return-car', filer, { odometerEnd: 45340 }).fieldErrors?.[0]).toMatchObject({ pointer: '/tripLog', keyword: 'required' });
    });

    it('NOT_ALLOWED: a colleague returning someone else’s car, the driver approving himself', () => {
      const s = new Scenario(def).take('submit', filer, carTrip);
      expect(s.refusal('approve', { ...fleetManager, userId: filer.userId }).code).toBe('NOT_ALLOWED');
      s.take('approve', fleetManager).take('hand-over', fleetManager, { odometerStart: 45120 });
      expect(s.refusal('return-car', colleague, tripLog).code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE: returning a car never handed over; STALE; rejecting releases the car', () => {
      const s = new Scenario(def).take('submit', filer, carTrip);
      expect(s.refusal('return-car', filer, tripLog).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'approve', expectedVersion: 1 }, fleetManager)).toBe('STALE');
      s.take('reject', fleetManager, undefined, 'Vůz je v servisu.');
      expect(s.snapshot.bookings).toEqual([]);
    });
  });
});
