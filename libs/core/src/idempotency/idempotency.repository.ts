import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../db/transaction-runner.js';

export interface StoredIdempotencyKey {
  userId: string;
  requestHash: string;
  statusCode: number | null;
  responseBody: string | null;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Claims the key inside the open transaction. A concurrent claim of the same key blocks on the
   * unique index until the first transaction ends, then sees its row: one write, one replay.
   */
  async claim(scopeId: string, key: string, userId: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      `INSERT INTO idempotency_keys (scope_id, key, user_id, request_hash)
       VALUES ($1, $2, $3, $4) ON CONFLICT (scope_id, key) DO NOTHING RETURNING key`,
      [scopeId, key, userId, requestHash],
    );
    return rows.length === 1;
  }

  async find(scopeId: string, key: string): Promise<StoredIdempotencyKey | null> {
    const rows: { user_id: string; request_hash: string; status_code: number | null; response_body: string | null }[] =
      await this.tx.manager.query(
        `SELECT user_id, request_hash, status_code, response_body FROM idempotency_keys WHERE scope_id = $1 AND key = $2`,
        [scopeId, key],
      );
    const row = rows[0];
    return row ? { userId: row.user_id, requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body } : null;
  }

  async complete(scopeId: string, key: string, statusCode: number, responseBody: string): Promise<void> {
    await this.tx.manager.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE scope_id = $1 AND key = $2`,
      [scopeId, key, statusCode, responseBody],
    );
  }
}
