import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { errorName } from './classify.js';
import type { CloudWatchCounters, Operation } from './counters.js';
import type { ResolvedOptions } from './options.js';

/** A set-up call failed: retried with the batch, never a reason to split or drop the batch. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
  constructor(
    readonly operation: Operation,
    override readonly cause: unknown,
  ) {
    super(
      `${operation} failed: ${errorName(cause) || 'Error'}: ${(cause as { message?: unknown })?.message ?? cause}`,
      {
        cause,
      },
    );
  }
}

type Outcome = 'created' | 'existed' | 'denied';

/**
 * Makes sure the log group (with its retention) and the stream exist before the first
 * PutLogEvents, with one call each, never DescribeLogStreams: "already exists" counts as
 * success. Done once; done again only after a put found the group or stream gone
 * (`invalidate()`). A missing permission to create the group or set its retention is reported
 * once and skipped: roles often may only write to a group made by the infrastructure.
 */
export class LogResources {
  #ready = false;
  #everReady = false;
  #retentionSet = false;
  #pending: Promise<void> | undefined;
  readonly #deniedReported = new Set<Operation>();

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: ResolvedOptions,
    private readonly counters: CloudWatchCounters,
  ) {}

  /** Resolves once the resources are known to exist; rejects with a {@link SetupError} (retried with the batch). */
  ensure(signal: AbortSignal): Promise<void> {
    if (this.#ready) return Promise.resolve();
    this.#pending ??= this.#setUp(signal).then(
      () => {
        this.#ready = true;
        this.#everReady = true;
        this.#pending = undefined;
      },
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }

  /** A put answered ResourceNotFoundException: set up again before the next one. */
  invalidate(): void {
    this.#ready = false;
  }

  async #setUp(signal: AbortSignal): Promise<void> {
    const { logGroupName, logStreamName, createLogGroup, createLogStream, retentionInDays, logGroupClass } =
      this.options;
    if (this.#everReady) this.counters.recreated++;
    let groupCreated = false;
    if (createLogGroup) {
      const command = new CreateLogGroupCommand({
        logGroupName,
        ...(logGroupClass === undefined ? {} : { logGroupClass }),
      });
      groupCreated = (await this.#call('CreateLogGroup', command, signal)) === 'created';
    }
    // Retention once, and again only on a group we had to create anew.
    if (retentionInDays !== undefined && (!this.#retentionSet || groupCreated)) {
      await this.#call('PutRetentionPolicy', new PutRetentionPolicyCommand({ logGroupName, retentionInDays }), signal);
      this.#retentionSet = true;
    }
    if (createLogStream) {
      await this.#call('CreateLogStream', new CreateLogStreamCommand({ logGroupName, logStreamName }), signal);
    }
  }

  async #call(
    operation: Operation,
    command: CreateLogGroupCommand | CreateLogStreamCommand | PutRetentionPolicyCommand,
    signal: AbortSignal,
  ): Promise<Outcome> {
    try {
      // One overload per command type; the union needs this cast.
      const output = await (this.client.send as (c: typeof command, o: object) => Promise<unknown>)(command, {
        abortSignal: signal,
      });
      this.counters.countCall(operation, output);
      return 'created';
    } catch (error) {
      this.counters.countCall(operation, error);
      const name = errorName(error);
      if (name === 'ResourceAlreadyExistsException') return 'existed';
      if ((name === 'AccessDeniedException' || name === 'AccessDenied') && operation !== 'CreateLogStream') {
        this.#reportDenied(operation, error);
        return 'denied';
      }
      throw new SetupError(operation, error);
    }
  }

  #reportDenied(operation: Operation, error: unknown): void {
    if (this.#deniedReported.has(operation)) return;
    this.#deniedReported.add(operation);
    const what =
      operation === 'CreateLogGroup'
        ? 'assuming the log group exists (set createLogGroup: false to skip this call)'
        : 'leaving the retention as it is (grant logs:PutRetentionPolicy, or drop retentionInDays)';
    this.counters.report('access_denied', `${operation} was denied, ${what}`, error, false);
  }
}
