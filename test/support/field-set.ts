// The access line's whole field set, the same for every framework adapter: each adapter's test
// serves GET /users/:id (its handler logs 'loading user' from the request logger and answers
// JSON), trusting the loopback proxy, and hands the server here.
import type { Server } from 'node:http';
import {
  type CapturedRecord,
  createLogger,
  type HttpAccess,
  httpAccessOf,
  type Logger,
  type MemoryTransport,
  memory,
  type TraceContext,
} from '@cloudlog/core';
import { expect } from 'chai';
import request from 'supertest';
import { accessLineFor } from './http-server.js';

export interface FieldSetLogger {
  readonly logger: Logger;
  readonly mem: MemoryTransport;
  /** What a transport sees beside the line: the access facts and the request's trace context. */
  readonly facts: { access?: HttpAccess; trace?: TraceContext }[];
}

/** A logger at trace level writing to memory and recording the access facts of each record. */
export function fieldSetLogger(): FieldSetLogger {
  const mem = memory();
  const facts: FieldSetLogger['facts'] = [];
  const logger = createLogger({
    level: 'trace',
    transports: [mem, { write: (r) => facts.push({ access: httpAccessOf(r), trace: r.context?.trace }) }],
  });
  return { logger, mem, facts };
}

/** Sends GET /users/42 with a query, a user agent, a forwarded client and a trace header; checks every field. */
export async function expectFullFieldSet(server: Server, { mem, facts }: FieldSetLogger): Promise<CapturedRecord> {
  // Act
  const res = await request(server)
    .get('/users/42?token=secret')
    .set('user-agent', 'agent/2.0')
    .set('x-forwarded-for', '198.51.100.4')
    .set('x-cloud-trace-context', '105445aa7843bc8bf206b12000100000/1;o=1');
  const line = await accessLineFor(mem, '/users/42');
  // Assess
  expect(res.status).to.equal(200);
  expect(line).to.include({
    level: 'info',
    method: 'GET',
    path: '/users/42',
    route: '/users/:id',
    status: 200,
    outcome: 'completed',
    remoteIp: '198.51.100.4',
    userAgent: 'agent/2.0',
    requestId: res.headers['x-request-id'],
    traceId: '105445aa7843bc8bf206b12000100000',
    spanId: '0000000000000001',
    traceSampled: true,
  });
  expect(line.msg).to.match(/^GET \/users\/:id 200 [\d.]+ms$/);
  expect(line.durationMs).to.be.a('number').greaterThan(0);
  expect(line.ttfbMs)
    .to.be.a('number')
    .at.most(line.durationMs as number);
  expect(line.bytesOut).to.be.greaterThan(Number(res.headers['content-length']));
  expect(JSON.stringify(mem.records)).not.to.include('secret');
  const handlerLine = mem.records.find((r) => r.msg === 'loading user');
  expect(handlerLine).to.include({
    requestId: line.requestId,
    method: 'GET',
    path: '/users/42',
    traceId: line.traceId,
  });
  const fact = facts.find((f) => f.access !== undefined);
  expect(fact?.access).to.include({ route: '/users/:id', status: 200, url: '/users/42', remoteIp: '198.51.100.4' });
  expect(fact?.trace).to.deep.equal({
    traceId: '105445aa7843bc8bf206b12000100000',
    spanId: '0000000000000001',
    sampled: true,
  });
  return line;
}
