import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { DomainError, ErrorCode, INSTALLATION_SCOPE, Pager, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { AuthService } from './auth.service.js';
import { GrantDto, UserView } from './dto/create-user.dto.js';
import { TOWN_ROLES } from './permissions.js';
import { UsersRepository } from './users.repository.js';

registerEntitySnapshot('user', `SELECT to_jsonb(u) FROM users u WHERE u.id = $2::uuid`);
registerEntitySnapshot('role_grant', `SELECT to_jsonb(g) FROM role_grants g WHERE g.org_id = $1 AND g.user_id::text || ':' || g.role = $2`);

@Injectable()
export class UsersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: UsersRepository,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  async create(input: { username: string; password: string; grants: GrantDto[]; shareholderId?: string; isAdmin?: boolean }): Promise<UserView> {
    return this.tx.run(async () => {
      if (await this.repo.usernameTaken(input.username)) throw new DomainError(ErrorCode.USERNAME_TAKEN, `Username ${input.username} is taken`, 409);
      // users is an installation table (no org_id), so the link cannot be a foreign key under the
      // Citus rule; it is checked here, in the same transaction.
      if (input.shareholderId !== undefined) {
        if (!(await this.repo.shareholderExists(input.shareholderId))) throw new DomainError(ErrorCode.REFERENCE_NOT_FOUND, `Shareholder ${input.shareholderId} does not exist`, 400, [{ field: 'shareholderId', problems: ['shareholderId does not exist'] }]);
      }
      const id = randomUUID();
      await this.repo.insertUser({ id, username: input.username, passwordHash: await AuthService.hashPassword(input.password), isAdmin: input.isAdmin ?? false, shareholderId: input.shareholderId ?? null });
      await this.audit.record({
        orgId: INSTALLATION_SCOPE,
        action: 'user.created',
        entity: 'user',
        entityId: id,
        payload: { username: input.username, isAdmin: input.isAdmin ?? false, shareholderId: input.shareholderId ?? null },
      });
      await this.addGrantsInTx(id, input.grants);
      return this.view(id);
    });
  }

  async addGrants(userId: string, grants: GrantDto[]): Promise<UserView> {
    return this.tx.run(async () => {
      await this.view(userId);
      await this.addGrantsInTx(userId, grants);
      return this.view(userId);
    });
  }

  /** By username (uq_users_username). */
  list(q: PageQueryDto): Promise<Page<UserView>> {
    return this.pager.page(
      'users',
      q,
      1,
      (page) => this.repo.userPage(page),
      (u) => [u.username],
      (users) => this.tx.map(users, (u) => this.view(u.id)),
    );
  }

  async view(userId: string): Promise<UserView> {
    const user = await this.repo.user(userId);
    if (!user) throw new DomainError(ErrorCode.NOT_FOUND, 'User not found', 404);
    const grants = await this.repo.grants(userId);
    return {
      id: user.id,
      username: user.username,
      isAdmin: user.is_admin,
      shareholderId: user.shareholder_id,
      grants: grants.map((g) => ({ orgId: g.org_id, role: g.role })),
    };
  }

  private async addGrantsInTx(userId: string, grants: GrantDto[]): Promise<void> {
    for (const grant of grants) {
      const org = await this.repo.orgNode(grant.orgId);
      if (!org) throw new DomainError(ErrorCode.GRANT_INVALID, `Organization ${grant.orgId} does not exist`, 400);
      if (org.kind === 'town' && !TOWN_ROLES.includes(grant.role)) {
        throw new DomainError(ErrorCode.GRANT_INVALID, `A town can only be granted to ${TOWN_ROLES.join(' or ')}, not ${grant.role}`, 400);
      }
      if (!(await this.repo.insertGrant(userId, grant.orgId, grant.role))) continue;
      await this.audit.record({
        orgId: grant.orgId,
        action: 'grant.created',
        entity: 'role_grant',
        entityId: `${userId}:${grant.role}`,
        payload: { userId, role: grant.role },
      });
    }
  }
}
