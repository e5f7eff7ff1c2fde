import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { DomainError, ErrorCode, INSTALLATION_SCOPE, Pager, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { AuthService } from './auth.service.js';
import { GrantDto, UserView } from './dto/create-user.dto.js';
import { TOWN_ROLES } from './permissions.js';

registerEntitySnapshot('user', `SELECT to_jsonb(u) FROM users u WHERE u.id = $2::uuid`);
registerEntitySnapshot('role_grant', `SELECT to_jsonb(g) FROM role_grants g WHERE g.org_id = $1 AND g.user_id::text || ':' || g.role = $2`);

@Injectable()
export class UsersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  async create(input: { username: string; password: string; grants: GrantDto[]; shareholderId?: string; isAdmin?: boolean }): Promise<UserView> {
    return this.tx.run(async (m) => {
      const taken: unknown[] = await m.query(`SELECT 1 FROM users WHERE username = $1`, [input.username]);
      if (taken.length > 0) throw new DomainError(ErrorCode.USERNAME_TAKEN, `Username ${input.username} is taken`, 409);
      // users is an installation table (no org_id), so the link cannot be a foreign key under the
      // Citus rule; it is checked here, in the same transaction.
      if (input.shareholderId !== undefined) {
        const found: unknown[] = await m.query(`SELECT 1 FROM shareholders WHERE id = $1`, [input.shareholderId]);
        if (found.length === 0) throw new DomainError(ErrorCode.REFERENCE_NOT_FOUND, `Shareholder ${input.shareholderId} does not exist`, 400, [{ field: 'shareholderId', problems: ['shareholderId does not exist'] }]);
      }
      const id = randomUUID();
      await m.query(
        `INSERT INTO users (id, username, password_hash, is_admin, shareholder_id) VALUES ($1, $2, $3, $4, $5)`,
        [id, input.username, await AuthService.hashPassword(input.password), input.isAdmin ?? false, input.shareholderId ?? null],
      );
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
      (page) => this.tx.manager.query(`SELECT id, username FROM users WHERE ($1::text IS NULL OR username > $1) ORDER BY username LIMIT $2`, [page.after?.[0] ?? null, page.take]) as Promise<{ id: string; username: string }[]>,
      (u) => [u.username],
      (users) => this.tx.map(users, (u) => this.view(u.id)),
    );
  }

  async view(userId: string): Promise<UserView> {
    const rows: { id: string; username: string; is_admin: boolean; shareholder_id: string | null }[] = await this.tx.manager.query(
      `SELECT id, username, is_admin, shareholder_id FROM users WHERE id = $1`,
      [userId],
    );
    if (!rows[0]) throw new DomainError(ErrorCode.NOT_FOUND, 'User not found', 404);
    const grants: { org_id: string; role: string }[] = await this.tx.manager.query(
      `SELECT org_id, role FROM role_grants WHERE user_id = $1 ORDER BY org_id, role`,
      [userId],
    );
    return {
      id: rows[0].id,
      username: rows[0].username,
      isAdmin: rows[0].is_admin,
      shareholderId: rows[0].shareholder_id,
      grants: grants.map((g) => ({ orgId: g.org_id, role: g.role })),
    };
  }

  private async addGrantsInTx(userId: string, grants: GrantDto[]): Promise<void> {
    const m = this.tx.manager;
    for (const grant of grants) {
      const orgs: { kind: string }[] = await m.query(`SELECT kind FROM organizations WHERE id = $1`, [grant.orgId]);
      if (!orgs[0]) throw new DomainError(ErrorCode.GRANT_INVALID, `Organization ${grant.orgId} does not exist`, 400);
      if (orgs[0].kind === 'town' && !TOWN_ROLES.includes(grant.role)) {
        throw new DomainError(ErrorCode.GRANT_INVALID, `A town can only be granted to ${TOWN_ROLES.join(' or ')}, not ${grant.role}`, 400);
      }
      const inserted: unknown[] = await m.query(
        `INSERT INTO role_grants (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
        [userId, grant.orgId, grant.role],
      );
      if (inserted.length === 0) continue;
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
