/**
 * What the web app takes from @app/core: only the Role type, which libs/auth/src/permissions.ts
 * imports. Mapped here (tsconfig paths) so the console reads the API's permission table itself
 * instead of a copy, without compiling the server's core.
 */
export type Role = 'accountant' | 'reviewer' | 'cashier' | 'board' | 'supervisor' | 'auditor' | 'shareholder';
