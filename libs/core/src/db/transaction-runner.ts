import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const storage = new AsyncLocalStorage<EntityManager>();

/** PostgreSQL codes that mean "run the whole transaction again". */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryableDbError(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * One database transaction per use case (SPEC §3.7). The manager of the open transaction travels in
 * AsyncLocalStorage so that repositories, the audit log and the idempotency store all write in it
 * without passing it through every signature.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** The open transaction's manager; outside a transaction, the pool (reads only). */
  get manager(): EntityManager {
    return storage.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return storage.getStore() !== undefined;
  }

  /**
   * Reads that must agree with each other however long they take (an export read in batches while
   * others keep posting): one read-only REPEATABLE READ transaction, so every statement sees the same
   * snapshot. Read-only snapshots never fail to serialize, so there is nothing to retry. Joins an open
   * transaction instead (its writes must stay visible to the reads).
   */
  async snapshot<T>(work: () => Promise<T>): Promise<T> {
    if (storage.getStore()) return work();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return storage.run(manager, work);
    });
  }

  /**
   * Independent reads: in parallel on the pool, or one after another inside a transaction, whose one
   * connection runs one statement at a time anyway (and pg 9 will refuse overlapping queries).
   */
  async all<T extends unknown[]>(...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    return (await this.map(reads as (() => Promise<unknown>)[], (read) => read())) as T;
  }

  /** `fn` over `items` as independent reads: in parallel on the pool, one after another inside a transaction (see `all`). */
  async map<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    if (!this.inTransaction) return Promise.all(items.map(fn));
    const results: R[] = [];
    for (const item of items) results.push(await fn(item));
    return results;
  }

  /** Joins the open transaction, or opens one (retrying serialization failures and deadlocks). */
  async run<T>(work: (manager: EntityManager) => Promise<T>, attempts = 6): Promise<T> {
    const open = storage.getStore();
    if (open) return work(open);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => storage.run(manager, () => work(manager)));
      } catch (error) {
        if (!isRetryableDbError(error) || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}
