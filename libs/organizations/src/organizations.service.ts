import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { TenancyService } from '@app/auth';
import { creditCodeProblem, DomainError, ErrorCode, NotFoundError, Pager, Principal, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { CreateOrganizationDto, OrganizationView, SettingsView, UpdateSettingsDto } from './dto/organization.dto.js';
import type { OrgKind } from './organization.entity.js';
import { OrganizationRow, OrganizationsRepository } from './organizations.repository.js';

registerEntitySnapshot('organization', `SELECT to_jsonb(o) FROM organizations o WHERE o.id = $1 AND o.id = $2::uuid`);

/** Which kind of organization sits directly above which (镇街 → 经联社 → 经济社). */
const PARENT_KIND: Record<OrgKind, OrgKind | null> = { town: null, union: 'town', cooperative: 'union' };

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: OrganizationsRepository,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly pager: Pager,
  ) {}

  async create(input: CreateOrganizationDto): Promise<OrganizationView> {
    const problem = creditCodeProblem(input.code);
    if (problem) {
      throw new DomainError(ErrorCode.INVALID_CREDIT_CODE, `统一社会信用代码 ${problem}`, 400, [{ field: 'code', problems: [problem] }]);
    }
    return this.tx.run(async () => {
      const wantedParent = PARENT_KIND[input.kind];
      let ancestors: string[] = [];
      if (wantedParent === null) {
        if (input.parentId) throw new DomainError(ErrorCode.ORG_PARENT_INVALID, 'A town has no parent organization', 400);
      } else {
        const parent = input.parentId ? await this.repo.find(input.parentId) : null;
        if (!parent || parent.kind !== wantedParent) {
          throw new DomainError(ErrorCode.ORG_PARENT_INVALID, `A ${input.kind} needs a ${wantedParent} as its parent`, 400);
        }
        ancestors = [...parent.ancestor_ids, parent.id];
      }
      if (await this.repo.codeTaken(input.code)) {
        throw new DomainError(ErrorCode.ORG_CODE_TAKEN, `An organization with code ${input.code} exists`, 409);
      }
      const id = randomUUID();
      await this.repo.insert({ id, code: input.code, name: input.name, kind: input.kind, parent_id: input.parentId ?? null, ancestor_ids: ancestors });
      await this.audit.record({ orgId: id, action: 'organization.created', entity: 'organization', entityId: id, payload: input });
      return toView((await this.repo.find(id))!);
    });
  }

  /** The organizations the caller's grants cover (every one for an admin). */
  async list(principal: Principal, q: PageQueryDto): Promise<Page<OrganizationView>> {
    const visible = await this.tenancy.visibleOrgIds(principal);
    return this.pager.page('organizations', q, 2, (page) => this.repo.list(visible, page), (r) => [r.depth, r.code], (rows) => rows.map(toView));
  }

  /** For the town's supervision: every organization below one (its 经联社 and 经济社), by depth and code. */
  async beneath(orgId: string): Promise<OrganizationView[]> {
    return (await this.repo.beneath(orgId)).map(toView);
  }

  /** Every 经联社 and 经济社 of the installation (for nightly sweeps, one job per organization). */
  operatingIds(): Promise<string[]> {
    return this.repo.operatingIds();
  }

  /** The town an organization belongs to (itself for a town). */
  async townOf(orgId: string): Promise<string> {
    const row = await this.load(orgId);
    return row.kind === 'town' ? row.id : row.ancestor_ids[0];
  }

  async get(orgId: string): Promise<OrganizationView> {
    return toView(await this.load(orgId));
  }

  async settings(orgId: string): Promise<SettingsView> {
    return toSettings(await this.load(orgId));
  }

  async updateSettings(orgId: string, input: UpdateSettingsDto): Promise<SettingsView> {
    return this.tx.run(async () => {
      const before = toSettings(await this.load(orgId));
      await this.repo.updateSettings(orgId, input);
      const after = toSettings(await this.load(orgId));
      await this.audit.record({ orgId, action: 'organization.settings_updated', entity: 'organization', entityId: orgId, payload: { before, after } });
      return after;
    });
  }

  private async load(orgId: string): Promise<OrganizationRow> {
    const row = await this.repo.find(orgId);
    if (!row) throw new NotFoundError('Organization', ErrorCode.ORG_NOT_FOUND);
    return row;
  }
}

function toView(row: OrganizationRow): OrganizationView {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id, createdAt: row.created_at.toISOString() };
}

function toSettings(row: OrganizationRow): SettingsView {
  return { noticeDays: row.notice_days, minReservePercent: row.min_reserve_percent };
}
