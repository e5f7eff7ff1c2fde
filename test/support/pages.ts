import { bearer, TestApp } from './test-app.js';

/** Every page of a list route, in order, following nextCursor (`limit` rows a page); fails on a non-200. */
export async function pages<T = Record<string, unknown>>(t: TestApp, path: string, token: string, limit?: number): Promise<T[][]> {
  const result: T[][] = [];
  let cursor: string | null = null;
  do {
    const params = [limit === undefined ? null : `limit=${limit}`, cursor === null ? null : `cursor=${cursor}`].filter(Boolean).join('&');
    const url = params ? `${path}${path.includes('?') ? '&' : '?'}${params}` : path;
    const res = await t.http().get(url).set(bearer(token));
    if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
    result.push(res.body.items as T[]);
    cursor = res.body.nextCursor as string | null;
    if (result.length > 10_000) throw new Error(`GET ${path}: more than 10,000 pages`);
  } while (cursor !== null);
  return result;
}

/** The whole list, read page by page. */
export async function allPages<T = Record<string, unknown>>(t: TestApp, path: string, token: string, limit?: number): Promise<T[]> {
  return (await pages<T>(t, path, token, limit)).flat();
}
