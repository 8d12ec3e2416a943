// Shared benchmark plumbing: ns/op medians over rounds that yield to the event loop between
// batches, and a destination that discards bytes but counts the lines actually written.
import { appendFileSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export class DiscardDestination {
  lines = 0;
  bytes = 0;
  write(chunk: string | Uint8Array): boolean {
    this.lines++;
    this.bytes += chunk.length;
    return true;
  }
}

export interface Contender {
  readonly name: string;
  /** Runs one operation; `i` is the iteration index. */
  readonly op: (i: number) => void;
  /** Lines written so far, to check the work really happened. */
  readonly lines: () => number;
}

export interface Measured {
  readonly name: string;
  readonly nsPerOp: number;
  readonly lines: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Interleaves contenders round by round so that drift and GC hit them alike. */
export async function measure(
  contenders: readonly Contender[],
  options: { readonly batch: number; readonly rounds: number; readonly warmupRounds?: number },
): Promise<Measured[]> {
  const samples = contenders.map(() => [] as number[]);
  const warmup = options.warmupRounds ?? 5;
  let i = 0;
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (let c = 0; c < contenders.length; c++) {
      const { op } = contenders[c] as Contender;
      const start = process.hrtime.bigint();
      for (let n = 0; n < options.batch; n++) op(i++);
      const elapsed = Number(process.hrtime.bigint() - start);
      if (round >= warmup) (samples[c] as number[]).push(elapsed / options.batch);
      await yieldToLoop();
    }
  }
  return contenders.map((c, k) => ({ name: c.name, nsPerOp: median(samples[k] as number[]), lines: c.lines() }));
}

export function formatNs(ns: number): string {
  return ns < 10 ? ns.toFixed(2) : ns < 100 ? ns.toFixed(1) : ns.toFixed(0);
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** One comparison for the README's table: what cloudlog measured against a competitor. */
export interface ResultRow {
  readonly bench: string;
  readonly metric: string;
  readonly competitor: string;
  readonly cloudlog: number;
  readonly other: number;
  readonly unit: string;
  /** Whether a higher number is better (throughput) or a lower one (ns/op, µs, MB). */
  readonly better: 'higher' | 'lower';
}

/** Appends a row to $BENCH_RESULTS (JSON lines) when `pnpm bench` runs the benchmarks. */
export function recordResult(row: ResultRow): void {
  const file = process.env.BENCH_RESULTS;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}
