/**
 * Public job ids are `<queue>.<bull job id>`, and bull job ids start with the organization id, so
 * one GET /jobs/{id} finds the queue and checks tenancy. Deterministic ids make a double click
 * enqueue once (bull ignores an add whose id exists).
 */
export function publicJobId(queue: string, bullJobId: string): string {
  return `${queue}.${bullJobId}`;
}

export function orgJobId(orgId: string, kind: string, discriminator: string): string {
  return `${orgId}.${kind}.${discriminator}`;
}

export function parsePublicJobId(id: string): { queue: string; bullJobId: string } | null {
  const match = /^([a-z][a-z0-9-]{0,30})\.([A-Za-z0-9._-]{1,200})$/.exec(id);
  return match ? { queue: match[1], bullJobId: match[2] } : null;
}

/** Every job carries the organization it belongs to; a job never spans organizations (SPEC §4). */
export interface OrgJobData {
  orgId: string;
  requestedBy: string | null;
}
