/**
 * Per audited entity, a scalar query returning the entity's current state as jsonb, given $1 = org id
 * and $2 = entity id as text (cast it, e.g. `$2::uuid`). Bounded contexts register theirs; the audit
 * log hashes the state after each write and verification re-hashes it, which exposes edits made
 * behind the application's back.
 */
const snapshots = new Map<string, string>();

export function registerEntitySnapshot(entity: string, jsonbQuery: string): void {
  snapshots.set(entity, jsonbQuery);
}

export function entitySnapshotQuery(entity: string): string | undefined {
  return snapshots.get(entity);
}

export function registeredSnapshotEntities(): string[] {
  return [...snapshots.keys()];
}

/** Wraps a jsonb query so PostgreSQL returns the SHA-256 of its text form (null when the row is gone). */
export function stateHashSql(jsonbQuery: string): string {
  return `SELECT encode(sha256(convert_to((${jsonbQuery})::text, 'UTF8')), 'hex') AS h WHERE $1::uuid IS NOT NULL AND $2::text IS NOT NULL`;
}
