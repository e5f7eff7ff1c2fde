import type { NextFunction, Request, Response } from 'express';
import { AuthService } from '@app/auth';

/** bull-board is for admins only: a bearer token or HTTP Basic credentials of an admin user. */
export function bullBoardAdminMiddleware(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.headers.authorization ?? '';
      let token: string | null = null;
      if (header.startsWith('Bearer ')) token = header.slice(7);
      else if (header.startsWith('Basic ')) {
        const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) token = (await auth.login(decoded.slice(0, colon), decoded.slice(colon + 1))).accessToken;
      }
      const principal = token ? await auth.principalFromToken(token) : null;
      if (principal?.isAdmin) return next();
      res.setHeader('WWW-Authenticate', 'Basic realm="queues"');
      res.status(principal ? 403 : 401).json({ statusCode: principal ? 403 : 401, code: principal ? 'FORBIDDEN' : 'UNAUTHENTICATED', message: 'Admins only' });
    } catch {
      res.setHeader('WWW-Authenticate', 'Basic realm="queues"');
      res.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Admins only' });
    }
  };
}
