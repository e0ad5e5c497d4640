import { incidentMessage } from './incident-alerts';

describe('incidentMessage', () => {
  it('names the action and the request in Czech and English', () => {
    const m = incidentMessage({ effectType: 'notify', reference: 'NEP/2026/00007' });
    expect(m.cs).toBe('Akci „oznámení“ u žádosti NEP/2026/00007 se nepodařilo provést ani po opakovaných pokusech. Systém ji dál zkouší; podrobnosti najdete v Administrace › Incidenty.');
    expect(m.en).toContain('The notification action of request NEP/2026/00007 failed');
  });

  it('falls back to the effect type and leaves out a missing request', () => {
    expect(incidentMessage({ effectType: 'somethingNew', reference: null }).cs).toMatch(/^Akci „somethingNew“ se nepodařilo/);
  });
});
