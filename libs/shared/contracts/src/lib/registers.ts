/** HTTP contracts of the registers area (shared by api and web): regulations, contracts, council sessions, dashboards, open data. */

/* ---------- internal regulations (/api/v1/registers/regulations) ---------- */

export type RegulationStatus = 'upcoming' | 'in-force' | 'repealed';

export interface RegulationRef {
  id: string | null;
  number: string;
}

export interface RegulationInfo {
  id: string;
  requestId: string;
  number: string;
  title: string;
  regulationType: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  status: RegulationStatus;
  repeals: RegulationRef | null;
  replacedBy: RegulationRef | null;
  /** Link to the signed PDF (the documents area's download endpoint), null while none is signed. */
  signedPdfUrl: string | null;
  publishedAt: string;
  acknowledgement: { required: number; acknowledged: number };
  /** The caller's own acknowledgement: null when it is not required of them. */
  mine: { acknowledgedAt: string | null } | null;
}

export interface RegulationListResponse {
  items: RegulationInfo[];
  total: number;
}

export interface RegulationAcknowledgementRow {
  userId: string;
  displayName: string;
  department: string | null;
  acknowledgedAt: string | null;
}

export interface RegulationDetail extends RegulationInfo {
  summary: string | null;
  /** Who must acknowledge and who has; only for the agenda's officers, the director, auditors and managers (their people). */
  acknowledgements: RegulationAcknowledgementRow[] | null;
}

/* ---------- contract register (/api/v1/registers/contracts) ---------- */

export type ContractPublicationStatus = 'not-required' | 'published' | 'pending' | 'due-soon' | 'overdue' | 'unsigned';

export interface ContractInfo {
  id: string;
  requestId: string;
  reference: string;
  documentType: 'smlouva' | 'objednavka' | 'dodatek';
  subject: string;
  counterpartyName: string;
  counterpartyIco: string;
  amountWithoutVat: number | null;
  amountWithVat: number | null;
  signedOn: string | null;
  publicationRequired: boolean;
  publicationDeadline: string | null;
  publicationStatus: ContractPublicationStatus;
  registerId: string | null;
  publishedOn: string | null;
  signedPdfUrl: string | null;
  department: string | null;
}

export interface ContractListResponse {
  items: ContractInfo[];
  total: number;
}

export interface RecordPublicationBody {
  /** The id the state contract register gave the record (ID verze / ID smlouvy). */
  registerId: string;
  publishedOn: string;
}

/* ---------- council sessions (/api/v1/registers/council-sessions) ---------- */

export type ResolutionOutcome = 'prijato' | 'neprijato' | 'odlozeno' | 'vzato-na-vedomi';

export interface CouncilSessionInfo {
  id: string;
  sessionDate: string;
  title: string;
  place: string | null;
  agendaNote: string | null;
  itemCount: number;
  version: number;
}

export interface CouncilItemInfo {
  requestId: string;
  reference: string;
  position: number;
  title: string;
  materialType: string | null;
  state: string;
  resolutionNumber: string | null;
  resolutionOutcome: ResolutionOutcome | null;
  signedPdfUrl: string | null;
}

export interface CouncilSessionDetail extends CouncilSessionInfo {
  items: CouncilItemInfo[];
  /** Whether the caller may change the session (council secretariat). */
  canManage: boolean;
  /** Whether the caller may download the papers (secretariat, director, auditors, administrators, responsible council members). */
  canReadPapers: boolean;
}

export interface CouncilSessionListResponse {
  items: CouncilSessionInfo[];
}

export interface CouncilCandidate {
  requestId: string;
  reference: string;
  title: string;
  materialType: string | null;
}

export interface CreateCouncilSessionBody {
  sessionDate: string;
  title: string;
  place?: string | null;
  agendaNote?: string | null;
}

export interface RecordResolutionBody {
  resolutionNumber?: string | null;
  resolutionOutcome: ResolutionOutcome;
}

/* ---------- dashboards (/api/v1/dashboards) ---------- */

export interface DashboardQuery {
  /** YYYY-MM-DD, inclusive, Europe/Prague. */
  from: string;
  to: string;
  departmentId?: string;
}

export interface DashboardSeries<Row> {
  rows: Row[];
}

export interface DashboardData {
  period: { from: string; to: string };
  departmentId: string | null;
  /** Departments the caller may filter by. */
  departments: Array<{ id: string; code: string; name: string }>;
  requestsPerMonth: Array<{ agenda: string; month: string; count: number }>;
  leadTimes: Array<{ agenda: string; finished: number; medianHours: number | null; p90Hours: number | null }>;
  stepTimes: Array<{ agenda: string; state: string; count: number; medianHours: number | null; p90Hours: number | null }>;
  missedDeadlines: Array<{ agenda: string; missed: number }>;
  workload: Array<{ department: string; open: number; filed: number }>;
  bookingUtilisation: Array<{ type: 'room' | 'car'; resource: string; bookedHours: number; availableHours: number; utilisation: number }>;
  /** Null when attendance is not installed. */
  attendanceAnomalies: Array<{ department: string; kind: string; count: number }> | null;
}

export const DASHBOARD_CHARTS = [
  'requestsPerMonth',
  'leadTimes',
  'stepTimes',
  'missedDeadlines',
  'workload',
  'bookingUtilisation',
  'attendanceAnomalies',
] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

/* ---------- open data ---------- */

export interface OpenDataField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date';
  description: { cs: string; en: string };
}

export interface OpenDataDataset {
  name: string;
  title: { cs: string; en: string };
  fields: OpenDataField[];
}
