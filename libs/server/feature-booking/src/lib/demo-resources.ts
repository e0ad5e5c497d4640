import type { DataSource } from 'typeorm';

/**
 * Demo resources: the office building at U Jezu 642/2a, Liberec, and four service cars based in
 * Liberec, Česká Lípa and Jablonec nad Nisou. Codes match the room/car options of the shipped
 * booking agendas, so approvals through those agendas find the same resources. Idempotent.
 */
const BUILDING = 'U Jezu 642/2a, Liberec';

const ROOMS: Array<{ code: string; name: string; floor: number; capacity: number; equipment: string[]; accessible: boolean; needsApproval: boolean }> = [
  { code: 'konzultacni-c03', name: 'Konzultační místnost C0.03', floor: 0, capacity: 4, equipment: ['screen'], accessible: true, needsApproval: false },
  { code: 'zasedacka-201', name: 'Zasedací místnost 201', floor: 2, capacity: 12, equipment: ['projector', 'whiteboard'], accessible: true, needsApproval: false },
  { code: 'zasedacka-a212', name: 'Zasedací místnost A2.12', floor: 2, capacity: 12, equipment: ['projector', 'videoconference'], accessible: true, needsApproval: false },
  { code: 'zasedacka-b105', name: 'Zasedací místnost B1.05', floor: 1, capacity: 12, equipment: ['screen', 'whiteboard'], accessible: false, needsApproval: false },
  { code: 'maly-sal', name: 'Malý sál', floor: 1, capacity: 40, equipment: ['projector', 'sound'], accessible: true, needsApproval: false },
  { code: 'velky-sal', name: 'Velký sál', floor: 0, capacity: 120, equipment: ['projector', 'sound', 'streaming'], accessible: true, needsApproval: true },
  { code: 'sal-zastupitelstva', name: 'Sál zastupitelstva', floor: 3, capacity: 250, equipment: ['projector', 'sound', 'streaming', 'voting'], accessible: true, needsApproval: true },
];

const CARS: Array<{ code: string; name: string; plate: string; model: string; seats: number; fuel: string; home: string; odometer: number; needsApproval: boolean }> = [
  { code: '7L12345', name: 'Škoda Octavia 7L1 2345', plate: '7L1 2345', model: 'Škoda Octavia Combi', seats: 5, fuel: 'diesel', home: 'Liberec, U Jezu 642/2a', odometer: 48_210, needsApproval: false },
  { code: '7L12346', name: 'Škoda Octavia 7L1 2346', plate: '7L1 2346', model: 'Škoda Octavia Combi', seats: 5, fuel: 'petrol', home: 'Česká Lípa, Děčínská 390', odometer: 61_944, needsApproval: false },
  { code: '8L40211', name: 'Škoda Enyaq iV 8L4 0211', plate: '8L4 0211', model: 'Škoda Enyaq iV 80', seats: 5, fuel: 'electric', home: 'Jablonec nad Nisou, Mírové nám. 3100/19', odometer: 12_530, needsApproval: false },
  { code: '9L00777', name: 'VW Transporter 9L0 0777', plate: '9L0 0777', model: 'Volkswagen Transporter', seats: 9, fuel: 'diesel', home: 'Liberec, U Jezu 642/2a', odometer: 102_377, needsApproval: true },
];

export async function seedDemoResources(ds: DataSource): Promise<{ resources: number }> {
  let added = 0;
  for (const r of ROOMS) {
    const rows: unknown[] = await ds.query(
      `INSERT INTO resources (type, code, name, building, floor, capacity, equipment, accessible, needs_approval)
       VALUES ('room', $1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (type, code) DO NOTHING RETURNING id`,
      [r.code, r.name, BUILDING, r.floor, r.capacity, r.equipment, r.accessible, r.needsApproval],
    );
    added += rows.length;
  }
  for (const c of CARS) {
    const rows: unknown[] = await ds.query(
      `INSERT INTO resources (type, code, name, plate, model, seats, fuel, home_location, odometer_km, needs_approval, service_due, stk_due)
       VALUES ('car', $1, $2, $3, $4, $5, $6, $7, $8, $9, (now() + interval '8 months')::date, (now() + interval '20 months')::date)
       ON CONFLICT (type, code) DO NOTHING RETURNING id`,
      [c.code, c.name, c.plate, c.model, c.seats, c.fuel, c.home, c.odometer, c.needsApproval],
    );
    added += rows.length;
  }
  return { resources: added };
}
