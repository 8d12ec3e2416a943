// Accepted entries in arrival order, the queries the accessors offer, and waiters that are
// woken on every write (no polling) and give up at their deadline with a useful message.
import type { StoredRecord } from './entry-view.js';
import type { EntryQuery, StoredEntry } from './types.js';

interface Waiter {
  readonly count: number;
  readonly query: EntryQuery;
  readonly resolve: (entries: StoredEntry[]) => void;
}

function matchesQuery(entry: StoredEntry, query: EntryQuery): boolean {
  if (!query.includeDiagnostics && entry.diagnostic) return false;
  if (query.projectId !== undefined && entry.projectId !== query.projectId) return false;
  if (query.logName !== undefined) {
    const wanted = query.logName;
    // A bare LOG_ID matches in any project; so does its URL-encoded form.
    if (wanted.includes('/logs/')) return entry.logName === wanted.replace(/^\//, '');
    return entry.logId === wanted || entry.logId === decodeURIComponentSafe(wanted);
  }
  return true;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class EntryStore {
  #records: StoredRecord[] = [];
  #waiters = new Set<Waiter>();

  add(records: readonly StoredRecord[]): void {
    if (records.length === 0) return;
    this.#records.push(...records);
    for (const waiter of this.#waiters) {
      const found = this.entries(waiter.query);
      if (found.length >= waiter.count) {
        this.#waiters.delete(waiter);
        waiter.resolve(found);
      }
    }
  }

  records(): readonly StoredRecord[] {
    return this.#records;
  }

  entries(query: EntryQuery = {}): StoredEntry[] {
    return this.#records.map((r) => r.view).filter((e) => matchesQuery(e, query));
  }

  logNames(query: EntryQuery = {}): string[] {
    return [...new Set(this.entries({ includeDiagnostics: true, ...query }).map((e) => e.logName))];
  }

  /** Removes every entry of a log; returns how many were removed. */
  deleteLog(logName: string): number {
    const before = this.#records.length;
    this.#records = this.#records.filter((r) => r.view.logName !== logName);
    return before - this.#records.length;
  }

  clear(): void {
    this.#records = [];
  }

  waitFor(count: number, query: EntryQuery, timeoutMs: number): Promise<StoredEntry[]> {
    const found = this.entries(query);
    if (found.length >= count) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.entries(query).length;
        const all = this.#records.length;
        reject(
          new Error(
            `waitForEntries: expected ${count} entr${count === 1 ? 'y' : 'ies'} matching ${JSON.stringify(query)} ` +
              `within ${timeoutMs} ms, saw ${seen} (of ${all} stored; logs: ${this.logNames().join(', ') || 'none'})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        count,
        query,
        resolve: (entries) => {
          clearTimeout(timer);
          resolve(entries);
        },
      };
      this.#waiters.add(waiter);
    });
  }
}
