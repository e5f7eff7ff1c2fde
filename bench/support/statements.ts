/**
 * Counts the SQL statements this process sends while `fn` runs (every pg client's `query`, so
 * TypeORM's too: it drives the same `pg` module), each with its time from send to answer. For a job
 * run in-process, that is the job's round trips to PostgreSQL, BEGIN and COMMIT included.
 */
import pg from 'pg';

export interface StatementCount<T> {
  result: T;
  ms: number;
  statements: number;
  /** The statements in order: the first 160 characters and the milliseconds to the answer. */
  texts: { sql: string; ms: number }[];
}

export async function countStatements<T>(fn: () => Promise<T>): Promise<StatementCount<T>> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const texts: { sql: string; ms: number }[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    const sql = (typeof q === 'string' ? q : typeof q === 'object' && q !== null && 'text' in q ? String((q as { text: unknown }).text) : String(q)).replace(/\s+/g, ' ').slice(0, 160);
    const entry = { sql, ms: 0 };
    texts.push(entry);
    const t0 = process.hrtime.bigint();
    const stop = () => (entry.ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e4) / 100);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...cb: unknown[]) => {
        stop();
        return (last as (...a: unknown[]) => unknown)(...cb);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(stop, stop);
    return out;
  };
  const t0 = process.hrtime.bigint();
  try {
    const result = await fn();
    return { result, ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e4) / 100, statements: texts.length, texts };
  } finally {
    proto.query = original;
  }
}
