// Where api-mode entries go: the Logging client, the project and the monitored resource,
// resolved once, off the write path. Explicit options win; otherwise the client's own
// detection (Application Default Credentials for the project, the environment and metadata
// server for the resource). A failed resolution is retried with the next send.
import type { Log, Logging } from '@google-cloud/logging';
import type { LoggingClientOptions } from './options.js';
import { lengthField, utf8Bytes } from './wire-size.js';

/** A monitored resource, e.g. `{ type: 'cloud_run_revision', labels: { service_name: 'api', ... } }`. */
export interface MonitoredResource {
  readonly type: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Target {
  readonly log: Log;
  readonly projectId: string;
  readonly resource: { type: string; labels: Record<string, string> };
  /** Full name of the request log, LOG_ID URL-encoded, for the `logName` of access entries. */
  readonly requestLogName: string;
  /** Bytes each entry inherits from the request's `resource` and `labels` (the service counts them per entry). */
  readonly inheritedBytes: number;
  /** Bytes an entry without a `logName` of its own inherits from the request's `logName`. */
  readonly logNameBytes: number;
}

export interface TargetOptions {
  readonly logging: Logging | undefined;
  readonly clientOptions: LoggingClientOptions | undefined;
  readonly projectId: string | undefined;
  readonly resource: MonitoredResource | undefined;
  readonly logName: string;
  readonly requestLogName: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
}

/** What `Logging.projectId` holds until the project is known. */
const PROJECT_PLACEHOLDER = '{{projectId}}';

/** Thrown (and retried) when the project or resource cannot be resolved. */
export class TargetResolutionError extends Error {
  override readonly name = 'TargetResolutionError';
}

export class TargetResolver {
  readonly #options: TargetOptions;
  #logging: Logging | undefined;
  /** True when we created the client: then close() releases it. */
  readonly #owned: boolean;
  #pending: Promise<Target> | undefined;
  #closed = false;

  constructor(options: TargetOptions) {
    this.#options = options;
    this.#logging = options.logging;
    this.#owned = options.logging === undefined;
  }

  /** The target, resolving it on first use or after a failure. */
  get(): Promise<Target> {
    if (this.#pending === undefined) {
      const pending = this.#resolve();
      this.#pending = pending;
      // A failed resolution is forgotten, so that the next send tries again.
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  /** Releases the gRPC channel of a client we created; a caller's client is left open. */
  async close(): Promise<void> {
    this.#closed = true;
    if (!this.#owned) return;
    await this.#pending?.catch(() => undefined);
    const service = this.#logging?.loggingService as unknown as { close?: () => Promise<void> } | undefined;
    await service?.close?.();
  }

  async #resolve(): Promise<Target> {
    const logging = await this.#client();
    const options = this.#options;
    let projectId = options.projectId;
    if (projectId === undefined && logging.projectId !== PROJECT_PLACEHOLDER) projectId = logging.projectId;
    if (projectId === undefined) {
      try {
        projectId = await logging.auth.getProjectId();
      } catch (error) {
        throw new TargetResolutionError(`cannot find the project id; set projectId or GOOGLE_CLOUD_PROJECT`, {
          cause: error,
        });
      }
    }
    // Log.write looks the project up again unless the client knows it.
    if (logging.projectId === PROJECT_PLACEHOLDER) logging.projectId = projectId;
    const resource = options.resource ?? (await detectResource(logging));
    const copy = { type: resource.type, labels: { ...(resource.labels ?? {}) } };
    const log = logging.log(options.logName);
    const requestLogName = `projects/${projectId}/logs/${encodeURIComponent(options.requestLogName)}`;
    const mainLogName = `projects/${projectId}/logs/${encodeURIComponent(options.logName)}`;
    return {
      log,
      projectId,
      resource: copy,
      requestLogName,
      inheritedBytes: resourceBytes(copy) + mapBytes(options.labels),
      logNameBytes: lengthField(utf8Bytes(mainLogName)),
    };
  }

  async #client(): Promise<Logging> {
    if (this.#logging !== undefined) return this.#logging;
    if (this.#closed) throw new TargetResolutionError('the transport is closed');
    // Loaded on first use: stdout mode, and processes that never log, never pay for google-gax.
    const module = (await import('@google-cloud/logging')) as unknown as {
      Logging?: typeof Logging;
      default?: { Logging?: typeof Logging };
    };
    const LoggingClass = module.Logging ?? module.default?.Logging;
    if (LoggingClass === undefined) throw new TargetResolutionError('@google-cloud/logging has no Logging export');
    const { clientOptions, projectId } = this.#options;
    this.#logging ??= new LoggingClass({ ...clientOptions, ...(projectId === undefined ? {} : { projectId }) });
    return this.#logging;
  }
}

async function detectResource(logging: Logging): Promise<MonitoredResource> {
  try {
    await logging.setDetectedResource();
  } catch (error) {
    throw new TargetResolutionError('cannot detect the monitored resource; set resource', { cause: error });
  }
  const detected = logging.detectedResource as MonitoredResource | undefined;
  return detected !== undefined && typeof detected.type === 'string' ? detected : { type: 'global' };
}

/** Encoded size of a MonitoredResource as a request field: type, then the labels map. */
function resourceBytes(resource: { type: string; labels: Record<string, string> }): number {
  return lengthField(lengthField(utf8Bytes(resource.type)) + mapBytes(resource.labels));
}

/** Encoded size of a `map<string, string>` field's entries. */
function mapBytes(map: Readonly<Record<string, string>> | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(map ?? {})) {
    size += lengthField(lengthField(utf8Bytes(key)) + lengthField(utf8Bytes(value)));
  }
  return size;
}
