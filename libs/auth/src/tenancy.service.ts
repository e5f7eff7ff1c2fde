import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, ForbiddenError, NotFoundError, Principal, Role, UUID } from '@app/core';
import { ADMIN_PERMISSIONS, Permission, ROLE_PERMISSIONS, TOWN_ROLES } from './permissions.js';
import { type OrgNode, UsersRepository } from './users.repository.js';

export interface OrgAccess {
  orgId: string;
  roles: Role[];
  viaAdmin: boolean;
}

/**
 * Tenancy (SPEC §1, §3.8): a grant on an organization covers it; a supervisor's or auditor's grant on
 * an ancestor (a town) covers everything below. A 经联社 accountant does not see its 经济社's books
 * without a grant on the 经济社 itself: each keeps its own books.
 * Outside every grant the organization does not exist for the caller (404); inside, the wrong role is 403.
 */
@Injectable()
export class TenancyService {
  constructor(private readonly repo: UsersRepository) {}

  async assertOrgAccess(principal: Principal, orgId: string, permission: string): Promise<OrgAccess> {
    if (!UUID.test(orgId)) throw new NotFoundError('Organization', ErrorCode.ORG_NOT_FOUND);
    return this.orgAccess(principal, orgId, await this.repo.orgNode(orgId), permission);
  }

  /** The same check on the organization already read (the access guard reads it with the caller). */
  orgAccess(principal: Principal, orgId: string, org: OrgNode | null, permission: string): OrgAccess {
    if (!org || org.id !== orgId) throw new NotFoundError('Organization', ErrorCode.ORG_NOT_FOUND);
    const covering = principal.grants.filter((g) => g.orgId === org.id || (TOWN_ROLES.includes(g.role) && org.ancestor_ids.includes(g.orgId)));
    const roles = [...new Set(covering.map((g) => g.role))];
    if (principal.isAdmin && ADMIN_PERMISSIONS.includes(permission as Permission)) return { orgId, roles, viaAdmin: true };
    if (covering.length === 0 && !principal.isAdmin) throw new NotFoundError('Organization', ErrorCode.ORG_NOT_FOUND);
    if (!roles.some((r) => ROLE_PERMISSIONS[r].includes(permission as Permission))) throw new ForbiddenError();
    return { orgId, roles, viaAdmin: false };
  }

  /** Permissions that do not name an organization. */
  assertInstallationPermission(principal: Principal, permission: string): void {
    if (permission === Permission.Self) return;
    if (principal.isAdmin && ADMIN_PERMISSIONS.includes(permission as Permission)) return;
    throw new ForbiddenError();
  }

  /** Organizations the caller can see at all (for listings). Admins see the whole tree. */
  async visibleOrgIds(principal: Principal): Promise<string[] | 'all'> {
    if (principal.isAdmin) return 'all';
    const direct = [...new Set(principal.grants.map((g) => g.orgId))];
    const overseen = [...new Set(principal.grants.filter((g) => TOWN_ROLES.includes(g.role)).map((g) => g.orgId))];
    if (direct.length === 0) return [];
    return this.repo.orgsCovered(direct, overseen);
  }
}

export function assertRole(access: OrgAccess, role: Role): void {
  if (!access.roles.includes(role)) throw new DomainError(ErrorCode.FORBIDDEN, `This action needs the ${role} role`, 403);
}
