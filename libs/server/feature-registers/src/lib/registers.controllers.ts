import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import type {
  ContractInfo,
  ContractListResponse,
  CouncilCandidate,
  CouncilSessionDetail,
  CouncilSessionListResponse,
  DashboardChart,
  DashboardData,
  RegulationDetail,
  RegulationInfo,
  RegulationListResponse,
} from '@agendy/shared/contracts';
import { APP_CONFIG, DomainException, parseBody, type AppConfig } from '@agendy/server/core';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { contractsToCsv, contractsToXml, toCsv } from './contracts/contract-export';
import { ContractsService } from './contracts/contracts.service';
import { CouncilService } from './council/council.service';
import { DashboardsService } from './dashboards/dashboards.service';
import { OpenDataService } from './open-data/open-data.service';
import { RegulationsService } from './regulations/regulations.service';
import { RegistersAccess } from './registers-access';
import { registersSettings } from './registers-config';
import {
  addItemSchema,
  contractExportSchema,
  contractListSchema,
  createSessionSchema,
  dashboardCsvSchema,
  dashboardSchema,
  openDataFileSchema,
  recordPublicationSchema,
  regulationListSchema,
  reorderSchema,
  resolutionSchema,
} from './registers-schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function idParam(id: string): string {
  if (!UUID.test(id)) throw new DomainException('NOT_FOUND');
  return id;
}
const client = (req: Request) => ({ ip: req.ip ?? null });

function download(res: Response, body: string | Uint8Array, type: string, fileName: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(typeof body === 'string' ? body : Buffer.from(body));
}

@ApiTags('registers')
@Controller('v1/registers/regulations')
export class RegulationsController {
  constructor(
    private readonly access: RegistersAccess,
    private readonly regulations: RegulationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The internal-regulations register; q = full-text search (diacritics-insensitive), pendingMine=true = what I still must acknowledge' })
  @Access.signedIn('internal regulations bind every employee: everyone reads the register')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<RegulationListResponse> {
    return this.regulations.list(await this.access.viewer(auth), parseBody(regulationListSchema, query));
  }

  @Get(':id')
  @Access.object('regulation', 'id', 'read')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<RegulationDetail> {
    return this.regulations.detail(await this.access.viewer(auth), idParam(id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'I have read the regulation (409 REGULATION_ACK_NOT_REQUIRED when it is not asked of me); idempotent' })
  @Access.object('regulation', 'id', 'read')
  async acknowledge(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<RegulationInfo> {
    return this.regulations.acknowledge(await this.access.viewer(auth), idParam(id), client(req));
  }
}

@ApiTags('registers')
@Controller('v1/registers/contracts')
export class ContractsController {
  constructor(
    private readonly access: RegistersAccess,
    private readonly contracts: ContractsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The contract register (status: to-publish, due-soon, overdue, published, not-required, …)' })
  @Access.signedIn('the contracts the caller may see (rules/registers.ts maySeeContract as a list predicate)')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<ContractListResponse> {
    return this.contracts.list(await this.access.viewer(auth), parseBody(contractListSchema, query));
  }

  @Get('export')
  @ApiOperation({ summary: 'Machine-readable export for the state contract register: ?format=xml|csv (docs/registers.md)' })
  @Access.signedIn('the contracts the caller may see, as a file')
  async export(@Auth() auth: AuthContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseBody(contractExportSchema, query);
    const { items } = await this.contracts.list(await this.access.viewer(auth), { status: q.status, limit: 100_000, offset: 0 });
    const base = this.config.runtime.publicBaseUrl;
    if (q.format === 'xml') download(res, contractsToXml(items, registersSettings(this.config).office, base, new Date()), 'application/xml; charset=utf-8', 'registr-smluv.xml');
    else download(res, '\uFEFF' + contractsToCsv(items, base), 'text/csv; charset=utf-8', 'registr-smluv.csv');
  }

  @Get(':id')
  @Access.object('contract', 'id', 'read')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<ContractInfo> {
    return this.contracts.detail(await this.access.viewer(auth), idParam(id));
  }

  @Post(':id/publication')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the state register's id and publication date (contract agenda officers)" })
  @Access.object('contract', 'id', 'record-publication')
  async publication(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<ContractInfo> {
    const viewer = await this.access.viewer(auth);
    return this.contracts.recordPublication(viewer, idParam(id), parseBody(recordPublicationSchema, body), client(req));
  }
}

@ApiTags('registers')
@Controller('v1/registers/council-sessions')
export class CouncilController {
  constructor(
    private readonly access: RegistersAccess,
    private readonly council: CouncilService,
  ) {}

  @Get()
  @Access.signedIn('council sessions: dates and titles every employee reads')
  async list(): Promise<CouncilSessionListResponse> {
    return { items: await this.council.list() };
  }

  @Post()
  @HttpCode(201)
  @Access.capability('council-secretariat')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<CouncilSessionDetail> {
    const viewer = await this.access.viewer(auth);
    return this.council.create(viewer, parseBody(createSessionSchema, body), client(req));
  }

  @Get('candidates')
  @ApiOperation({ summary: 'Signed council materials waiting to be put on a session (council secretariat)' })
  @Access.capability('council-secretariat')
  async candidates(@Auth() auth: AuthContext): Promise<CouncilCandidate[]> {
    return this.council.candidates(await this.access.viewer(auth));
  }

  @Get(':id')
  @Access.object('council-session', 'id', 'read')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<CouncilSessionDetail> {
    return this.council.detail(await this.access.viewer(auth), idParam(id));
  }

  @Get(':id/bundle.pdf')
  @ApiOperation({ summary: 'The session as one PDF: table of contents, then every material in order' })
  @Access.object('council-session', 'id', 'read-papers')
  async bundle(@Auth() auth: AuthContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { fileName, pdf } = await this.council.bundle(await this.access.viewer(auth), idParam(id));
    download(res, pdf, 'application/pdf', fileName);
  }

  @Post(':id/items')
  @HttpCode(200)
  @Access.object('council-session', 'id', 'manage')
  async addItem(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<CouncilSessionDetail> {
    const viewer = await this.access.viewer(auth);
    return this.council.addItem(viewer, idParam(id), parseBody(addItemSchema, body).requestId, client(req));
  }

  @Post(':id/order')
  @HttpCode(200)
  @Access.object('council-session', 'id', 'manage')
  async reorder(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<CouncilSessionDetail> {
    const viewer = await this.access.viewer(auth);
    return this.council.reorder(viewer, idParam(id), parseBody(reorderSchema, body).order, client(req));
  }

  @Post(':id/items/:requestId/resolution')
  @HttpCode(200)
  @Access.object('council-session', 'id', 'manage')
  async resolution(@Auth() auth: AuthContext, @Param('id') id: string, @Param('requestId') requestId: string, @Body() body: unknown, @Req() req: Request): Promise<CouncilSessionDetail> {
    const viewer = await this.access.viewer(auth);
    return this.council.recordResolution(viewer, idParam(id), idParam(requestId), parseBody(resolutionSchema, body), client(req));
  }
}

/** Each chart as rows for CSV: the same numbers as the JSON. */
export function dashboardCsv(data: DashboardData, chart: DashboardChart): string {
  const rows = (data[chart] ?? []) as Array<Record<string, unknown>>;
  const header = rows.length ? Object.keys(rows[0]) : [];
  return toCsv(header, rows.map((r) => header.map((h) => r[h])));
}

@ApiTags('dashboards')
@Controller('v1/dashboards')
export class DashboardsController {
  constructor(
    private readonly access: RegistersAccess,
    private readonly dashboards: DashboardsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Dashboard numbers for a period (from, to: YYYY-MM-DD) and optional department; managers see their departments' })
  @Access.capability('dashboards')
  async data(@Auth() auth: AuthContext, @Query() query: unknown): Promise<DashboardData> {
    return this.dashboards.data(await this.access.viewer(auth), parseBody(dashboardSchema, query));
  }

  @Get('csv')
  @ApiOperation({ summary: 'One chart as CSV (?chart=requestsPerMonth|leadTimes|…)' })
  @Access.capability('dashboards')
  async csv(@Auth() auth: AuthContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseBody(dashboardCsvSchema, query);
    const data = await this.dashboards.data(await this.access.viewer(auth), q);
    download(res, '\uFEFF' + dashboardCsv(data, q.chart), 'text/csv; charset=utf-8', `${q.chart}-${q.from}-${q.to}.csv`);
  }
}

@ApiTags('open-data')
@Controller('v1/open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get(':file')
  @ApiOperation({ summary: 'The anonymised open data as built now: agenda-statistics.{csv,json}, published-contracts.{csv,json}, datapackage.json' })
  @Access.signedIn('anonymised open data, published to everyone anyway')
  async file(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const parsed = openDataFileSchema.safeParse(file);
    if (!parsed.success) throw new DomainException('NOT_FOUND');
    if (parsed.data === 'datapackage.json') return download(res, JSON.stringify(OpenDataService.dataPackage(new Date()), null, 2), 'application/json', parsed.data);
    const [name, ext] = parsed.data.split('.') as ['agenda-statistics' | 'published-contracts', 'csv' | 'json'];
    const data = (await this.openData.build())[name];
    if (ext === 'csv') download(res, OpenDataService.csv(name, data), 'text/csv; charset=utf-8', parsed.data);
    else download(res, JSON.stringify(data, null, 2), 'application/json', parsed.data);
  }
}
