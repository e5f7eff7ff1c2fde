import { Worker } from 'node:worker_threads';
import type { FlowArgs, GetArgs, GetResult, LoadWorkerData, PostArgs, PostEachArgs, RunResult, ThreadResult, WorkerRequest, WorkerResponse } from './load.worker.js';

type Pending = { resolve: (value: RunResult | GetResult | ThreadResult) => void; reject: (error: Error) => void };
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The main thread's handle on the load-generator worker (bench/support/load.worker.ts, loaded through tsx). */
export class LoadGenerator {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(data: LoadWorkerData) {
    const entry = new URL('./load.worker.ts', import.meta.url).href;
    // tsx does not hook worker threads by itself: the worker imports its TypeScript entry through tsx's API.
    const bootstrap = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
    this.worker = new Worker(bootstrap, { eval: true, workerData: data });
    this.worker.on('message', (message: WorkerResponse) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`load worker exited with code ${code}`)));
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private call<T extends RunResult | GetResult | ThreadResult>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: RunResult | GetResult | ThreadResult) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** The worker thread's Linux thread id (its CPU time is /proc/self/task/<tid>/stat), or null off Linux. */
  async threadId(): Promise<number | null> {
    return (await this.call<ThreadResult>({ op: 'thread', args: {} })).tid;
  }

  flow(args: FlowArgs): Promise<RunResult> {
    return this.call<RunResult>({ op: 'flow', args });
  }

  post(args: PostArgs): Promise<RunResult> {
    return this.call<RunResult>({ op: 'post', args });
  }

  postEach(args: PostEachArgs): Promise<RunResult> {
    return this.call<RunResult>({ op: 'postEach', args });
  }

  get(args: GetArgs): Promise<GetResult> {
    return this.call<GetResult>({ op: 'get', args });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
