import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { APP_CONFIG, DomainError, ErrorCode, TransactionRunner } from '@app/core';
import type { AppConfig, Principal, Role } from '@app/core';

const UNAUTHENTICATED = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid bearer token is required', 401);
// Verified against when the username is unknown, so both failures take the same time.
const DUMMY_HASH = argon2.hash('not-a-real-password-0000', { type: argon2.argon2id });

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const rows: { id: string; password_hash: string; disabled: boolean }[] = await this.tx.manager.query(
      `SELECT id, password_hash, disabled FROM users WHERE username = $1`,
      [username],
    );
    const user = rows[0];
    const ok = await argon2.verify(user?.password_hash ?? (await DUMMY_HASH), password).catch(() => false);
    if (!user || !ok || user.disabled) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password', 401);
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, typ: 'access' }, { expiresIn: this.config.jwtTtlSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }

  /** Verifies the token and loads the caller with current grants; any doubt is a 401. */
  async principalFromToken(token: string): Promise<Principal> {
    let sub: string;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown; exp?: unknown }>(token, { algorithms: ['HS256'] });
      // jsonwebtoken accepts a token without `exp` for ever: every token we issue has one.
      if (typeof payload.sub !== 'string' || payload.typ !== 'access' || typeof payload.exp !== 'number') throw UNAUTHENTICATED();
      sub = payload.sub;
    } catch {
      throw UNAUTHENTICATED();
    }
    // The user and their grants in one round trip: this runs on every request.
    const users: { id: string; username: string; is_admin: boolean; disabled: boolean; shareholder_id: string | null; grants: { org_id: string; role: Role }[] }[] =
      await this.tx.manager.query(
        `SELECT u.id, u.username, u.is_admin, u.disabled, u.shareholder_id,
                coalesce((SELECT json_agg(json_build_object('org_id', g.org_id, 'role', g.role)) FROM role_grants g WHERE g.user_id = u.id), '[]'::json) AS grants
           FROM users u WHERE u.id = $1`,
        [sub],
      );
    const user = users[0];
    if (!user || user.disabled) throw UNAUTHENTICATED();
    const grants = user.grants;
    return {
      userId: user.id,
      username: user.username,
      isAdmin: user.is_admin,
      shareholderId: user.shareholder_id,
      grants: grants.map((g) => ({ orgId: g.org_id, role: g.role })),
    };
  }

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }
}
