import { agendaDefinitions } from '@agendy/workflow/agendas';
import { walkFixtures } from '@agendy/workflow/agendas/testing';
import { FixtureIdentities, fileFields, materialise, shiftFutureDates, type Materialiser } from './materialise';
import { seededRng } from './rng';
import { smallDirectory } from './test-directory';

const definition = (code: string) => {
  const d = agendaDefinitions.find((x) => x.code === code);
  if (!d) throw new Error(code);
  return d;
};

/** Records what was asked; ids become `real:<id>`, files get new ids. */
function fake(): Materialiser & { uploads: string[] } {
  const uploads: string[] = [];
  return {
    uploads,
    user: (id) => `user:${id}`,
    department: (code) => `dept:${code}`,
    file: async (a) => {
      uploads.push(a.name);
      return { fileId: `uploaded-${uploads.length}`, name: a.name, mediaType: 'application/pdf', size: 42 };
    },
  };
}

describe('materialise', () => {
  it('replaces people, departments and files by the form widgets, leaving the fixture as it was', async () => {
    const reg = definition('internal-regulation');
    const data = walkFixtures['internal-regulation'].datasets[0];
    const before = JSON.stringify(data);
    const m = fake();
    const out = await materialise(reg, data, m);
    expect(out['commentDepartments']).toEqual(['dept:OE', 'dept:OLP']);
    expect(out['affectedEmployees']).toEqual(['user:tomas.kral', 'user:eva.dvorakova']);
    expect(out['draftDocument']).toEqual([{ fileId: 'uploaded-1', name: 'smernice-obeh-dokladu.pdf', mediaType: 'application/pdf', size: 42 }]);
    expect(out['title']).toBe(data['title']);
    expect(JSON.stringify(data)).toBe(before);
  });

  it('handles single-user fields, step data and file arrays of later steps', async () => {
    const m = fake();
    expect(await materialise(definition('leave-request'), walkFixtures['leave-request'].datasets[0], m)).toMatchObject({ deputy: 'user:tomas.kral' });
    const steps = walkFixtures['grant-application'].stepData ?? {};
    expect(await materialise(definition('grant-application'), steps['accept-formally'], m)).toEqual({ evaluators: ['user:hodnotitel.a', 'user:hodnotitel.b', 'user:hodnotitel.c', 'user:hodnotitel.d'] });
    const report = await materialise(definition('grant-application'), steps['submit-final-report'], m);
    expect(report['finalReport']).toEqual([expect.objectContaining({ fileId: 'uploaded-1', name: 'vyuctovani.pdf' })]);
  });

  it('names the file fields of a form', () => {
    expect(fileFields(definition('grant-application')).sort()).toEqual(['attachments', 'finalReport']);
    expect(fileFields(definition('leave-request'))).toEqual([]);
  });
});

describe('shiftFutureDates', () => {
  const today = '2026-12-07';

  it('moves future dates and date-times (nested tables too) and keeps the notation', () => {
    const car = definition('service-car-booking');
    const fixture = walkFixtures['service-car-booking'];
    expect(shiftFutureDates(car, fixture.datasets[0], 14, today)).toMatchObject({ start: '2030-03-15T06:30:00Z', end: '2030-03-15T15:00:00Z' });
    const log = shiftFutureDates(car, fixture.stepData?.['return-car'] ?? {}, 14, today);
    expect((log['tripLog'] as Array<{ date: string }>).map((r) => r.date)).toEqual(['2030-03-15', '2030-03-15']);
  });

  it('leaves past dates, non-date strings and zero shifts alone', () => {
    const correction = definition('attendance-correction');
    const data = walkFixtures['attendance-correction'].datasets[0];
    expect(shiftFutureDates(correction, data, 70, today)).toEqual(data);
    const contract = definition('contract-order');
    expect(shiftFutureDates(contract, { signedOn: '2026-11-27', subject: '2030-01-01' }, 7, today)).toEqual({ signedOn: '2026-11-27', subject: '2030-01-01' });
    const leave = walkFixtures['leave-request'].datasets[0];
    expect(shiftFutureDates(definition('leave-request'), leave, 0, today)).toBe(leave);
  });

  it('keeps the weekday with multiples of 7', () => {
    const room = walkFixtures['room-booking'].datasets[0];
    const moved = shiftFutureDates(definition('room-booking'), room, 7 * 9, today);
    expect(new Date(moved['start'] as string).getUTCDay()).toBe(new Date(room['start'] as string).getUTCDay());
  });
});

describe('FixtureIdentities', () => {
  const dir = smallDirectory();
  const filer = dir.people[0];

  it('maps one fixture id to one person, distinct ids to distinct people other than the filer', () => {
    const ids = new FixtureIdentities(dir, definition('grant-application'), filer, walkFixtures['grant-application'].actors, seededRng(1));
    const evaluators = ['hodnotitel.a', 'hodnotitel.b', 'hodnotitel.c', 'hodnotitel.d'].map((x) => ids.user(x));
    expect(new Set(evaluators).size).toBe(4);
    expect(evaluators).not.toContain(filer.id);
    expect(ids.user('hodnotitel.b')).toBe(evaluators[1]);
  });

  it('gives a fixture actor with a special role a real holder of that role', () => {
    for (let seed = 0; seed < 20; seed++) {
      const ids = new FixtureIdentities(dir, definition('maintenance-request'), filer, walkFixtures['maintenance-request'].actors, seededRng(seed));
      expect(ids.user('technik.novak')).toBe('id-tech');
    }
  });

  it('keeps real ids and usernames as they are', () => {
    const ids = new FixtureIdentities(dir, definition('leave-request'), filer, [], seededRng(3));
    expect(ids.user('head')).toBe('id-head');
    expect(ids.user('id-director')).toBe('id-director');
  });

  it('maps departments to ones with a head (a comment round needs someone to answer), distinct per code', () => {
    for (let seed = 0; seed < 20; seed++) {
      const ids = new FixtureIdentities(dir, definition('internal-regulation'), filer, [], seededRng(seed));
      const chosen = [ids.department('OE'), ids.department('OLP')];
      expect(new Set(chosen).size).toBe(2);
      expect(chosen.every((d) => d === 'd-kr' || d === 'd-oinf')).toBe(true);
      expect(ids.department('KR')).toBe(ids.department('KR'));
    }
  });
});
