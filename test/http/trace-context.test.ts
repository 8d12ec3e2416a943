import {
  parseAmznTraceId,
  parseCloudTraceContext,
  parseTraceparent,
  requestIdFrom,
  traceContextFrom,
} from '@cloudlog/http';
import { expect } from 'chai';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

describe('http: traceparent (W3C)', () => {
  it('reads trace id, parent span id and the sampled flag', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).to.deep.equal({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).to.deep.equal({ traceId: TRACE, spanId: SPAN, sampled: false });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled).to.equal(true);
  });

  it('accepts a future version with extra fields, parsed as version 00', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-what-the-future-holds`)).to.deep.equal({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01`)?.traceId).to.equal(TRACE);
  });

  it('drops malformed and hostile values', () => {
    const bad = [
      `00-${'0'.repeat(32)}-${SPAN}-01`, // all-zero trace id
      `00-${TRACE}-${'0'.repeat(16)}-01`, // all-zero span id
      `00-${TRACE.toUpperCase()}-${SPAN}-01`, // uppercase hex
      `00-${TRACE}-${SPAN.toUpperCase()}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`, // wrong lengths
      `00-${TRACE}-${SPAN}1-01`,
      `00-${TRACE}-${SPAN}-01-extra`, // version 00 must be exactly 55 characters
      `ff-${TRACE}-${SPAN}-01`, // forbidden version
      `0g-${TRACE}-${SPAN}-01`,
      `01-${TRACE}-${SPAN}-01x`, // future version: field after flags must follow a dash
      `00_${TRACE}_${SPAN}_01`,
      `00-${TRACE}-${SPAN}-0z`,
      `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`, // a repeated header, joined
      `00-${TRACE}-${SPAN}-01\r\nx: y`,
      `00-${TRACE}-${SPAN}-01${'-x'.repeat(300)}`,
      '',
      undefined,
    ];
    for (const value of bad) expect(parseTraceparent(value), String(value)).to.equal(undefined);
  });
});

describe('http: x-cloud-trace-context (Google)', () => {
  it('converts the decimal span id to 16 hex digits and reads o=1 as sampled', () => {
    // 13235353014750950193 is 0xb7ad6b7169203331
    expect(parseCloudTraceContext(`${TRACE}/13235353014750950193;o=1`)).to.deep.equal({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(parseCloudTraceContext(`${TRACE}/1;o=0`)).to.deep.equal({
      traceId: TRACE,
      spanId: '0000000000000001',
      sampled: false,
    });
    expect(parseCloudTraceContext(`${TRACE}/18446744073709551615`)).to.deep.equal({
      traceId: TRACE,
      spanId: 'ffffffffffffffff',
    });
  });

  it('accepts a trace id alone, a zero span id as none, and uppercase hex (kept lowercase)', () => {
    expect(parseCloudTraceContext(TRACE)).to.deep.equal({ traceId: TRACE });
    expect(parseCloudTraceContext(`${TRACE}/0;o=1`)).to.deep.equal({ traceId: TRACE, sampled: true });
    expect(parseCloudTraceContext(`${TRACE.toUpperCase()}/1`)?.traceId).to.equal(TRACE);
  });

  it('drops malformed and hostile values', () => {
    const bad = [
      `${TRACE}/18446744073709551616;o=1`, // uint64 overflow
      `${TRACE}/99999999999999999999`,
      `${TRACE}/123456789012345678901`, // 21 digits
      `${TRACE}/-1`,
      `${TRACE}/0x1f`,
      `${TRACE}/12;o=2`,
      `${'0'.repeat(32)}/1;o=1`,
      `${TRACE.slice(2)}/1`,
      `${TRACE}aa/1`,
      `${TRACE}/1;o=1;evil`,
      `${TRACE} /1`,
      '',
    ];
    for (const value of bad) expect(parseCloudTraceContext(value), value).to.equal(undefined);
  });
});

describe('http: x-amzn-trace-id (AWS X-Ray)', () => {
  it('joins the Root parts into a 32-digit trace id and reads Parent and Sampled', () => {
    expect(
      parseAmznTraceId('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'),
    ).to.deep.equal({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true });
    expect(
      parseAmznTraceId('Self=1-67891233-abcdef012345678912345678;Root=1-5759E988-BD862E3FE1BE46A994272793'),
    ).to.deep.equal({ traceId: '5759e988bd862e3fe1be46a994272793' });
    expect(parseAmznTraceId('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?')).to.deep.equal({
      traceId: '5759e988bd862e3fe1be46a994272793',
    });
  });

  it('drops malformed and hostile values', () => {
    const bad = [
      'Root=2-5759e988-bd862e3fe1be46a994272793',
      'Root=1-5759e98-bd862e3fe1be46a994272793',
      'Root=1-00000000-000000000000000000000000',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad',
      'Parent=53995c3f42cd8ad8;Sampled=1',
      'Root=1-5759e988-bd862e3fe1be46a994272793;garbage',
      '',
    ];
    for (const value of bad) expect(parseAmznTraceId(value), value).to.equal(undefined);
  });
});

describe('http: trace header precedence', () => {
  const traceparent = `00-${TRACE}-${SPAN}-01`;
  const cloud = `${'1'.repeat(32)}/1;o=1`;
  const amzn = `Root=1-22222222-${'2'.repeat(24)}`;

  it('prefers traceparent, then x-cloud-trace-context, then x-amzn-trace-id', () => {
    expect(
      traceContextFrom({ traceparent, 'x-cloud-trace-context': cloud, 'x-amzn-trace-id': amzn })?.traceId,
    ).to.equal(TRACE);
    expect(traceContextFrom({ 'x-cloud-trace-context': cloud, 'x-amzn-trace-id': amzn })?.traceId).to.equal(
      '1'.repeat(32),
    );
    expect(traceContextFrom({ 'x-amzn-trace-id': amzn })?.traceId).to.equal('2'.repeat(32));
    expect(traceContextFrom({})).to.equal(undefined);
  });

  it('falls through to the next header when a preferred one is invalid', () => {
    expect(traceContextFrom({ traceparent: 'garbage', 'x-cloud-trace-context': cloud })?.traceId).to.equal(
      '1'.repeat(32),
    );
    expect(
      traceContextFrom({ 'x-cloud-trace-context': `${TRACE}/99999999999999999999`, 'x-amzn-trace-id': amzn })?.traceId,
    ).to.equal('2'.repeat(32));
  });
});

describe('http: incoming request ids', () => {
  it('reuses a short, plain id', () => {
    for (const id of ['abc', 'req-42', 'a.b_c:d-e', 'A'.repeat(128), '0']) expect(requestIdFrom(id)).to.equal(id);
  });

  it('drops hostile ids: too long, CR/LF, quotes, spaces, unicode, repeated headers', () => {
    const bad = [
      'A'.repeat(129),
      'abc\r\nInjected: 1',
      'abc\n',
      'a"b',
      "a'b",
      'a b',
      'ñandú',
      'id\u2028',
      'ab, cd',
      '',
      undefined,
      ['a', 'b'],
      42,
    ];
    for (const value of bad) expect(requestIdFrom(value), JSON.stringify(value)).to.equal(undefined);
  });
});
