import { applyDecorators, SetMetadata } from '@nestjs/common';

export const PERMISSION_KEY = 'cl:permission';
export const PUBLIC_KEY = 'cl:public';
export const NO_TRANSACTION_KEY = 'cl:no-transaction';

/**
 * Every route declares what it needs: a permission (checked against the caller's grants on the
 * route's organization) or @Public(). The access guard refuses routes that declare neither.
 */
export const RequirePermission = (permission: string) => SetMetadata(PERMISSION_KEY, permission);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** A mutating route that writes nothing to the database (login) and so needs no transaction or key. */
export const NoWriteTransaction = () => applyDecorators(SetMetadata(NO_TRANSACTION_KEY, true));
