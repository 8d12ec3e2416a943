// The scripted mix of real HTTP requests the demo sends to each app, and what each one is for.
import { request } from 'node:http';
import type { AppName } from './protocol.js';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
export const CLOUD_TRACE_ID = '105445aa7843bc8bf206b12000100000';
/** `x-cloud-trace-context` carries the span id in decimal; Cloud Logging wants 16 hex digits. */
export const CLOUD_SPAN_DECIMAL = '1234567890123456789';
export const CLOUD_SPAN_HEX = BigInt(CLOUD_SPAN_DECIMAL).toString(16).padStart(16, '0');

export interface Scenario {
  /** What the request shows, as the summary prints it. */
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The client closes the connection as soon as the first bytes of the response arrive. */
  readonly abort?: boolean;
}

export function scenariosFor(app: AppName): Scenario[] {
  return [
    {
      label: 'a normal request, with traceparent',
      method: 'GET',
      path: '/users/1',
      headers: { traceparent: TRACEPARENT },
    },
    { label: 'a 404', method: 'GET', path: '/no-such-page' },
    { label: 'a thrown error', method: 'GET', path: '/boom' },
    { label: 'a client that aborts mid-response', method: 'GET', path: '/stream', abort: true },
    { label: 'a slow request', method: 'GET', path: '/slow' },
    app === 'express'
      ? { label: 'a route at debug (routeLevel)', method: 'POST', path: '/payments', body: { amount: 1250 } }
      : {
          label: 'a route at debug (routeLevel)',
          method: 'GET',
          path: '/payments',
          headers: { authorization: 'Bearer bob' },
        },
    { label: 'a health check, access log off', method: 'GET', path: '/health' },
    {
      label: 'userId added after auth (assign)',
      method: 'GET',
      path: '/me',
      headers: { authorization: 'Bearer alice' },
    },
    {
      label: 'x-cloud-trace-context (decimal span id)',
      method: 'GET',
      path: '/users/2',
      headers: { 'x-cloud-trace-context': `${CLOUD_TRACE_ID}/${CLOUD_SPAN_DECIMAL};o=1` },
    },
  ];
}

export interface Sent {
  readonly scenario: Scenario;
  /** Status received, or undefined when the client aborted. */
  readonly status: number | undefined;
  /** The x-request-id the app echoed. */
  readonly requestId: string | undefined;
}

/** Sends one scenario's request to 127.0.0.1:port and waits for its response (or aborts it). */
export function send(port: number, scenario: Scenario): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const body = scenario.body === undefined ? undefined : JSON.stringify(scenario.body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: scenario.method,
        path: scenario.path,
        headers: {
          ...scenario.headers,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const requestId = res.headers['x-request-id'] as string | undefined;
        if (scenario.abort === true) {
          res.once('data', () => {
            req.destroy();
            resolve({ scenario, status: undefined, requestId });
          });
          return;
        }
        res.resume();
        res.on('end', () => resolve({ scenario, status: res.statusCode, requestId }));
      },
    );
    req.on('error', (error) => {
      if (scenario.abort !== true) reject(error);
    });
    req.end(body);
  });
}
