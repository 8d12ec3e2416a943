// Plumbing for bench/cloudwatch.ts: the local server in a child process, driven over IPC; a
// steady paced load; RSS sampling; polling with a deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ServerHandle {
  readonly endpoint: string;
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Events of `group` the server accepted. */
  stored(group: string): Promise<number>;
  calls(operation: string, group?: string): Promise<number>;
  /** Checks the group holds `${prefix}0`, `${prefix}1`, ... in order. */
  verify(group: string, prefix: string): Promise<{ count: number; firstGap: number }>;
  hang(): Promise<void>;
  clear(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(): Promise<ServerHandle> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'cloudwatch-server.ts')],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env } },
  );
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (raw) => {
      const message = raw as { ready?: boolean; endpoint?: string; id?: number; result?: unknown };
      if (message.ready === true) resolve(message.endpoint ?? '');
      else if (message.id !== undefined) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
  });
  const rpc = <T>(cmd: string, args: object = {}): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, cmd, ...args });
    });
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    stored: (group) => rpc('stored', { group }),
    calls: (operation, group) => rpc('calls', { operation, group }),
    verify: (group, prefix) => rpc('verify', { group, prefix }),
    hang: () => rpc('hang'),
    clear: () => rpc('clear'),
    stop: () => rpc('stop'),
    restart: () => rpc('restart'),
    close: async () => {
      await rpc('close');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    },
  };
}

/**
 * Calls `write(count)` so that `ratePerSecond` events are written on average, from timers every
 * `tickMs` (the count catches up after a late tick), until `stop()` is called.
 */
export function steadyLoad(ratePerSecond: number, write: (count: number) => void, tickMs = 10): () => number {
  const start = performance.now();
  let written = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * ratePerSecond) / 1_000);
    if (due > written) {
      write(due - written);
      written = due;
    }
  }, tickMs);
  return () => {
    clearInterval(timer);
    return written;
  };
}

/** Samples RSS every `everyMs` until stopped; returns the samples in bytes. */
export function sampleRss(everyMs = 100): () => number[] {
  const samples: number[] = [process.memoryUsage().rss];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), everyMs);
  return () => {
    clearInterval(timer);
    samples.push(process.memoryUsage().rss);
    return samples;
  };
}

/** Polls until `check` resolves true or the deadline passes; returns whether it did. */
async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await delay(everyMs);
  }
  return check();
}

/**
 * Waits until `expected` events of `group` are stored, or until nothing new arrived for 10 s
 * (what a shipper failed to deliver by then is lost). Returns the count and when it last grew.
 */
export async function storedOrStalled(
  server: ServerHandle,
  group: string,
  expected: number,
  timeoutMs: number,
  everyMs: number,
): Promise<{ stored: number; lastProgress: number }> {
  let stored = 0;
  let lastProgress = performance.now();
  await pollUntil(
    async () => {
      const now = await server.stored(group);
      if (now > stored) {
        stored = now;
        lastProgress = performance.now();
      }
      return stored >= expected || performance.now() - lastProgress > 10_000;
    },
    timeoutMs,
    everyMs,
  );
  return { stored, lastProgress };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export const MB = 1_048_576;
