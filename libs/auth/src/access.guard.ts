import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, ErrorCode, PERMISSION_KEY, PUBLIC_KEY, RequestContext, type Role } from '@app/core';
import { AuthService } from './auth.service.js';
import { Permission } from './permissions.js';
import { TenancyService } from './tenancy.service.js';

/** Routes whose organization is only known from the resource (a job); their service checks tenancy. */
const RESOLVED_BY_SERVICE = new Set<string>([Permission.JobsRead]);

/**
 * The one guard every route goes through: authenticate, then check the route's declared permission
 * against the caller's grants on the route's organization. A route that declares nothing is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tenancy: TenancyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { principal?: unknown; orgRoles?: Role[] }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid bearer token is required', 401);
    const orgId = typeof req.params?.orgId === 'string' ? req.params.orgId : null;
    // The caller, their grants and the route's organization in one statement.
    const { principal, org } = await this.auth.principalAndOrg(match[1], orgId);
    RequestContext.setPrincipal(principal);
    req.principal = principal;

    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new DomainError(ErrorCode.FORBIDDEN, 'This route declares no permission', 403);
    if (orgId !== null) {
      req.orgRoles = this.tenancy.orgAccess(principal, orgId, org, permission).roles;
    } else if (!RESOLVED_BY_SERVICE.has(permission)) {
      this.tenancy.assertInstallationPermission(principal, permission);
    }
    return true;
  }
}

/**
 * Whether the caller reaches the organization in the path as one of its members only (every grant
 * covering it is `shareholder`): such a caller is answered with their own part of what they act on.
 */
export const MemberOnly = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => {
  const roles = ctx.switchToHttp().getRequest<{ orgRoles?: Role[] }>().orgRoles ?? [];
  return roles.length > 0 && roles.every((r) => r === 'shareholder');
});
