import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '../context/request-context.js';

/** The caller the access guard authenticated. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
