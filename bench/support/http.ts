import http from 'node:http';

export interface JsonResponse {
  status: number;
  body: unknown;
  /** Length of the response body. */
  bytes: number;
}

/**
 * A minimal JSON client over node:http with a keep-alive agent: one socket per concurrent client,
 * reused for every request (the way a browser or a proxy talks to the API).
 */
export class JsonClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 10_000 });
  }

  request(method: string, path: string, token: string | null, body?: unknown): Promise<JsonResponse> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    return new Promise<JsonResponse>((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = raw.toString('utf8');
            let parsed: unknown = text;
            if (text !== '' && (res.headers['content-type'] ?? '').includes('json')) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, bytes: raw.length });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** The request, failing with the method, path, status and body unless the status is the expected one. */
  async expect<T>(status: number, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    return (await this.expectResponse(status, method, path, token, body)).body as T;
  }

  async expectResponse(status: number, method: string, path: string, token: string | null, body?: unknown): Promise<JsonResponse> {
    const res = await this.request(method, path, token, body);
    if (res.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}
