import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-codes.js';

/**
 * Input the database or an export cannot hold, refused in one place for every request before any
 * guard, interceptor or handler sees it: JSON nested deeper than MAX_JSON_DEPTH (recursive hashing and
 * validation would overflow the stack), and strings (values and keys, in the body, the query string
 * and the path) with control characters other than tab, LF and CR, Unicode non-characters or lone
 * surrogates (PostgreSQL refuses U+0000; XML 1.0 refuses the rest). Keys that name the prototype
 * chain are refused like any unknown field.
 */
export const MAX_JSON_DEPTH = 32;

/** C0/C1 controls except \t \n \r, DEL, non-characters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF), lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Noncharacter_Code_Point}|\p{Surrogate}/u;

/** Keys class-transformer and the object model treat specially: never data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN_CHARACTER.test(text);
}

/** Nesting depth of a JSON text, counted without parsing (brackets outside strings), stopping past `max`. */
export function jsonDepthExceeds(buf: Buffer | string, max: number): boolean {
  const bytes = typeof buf === 'string' ? Buffer.from(buf) : buf;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > max) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

export interface HostileInputProblem {
  field: string;
  problem: string;
  code: ErrorCode;
}

/** The first problem in a parsed value (walked without recursion), or null. */
export function findHostileInput(value: unknown, root: string): HostileInputProblem | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasForbiddenCharacter(v)) return { field: path, problem: `${path} contains a control character or a non-character`, code: 'INVALID_CHARACTER' };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) return { field: path, problem: `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`, code: 'BODY_TOO_DEEP' };
      for (const key of Object.keys(v)) {
        const at = Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}`;
        if (!Array.isArray(v) && FORBIDDEN_KEYS.has(key)) return { field: at, problem: `property ${key} should not exist`, code: ErrorCode.VALIDATION_FAILED };
        if (hasForbiddenCharacter(key)) return { field: at, problem: `a key in ${path} contains a control character or a non-character`, code: 'INVALID_CHARACTER' };
        stack.push([(v as Record<string, unknown>)[key], at, depth + 1]);
      }
    }
  }
  return null;
}

function refusal(p: HostileInputProblem): DomainError {
  return new DomainError(p.code, `Invalid input: ${p.field}: ${p.problem}`, 400, [{ field: p.field, problems: [p.problem] }]);
}

const tooDeep = () => refusal({ field: 'body', problem: `body is nested deeper than ${MAX_JSON_DEPTH} levels`, code: 'BODY_TOO_DEEP' });

/**
 * The JSON body parser of every route: refuses a body nested deeper than MAX_JSON_DEPTH before
 * JSON.parse (a 400 BODY_TOO_DEEP, not a stack overflow, also on the unauthenticated login).
 */
export function createJsonBodyParser(limit: string | number): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw tooDeep();
    },
  });
}

function decodedPath(req: Request): string {
  try {
    return decodeURIComponent(req.path);
  } catch {
    return req.path; // a malformed escape is left to the router (404) or the route's own validation
  }
}

/** After the body parsers: refuses hostile characters and keys in the body, the query string and the path. */
export function refuseHostileInput(req: Request, _res: Response, next: NextFunction): void {
  const problem =
    (hasForbiddenCharacter(decodedPath(req)) ? { field: 'path', problem: 'path contains a control character or a non-character', code: 'INVALID_CHARACTER' } : null) ??
    findHostileInput(req.query, 'query') ??
    findHostileInput(req.body, 'body');
  next(problem ? refusal(problem) : undefined);
}
