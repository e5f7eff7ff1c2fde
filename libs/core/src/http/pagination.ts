import { createHmac, timingSafeEqual } from 'node:crypto';
import { applyDecorators, Inject, Injectable, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-codes.js';

/** SPEC §5: every list route pages the same way. */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1000;

/** What every list route takes; a list's filter DTO extends it. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: PAGE_LIMIT_DEFAULT, minimum: 1, maximum: PAGE_LIMIT_MAX, description: 'rows per page' })
  @IsOptional()
  // Query strings are text; only plain digits become a number (no implicit conversion elsewhere).
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number.parseInt(value, 10) : value))
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: `limit must be between 1 and ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `limit must be between 1 and ${PAGE_LIMIT_MAX}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** A keyset: the values of a row's sort columns, in order (JSON-safe scalars). */
export type Keyset = readonly (string | number | boolean | null)[];

/** What a repository's keyset query receives: rows strictly after `after` in the list's order, at most `take`. */
export interface KeysetPage<K extends Keyset = Keyset> {
  after: K | null;
  take: number;
}

const b64 = (s: Buffer | string) => Buffer.from(s).toString('base64url');

/**
 * The one pagination helper: cursor encoding and decoding, the limit, and the page assembly
 * (fetch limit + 1 rows, the extra one only says whether there is a next page). A cursor is the
 * base64url JSON of [list, ...keyset] with an HMAC: repositories then compare with a keyset this
 * process wrote (a date or a uuid a client made up never reaches SQL), and a tampered or foreign
 * cursor is 400 INVALID_CURSOR.
 */
@Injectable()
export class Pager {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Only the API serves lists and it always has a JWT secret; the fallback keeps the worker and CLI bootable.
    this.key = createHmac('sha256', 'cl:list-cursor').update(config.jwtSecret ?? 'collective-ledger').digest();
  }

  encode(list: string, keyset: Keyset): string {
    const body = b64(JSON.stringify([list, ...keyset]));
    return `${body}.${this.sign(body)}`;
  }

  /** The keyset of a cursor made by `encode` for `list` with `width` columns; null without a cursor. */
  decode<K extends Keyset>(list: string, width: number, cursor: string | undefined): K | null {
    if (cursor === undefined) return null;
    const [body, mac] = cursor.split('.');
    const expected = body ? Buffer.from(this.sign(body)) : Buffer.alloc(0);
    const given = Buffer.from(mac ?? '');
    if (!body || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (!Array.isArray(parsed) || parsed[0] !== list || parsed.length !== width + 1) throw invalidCursor();
    return parsed.slice(1) as unknown as K;
  }

  /**
   * One page of a list: `fetch` runs the repository's keyset query with take = limit + 1, `keyOf`
   * gives a row's keyset (the columns of its ORDER BY, unique together), `toItems` the answer.
   */
  async page<Row, Item, K extends Keyset>(
    list: string,
    query: PageQueryDto,
    width: number,
    fetch: (page: KeysetPage<K>) => Promise<Row[]>,
    keyOf: (row: Row) => K,
    toItems: (rows: Row[]) => Item[] | Promise<Item[]>,
  ): Promise<Page<Item>> {
    const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
    const rows = await fetch({ after: this.decode<K>(list, width, query.cursor), take: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: await toItems(page), nextCursor: rows.length > limit ? this.encode(list, keyOf(page[page.length - 1])) : null };
  }

  private sign(body: string): string {
    return b64(createHmac('sha256', this.key).update(body).digest().subarray(0, 12));
  }
}

function invalidCursor(): DomainError {
  return new DomainError(ErrorCode.INVALID_CURSOR, 'cursor is not a nextCursor of this list', 400, [{ field: 'cursor', problems: ['not a nextCursor of this list'] }]);
}

/** A list's text filter as an ILIKE pattern: the text anywhere, its own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The page shape, written once in the OpenAPI document. */
export class PageSchema {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  items: unknown[];

  @ApiProperty({ type: 'string', nullable: true, description: 'pass as ?cursor= for the next page; null on the last page' })
  nextCursor: string | null;
}

/**
 * Marks a list route: its 200 answer is `{items: T[], nextCursor}` (T = `item`, a class with
 * @ApiProperty fields). The tenancy matrix checks that exactly the list routes carry it.
 */
export function ApiPage(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(PageSchema, item),
    ApiOkResponse({
      description: `a page of ${item.name.replace(/View$/, '')} rows (SPEC §5: ?limit=, ?cursor=)`,
      schema: { allOf: [{ $ref: getSchemaPath(PageSchema) }, { properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } } }] },
    }),
  );
}
