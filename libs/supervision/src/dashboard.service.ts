import { Injectable } from '@nestjs/common';
import { DistributionsService } from '@app/dividends';
import { LedgersService, PeriodsService } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { supervisionError } from './supervision-errors.js';
import { SupervisionRepository } from './supervision.repository.js';

export interface DashboardRow {
  orgId: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  red: number;
  yellow: number;
  /** Per ledger: the last month closed in an unbroken run from the start (null: none closed). */
  ledgers: { ledgerId: string; name: string; kind: string; closedTo: string | null }[];
  /** The latest distribution plan (year and state), null when none. */
  distribution: { fiscalYear: number; status: string } | null;
}

/** The supervisor's town dashboard (驾驶舱, SPEC §9): each organization of the town, red/yellow counts, books closed to, distribution state. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repo: SupervisionRepository,
    private readonly orgs: OrganizationsService,
    private readonly ledgers: LedgersService,
    private readonly periods: PeriodsService,
    private readonly distributions: DistributionsService,
  ) {}

  async town(townId: string): Promise<{ townId: string; name: string; red: number; yellow: number; organizations: DashboardRow[] }> {
    const town = await this.orgs.get(townId);
    if (town.kind !== 'town') throw supervisionError('NOT_A_TOWN', 'The dashboard is per town (镇街)', 400);
    const orgs = await this.orgs.beneath(townId);
    const counts = await this.repo.liveCounts(orgs.map((o) => o.id));
    const rows: DashboardRow[] = [];
    for (const o of orgs) {
      const ledgers = (await this.ledgers.list(o.id, { limit: 1000 })).items;
      const books = [];
      for (const l of ledgers) {
        const periods = (await this.periods.page(o.id, l.id, { limit: 1000 })).items;
        let closedTo: string | null = null;
        for (const p of periods) {
          if (p.status !== 'closed') break;
          closedTo = p.period;
        }
        books.push({ ledgerId: l.id, name: l.name, kind: l.kind, closedTo });
      }
      const plans = (await this.distributions.list(o.id, { limit: 1000 })).items;
      const last = plans[plans.length - 1];
      const c = counts.get(o.id) ?? { red: 0, yellow: 0 };
      rows.push({ orgId: o.id, code: o.code, name: o.name, kind: o.kind, parentId: o.parentId, red: c.red, yellow: c.yellow, ledgers: books, distribution: last ? { fiscalYear: last.fiscalYear, status: last.status } : null });
    }
    return { townId, name: town.name, red: rows.reduce((s, r) => s + r.red, 0), yellow: rows.reduce((s, r) => s + r.yellow, 0), organizations: rows };
  }
}
