import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EffectIncidents, type OpenedIncident } from '@agendy/server/feature-outbox';
import { NotificationsService } from '@agendy/server/feature-notifications';
import type { LocalizedText } from '@agendy/shared/util';

/** Effect types as people call them (the engine's effect types). */
const EFFECT_NAMES: Record<string, LocalizedText> = {
  notify: { cs: 'oznámení', en: 'notification' },
  scheduleTimer: { cs: 'hlídání lhůty', en: 'deadline' },
  generateDocument: { cs: 'vytvoření dokumentu', en: 'document generation' },
  requestSignatures: { cs: 'výzva k podpisu', en: 'signature request' },
  publishToRegister: { cs: 'zápis do registru', en: 'register entry' },
  createBooking: { cs: 'rezervace', en: 'booking' },
  cancelBooking: { cs: 'zrušení rezervace', en: 'booking cancellation' },
};

/** The in-app text system administrators get when an incident opens (pure, for the test). */
export function incidentMessage(incident: Pick<OpenedIncident, 'effectType' | 'reference'>): LocalizedText {
  const name = EFFECT_NAMES[incident.effectType] ?? { cs: incident.effectType, en: incident.effectType };
  return {
    cs: `Akci „${name.cs}“${incident.reference ? ` u žádosti ${incident.reference}` : ''} se nepodařilo provést ani po opakovaných pokusech. Systém ji dál zkouší; podrobnosti najdete v Administrace › Incidenty.`,
    en: `The ${name.en} action${incident.reference ? ` of request ${incident.reference}` : ''} failed after repeated tries. The system keeps retrying it; see Administration › Incidents.`,
  };
}

/**
 * Every system administrator is told when an effect becomes an incident: an in-app notification
 * through the notifications library, written in the transaction that opens the incident (so there
 * is never an incident nobody was told about, nor a notification about an incident that did not
 * commit). One per incident and administrator (key `incident/<id>`).
 */
@Injectable()
export class IncidentAlerts implements OnModuleInit {
  constructor(
    private readonly incidents: EffectIncidents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.incidents.onOpened((em, incident) => this.alert(em, incident));
  }

  async alert(em: EntityManager, incident: OpenedIncident): Promise<void> {
    await this.notifications.notifyRole(em, 'system-admin', { key: `incident/${incident.id}`, message: incidentMessage(incident), template: 'effect-incident' });
  }
}
