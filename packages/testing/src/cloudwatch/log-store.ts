// In-memory state of the local service: log groups, their streams, and every accepted event.

import type { StoredLogEvent } from './types.js';

export interface EventRecord {
  readonly event: StoredLogEvent;
  /** Arrival order over the whole store: ties of equal timestamps keep it. */
  readonly seq: number;
}

export interface StreamRecord {
  readonly name: string;
  readonly creationTime: number;
  readonly events: EventRecord[];
  storedBytes: number;
  uploads: number;
  firstEventTimestamp: number | undefined;
  lastEventTimestamp: number | undefined;
  lastIngestionTime: number | undefined;
}

export interface GroupRecord {
  readonly name: string;
  readonly creationTime: number;
  retentionInDays: number | undefined;
  readonly streams: Map<string, StreamRecord>;
}

export class LogStore {
  private readonly groupsByName = new Map<string, GroupRecord>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  group(name: string): GroupRecord | undefined {
    return this.groupsByName.get(name);
  }

  /** Groups sorted by name, as DescribeLogGroups lists them. */
  groups(): GroupRecord[] {
    return [...this.groupsByName.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  /** Returns false when the group already exists. */
  createGroup(name: string, creationTime: number): boolean {
    if (this.groupsByName.has(name)) return false;
    this.groupsByName.set(name, { name, creationTime, retentionInDays: undefined, streams: new Map() });
    this.changed();
    return true;
  }

  deleteGroup(name: string): boolean {
    const deleted = this.groupsByName.delete(name);
    if (deleted) this.changed();
    return deleted;
  }

  /** Returns false when the stream already exists; the group must exist. */
  createStream(group: GroupRecord, name: string, creationTime: number): boolean {
    if (group.streams.has(name)) return false;
    group.streams.set(name, {
      name,
      creationTime,
      events: [],
      storedBytes: 0,
      uploads: 0,
      firstEventTimestamp: undefined,
      lastEventTimestamp: undefined,
      lastIngestionTime: undefined,
    });
    this.changed();
    return true;
  }

  deleteStream(groupName: string, streamName: string): boolean {
    const deleted = this.groupsByName.get(groupName)?.streams.delete(streamName) ?? false;
    if (deleted) this.changed();
    return deleted;
  }

  /** Stores accepted events in the order given and counts one upload (the next sequence token). */
  append(
    stream: StreamRecord,
    events: readonly { readonly timestamp: number; readonly message: string }[],
    ingestionTime: number,
  ): void {
    stream.uploads += 1;
    if (events.length === 0) return;
    for (const { timestamp, message } of events) {
      this.seq += 1;
      stream.events.push({ event: { logStreamName: stream.name, timestamp, message, ingestionTime }, seq: this.seq });
      stream.storedBytes += Buffer.byteLength(message, 'utf8');
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? timestamp, timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    }
    stream.lastIngestionTime = ingestionTime;
    this.changed();
  }

  /** Events of one stream, or of every stream of the group merged, in time order (then arrival order). */
  records(groupName: string, streamName?: string): EventRecord[] {
    const group = this.groupsByName.get(groupName);
    if (group === undefined) return [];
    const streams = streamName === undefined ? [...group.streams.values()] : [group.streams.get(streamName)];
    const records: EventRecord[] = [];
    // A loop, not push(...events): spreading hundreds of thousands of arguments overflows the stack.
    for (const stream of streams) if (stream !== undefined) for (const record of stream.events) records.push(record);
    return records.sort((a, b) => a.event.timestamp - b.event.timestamp || a.seq - b.seq);
  }

  /** Number of events of one stream, or of every stream of the group, without sorting them. */
  count(groupName: string, streamName?: string): number {
    const group = this.groupsByName.get(groupName);
    if (group === undefined) return 0;
    if (streamName !== undefined) return group.streams.get(streamName)?.events.length ?? 0;
    let count = 0;
    for (const stream of group.streams.values()) count += stream.events.length;
    return count;
  }

  /** Calls `listener` after every change; returns the function that unsubscribes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.groupsByName.clear();
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Plain code-unit order, as the service sorts names (not locale order). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
