import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';
import type { Role } from '@app/core';

export interface UserRow {
  id: string;
  username: string;
  is_admin: boolean;
  shareholder_id: string | null;
}

export interface PrincipalRow extends UserRow {
  disabled: boolean;
  grants: { org_id: string; role: Role }[];
}

export interface OrgNode {
  id: string;
  kind: string;
  ancestor_ids: string[];
}

/** SQL of the auth context: users, their grants, and the organization tree the grants cover. */
@Injectable()
export class UsersRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM users WHERE username = $1`, [username])).length > 0;
  }

  /**
   * users is an installation table (no org_id), so its link to a shareholder cannot be a foreign key
   * under the Citus rule; it is checked here. Allowed cross-context read (test/context-boundaries):
   * auth sits below shares in the dependency order and cannot call the register.
   */
  async shareholderExists(shareholderId: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM shareholders WHERE id = $1`, [shareholderId])).length > 0;
  }

  async insertUser(u: { id: string; username: string; passwordHash: string; isAdmin: boolean; shareholderId: string | null }): Promise<void> {
    await this.m.query(`INSERT INTO users (id, username, password_hash, is_admin, shareholder_id) VALUES ($1, $2, $3, $4, $5)`, [u.id, u.username, u.passwordHash, u.isAdmin, u.shareholderId]);
  }

  /** By username (uq_users_username). */
  userPage(page: KeysetPage): Promise<{ id: string; username: string }[]> {
    return this.m.query(`SELECT id, username FROM users WHERE ($1::text IS NULL OR username > $1) ORDER BY username LIMIT $2`, [page.after?.[0] ?? null, page.take]);
  }

  async user(userId: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.m.query(`SELECT id, username, is_admin, shareholder_id FROM users WHERE id = $1`, [userId]);
    return rows[0] ?? null;
  }

  grants(userId: string): Promise<{ org_id: string; role: string }[]> {
    return this.m.query(`SELECT org_id, role FROM role_grants WHERE user_id = $1 ORDER BY org_id, role`, [userId]);
  }

  /** True when the grant is new (an existing one is left as it is). */
  async insertGrant(userId: string, orgId: string, role: string): Promise<boolean> {
    const inserted: unknown[] = await this.m.query(`INSERT INTO role_grants (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`, [userId, orgId, role]);
    return inserted.length > 0;
  }

  async credentials(username: string): Promise<{ id: string; password_hash: string; disabled: boolean } | null> {
    const rows: { id: string; password_hash: string; disabled: boolean }[] = await this.m.query(`SELECT id, password_hash, disabled FROM users WHERE username = $1`, [username]);
    return rows[0] ?? null;
  }

  /**
   * The user, their grants and (when the route names one) the organization, in one round trip:
   * this runs on every request. `orgId` must be a UUID or null.
   */
  async principalAndOrg(userId: string, orgId: string | null): Promise<(PrincipalRow & { org: OrgNode | null }) | null> {
    const rows: (PrincipalRow & { org_id: string | null; org_kind: string | null; org_ancestor_ids: string[] | null })[] = await this.m.query(
      `SELECT u.id, u.username, u.is_admin, u.disabled, u.shareholder_id,
              coalesce((SELECT json_agg(json_build_object('org_id', g.org_id, 'role', g.role)) FROM role_grants g WHERE g.user_id = u.id), '[]'::json) AS grants,
              o.id AS org_id, o.kind AS org_kind, o.ancestor_ids AS org_ancestor_ids
         FROM users u LEFT JOIN organizations o ON o.id = $2::uuid
        WHERE u.id = $1`,
      [userId, orgId],
    );
    const r = rows[0];
    if (!r) return null;
    const { org_id, org_kind, org_ancestor_ids, ...user } = r;
    return { ...user, org: org_id ? { id: org_id, kind: org_kind as string, ancestor_ids: org_ancestor_ids ?? [] } : null };
  }

  // The organization tree, read by tenancy. Allowed cross-context reads (test/context-boundaries):
  // auth sits below organizations in the dependency order (organizations uses TenancyService), so it
  // cannot call OrganizationsService; these are the only reads of organizations outside its context.

  async orgNode(orgId: string): Promise<OrgNode | null> {
    const rows: OrgNode[] = await this.m.query(`SELECT id, kind, ancestor_ids FROM organizations WHERE id = $1`, [orgId]);
    return rows[0] ?? null;
  }

  async orgsCovered(direct: string[], overseen: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.m.query(`SELECT id FROM organizations WHERE id = ANY($1::uuid[]) OR ancestor_ids && $2::uuid[]`, [direct, overseen]);
    return rows.map((r) => r.id);
  }
}
