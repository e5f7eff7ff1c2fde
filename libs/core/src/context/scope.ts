/** The scope of installation-level records (users, the organization tree) in the audit log and idempotency store. */
export const INSTALLATION_SCOPE = '00000000-0000-0000-0000-000000000000';
