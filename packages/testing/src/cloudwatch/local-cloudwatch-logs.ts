// A local CloudWatch Logs service on node:http that the real AWS SDK v3 client talks to: it
// keeps what it accepts in memory for assertions and injects faults on demand.

import { FaultInjector } from './fault-injector.js';
import {
  bareStatusAnswer,
  credentialsAnswer,
  errorAnswer,
  throttlingAnswer,
  unavailableAnswer,
} from './fault-presets.js';
import { HttpListener } from './http-listener.js';
import { MAX_REQUEST_BODY_BYTES } from './limits.js';
import { LogStore } from './log-store.js';
import type { OperationContext } from './operation-context.js';
import { OPERATION_HANDLERS } from './operations.js';
import { RequestDispatcher } from './request-dispatcher.js';
import { CloudWatchServiceError } from './service-error.js';
import type {
  CloudWatchCredentialsFault,
  CloudWatchErrorFault,
  CloudWatchFaultScope,
  CloudWatchHangFault,
  CloudWatchOperation,
  CloudWatchServerErrorFault,
  CloudWatchWaitForEventsOptions,
  CloudWatchWaitOptions,
  LocalCloudWatchClientConfig,
  LocalCloudWatchLogsOptions,
  RecordedCloudWatchRequest,
  StoredLogEvent,
} from './types.js';
import { waitUntil } from './wait-until.js';

const DEFAULT_WAIT_MS = 5_000;

export class LocalCloudWatchLogs {
  readonly host: string;
  readonly region: string;
  readonly accountId: string;
  private boundPort = 0;
  private closed = false;
  private readonly now: () => number;
  private readonly store = new LogStore();
  private readonly faults = new FaultInjector();
  private readonly requestListeners = new Set<() => void>();
  private readonly dispatcher: RequestDispatcher;
  private readonly http: HttpListener;
  private readonly context: OperationContext;

  private constructor(options: LocalCloudWatchLogsOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.now = options.now ?? Date.now;
    this.context = { store: this.store, now: this.now, region: this.region, accountId: this.accountId };
    this.dispatcher = new RequestDispatcher({
      context: this.context,
      faults: this.faults,
      maxRequestBytes: options.maxRequestBytes ?? MAX_REQUEST_BODY_BYTES,
      keepAlive: options.keepAlive ?? false,
      onRecord: () => {
        for (const listener of [...this.requestListeners]) listener();
      },
    });
    this.http = new HttpListener(this.dispatcher.listener);
  }

  /** Starts a server listening on `host:port` (127.0.0.1 and a free port by default). */
  static async start(options: LocalCloudWatchLogsOptions = {}): Promise<LocalCloudWatchLogs> {
    const { port = 0, maxRequestBytes } = options;
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new TypeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
    }
    if (maxRequestBytes !== undefined && !(Number.isInteger(maxRequestBytes) && maxRequestBytes > 0)) {
      throw new TypeError(`maxRequestBytes must be a positive integer, got ${String(maxRequestBytes)}`);
    }
    const server = new LocalCloudWatchLogs(options);
    server.boundPort = await server.http.listen(port, server.host);
    return server;
  }

  /** The port bound at start; `restart()` listens on it again. */
  get port(): number {
    return this.boundPort;
  }

  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  get endpoint(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.boundPort}`;
  }

  get listening(): boolean {
    return this.http.listening;
  }

  /** Settings for `new CloudWatchLogsClient(...)`: endpoint, region, dummy credentials. */
  clientConfig(overrides: { readonly maxAttempts?: number } = {}): LocalCloudWatchClientConfig {
    return {
      endpoint: this.endpoint,
      region: this.region,
      credentials: { accessKeyId: 'AKIDLOCALCLOUDWATCH', secretAccessKey: 'local-cloudwatch-logs-secret' },
      ...(overrides.maxAttempts === undefined ? {} : { maxAttempts: overrides.maxAttempts }),
    };
  }

  /** Closes the port (connections are refused) and cuts open and hanging connections; data stays. */
  async stop(): Promise<void> {
    this.dispatcher.abandonPending();
    await this.http.close();
  }

  /** Listens again on the same port after `stop()`. */
  async restart(): Promise<void> {
    if (this.closed) throw new Error('the local CloudWatch Logs server was closed; start a new one');
    if (this.http.listening) return;
    await this.http.listen(this.boundPort, this.host);
  }

  /** Final shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  // --- What the server holds -------------------------------------------------------------

  /** Log group names, sorted. */
  groups(): string[] {
    return this.store.groups().map((group) => group.name);
  }

  /** Stream names of a group, sorted; empty when the group does not exist. */
  streams(group: string): string[] {
    return [...(this.store.group(group)?.streams.keys() ?? [])].sort();
  }

  /** Stored events of a stream, or of every stream of the group merged, in time order. */
  events(group: string, stream?: string): StoredLogEvent[] {
    return this.store.records(group, stream).map((record) => record.event);
  }

  messages(group: string, stream?: string): string[] {
    return this.events(group, stream).map((event) => event.message);
  }

  retentionInDays(group: string): number | undefined {
    return this.store.group(group)?.retentionInDays;
  }

  /** Creates a group unless it exists (names are validated as by CreateLogGroup). */
  createGroup(group: string, options: { readonly retentionInDays?: number } = {}): void {
    this.runIgnoringExisting('CreateLogGroup', { logGroupName: group });
    if (options.retentionInDays !== undefined) {
      this.run('PutRetentionPolicy', { logGroupName: group, retentionInDays: options.retentionInDays });
    }
  }

  /** Creates a stream (and its group) unless it exists. */
  createStream(group: string, stream: string): void {
    this.runIgnoringExisting('CreateLogGroup', { logGroupName: group });
    this.runIgnoringExisting('CreateLogStream', { logGroupName: group, logStreamName: stream });
  }

  /** Deletes a stream behind the client's back; returns false if it did not exist. */
  deleteStream(group: string, stream: string): boolean {
    return this.store.deleteStream(group, stream);
  }

  /** Deletes a group and its streams behind the client's back; returns false if it did not exist. */
  deleteGroup(group: string): boolean {
    return this.store.deleteGroup(group);
  }

  // --- What the server received ----------------------------------------------------------

  /** Number of requests received for an operation (every operation when omitted), faulted or not. */
  calls(operation?: CloudWatchOperation): number {
    return this.dispatcher.calls(operation);
  }

  /** Requests received, in arrival order, optionally for one operation. */
  requests(operation?: CloudWatchOperation): readonly RecordedCloudWatchRequest[] {
    const all = this.dispatcher.requests;
    return operation === undefined ? [...all] : all.filter((request) => request.operation === operation);
  }

  /** Forgets all groups, streams, events, requests and faults; the listener is left as it is. */
  reset(): void {
    this.store.clear();
    this.dispatcher.clearLog();
    this.faults.clear();
  }

  /** Resolves with the events once the group (or one stream) holds at least `count` of them. */
  waitForEvents(group: string, count: number, options: CloudWatchWaitForEventsOptions = {}): Promise<StoredLogEvent[]> {
    const { stream, timeoutMs = DEFAULT_WAIT_MS } = options;
    const where = stream === undefined ? `log group ${group}` : `log stream ${group}/${stream}`;
    return waitUntil(
      () => (this.store.count(group, stream) >= count ? this.events(group, stream) : undefined),
      (listener) => this.store.onChange(listener),
      timeoutMs,
      () =>
        `timed out after ${timeoutMs} ms waiting for ${count} events in ${where}: ${this.events(group, stream).length} stored`,
    );
  }

  /** Resolves with the requests once at least `count` calls of `operation` arrived. */
  waitForCalls(
    operation: CloudWatchOperation,
    count: number,
    options: CloudWatchWaitOptions = {},
  ): Promise<RecordedCloudWatchRequest[]> {
    const { timeoutMs = DEFAULT_WAIT_MS } = options;
    return waitUntil(
      () => (this.calls(operation) >= count ? [...this.requests(operation)] : undefined),
      (listener) => {
        this.requestListeners.add(listener);
        return () => this.requestListeners.delete(listener);
      },
      timeoutMs,
      () =>
        `timed out after ${timeoutMs} ms waiting for ${count} ${operation} calls: ${this.calls(operation)} received`,
    );
  }

  // --- Faults (scoped to PutLogEvents unless `operation` says otherwise) --------------------

  /** ThrottlingException (HTTP 400, "Rate exceeded"), which the SDK retries as throttling. */
  throttle(scope: CloudWatchFaultScope = {}): this {
    this.faults.add(scope, throttlingAnswer());
    return this;
  }

  /** ServiceUnavailableException with HTTP 503. */
  unavailable(scope: CloudWatchFaultScope = {}): this {
    this.faults.add(scope, unavailableAnswer());
    return this;
  }

  /** A bare 5xx status with an empty body (500 by default). */
  serverError(scope: CloudWatchServerErrorFault = {}): this {
    this.faults.add(scope, bareStatusAnswer(scope.status ?? 500));
    return this;
  }

  /** ExpiredTokenException (default), UnrecognizedClientException or AccessDeniedException, HTTP 400. */
  rejectCredentials(scope: CloudWatchCredentialsFault = {}): this {
    this.faults.add(scope, credentialsAnswer(scope.type ?? 'ExpiredTokenException'));
    return this;
  }

  /** Reads the request and never answers it, or answers it only after `delayMs`. */
  hang(scope: CloudWatchHangFault = {}): this {
    this.faults.add(scope, scope.delayMs === undefined ? { kind: 'hang' } : { kind: 'delay', delayMs: scope.delayMs });
    return this;
  }

  /** Any error answer: `{ type: 'InvalidParameterException', message, status }`. */
  failWith(fault: CloudWatchErrorFault): this {
    this.faults.add(fault, errorAnswer(fault.type, fault.message, fault.status ?? 400));
    return this;
  }

  /** Disarms every fault not yet used. */
  clearFaults(): this {
    this.faults.clear();
    return this;
  }

  /** Number of faults still armed. */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  private run(operation: CloudWatchOperation, input: Record<string, unknown>): void {
    OPERATION_HANDLERS[operation](input, this.context);
  }

  private runIgnoringExisting(operation: CloudWatchOperation, input: Record<string, unknown>): void {
    try {
      this.run(operation, input);
    } catch (error) {
      if (!(error instanceof CloudWatchServiceError && error.type === 'ResourceAlreadyExistsException')) throw error;
    }
  }
}
