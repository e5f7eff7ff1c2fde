import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { APP_CONFIG, DomainError, ErrorCode, UUID } from '@app/core';
import type { AppConfig, Principal } from '@app/core';
import { type OrgNode, UsersRepository } from './users.repository.js';

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
    private readonly repo: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.repo.credentials(username);
    const ok = await argon2.verify(user?.password_hash ?? (await DUMMY_HASH), password).catch(() => false);
    if (!user || !ok || user.disabled) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password', 401);
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, typ: 'access' }, { expiresIn: this.config.jwtTtlSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }

  /** Verifies the token and loads the caller with current grants; any doubt is a 401. */
  async principalFromToken(token: string): Promise<Principal> {
    return (await this.principalAndOrg(token, null)).principal;
  }

  /**
   * What the access guard needs on every request, in one statement: the caller with current grants
   * and the organization the route names (null when it names none, is not a UUID, or does not
   * exist — tenancy answers 404 for those). Any doubt about the caller is a 401.
   */
  async principalAndOrg(token: string, orgId: string | null): Promise<{ principal: Principal; org: OrgNode | null }> {
    let sub: string;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown; exp?: unknown }>(token, { algorithms: ['HS256'] });
      // jsonwebtoken accepts a token without `exp` for ever: every token we issue has one.
      if (typeof payload.sub !== 'string' || payload.typ !== 'access' || typeof payload.exp !== 'number') throw UNAUTHENTICATED();
      sub = payload.sub;
    } catch {
      throw UNAUTHENTICATED();
    }
    // A token's sub is a user id we issued; anything else would fail the uuid comparison in SQL.
    if (!UUID.test(sub)) throw UNAUTHENTICATED();
    const user = await this.repo.principalAndOrg(sub, orgId !== null && UUID.test(orgId) ? orgId : null);
    if (!user || user.disabled) throw UNAUTHENTICATED();
    return {
      principal: {
        userId: user.id,
        username: user.username,
        isAdmin: user.is_admin,
        shareholderId: user.shareholder_id,
        grants: user.grants.map((g) => ({ orgId: g.org_id, role: g.role })),
      },
      org: user.org,
    };
  }

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }
}
