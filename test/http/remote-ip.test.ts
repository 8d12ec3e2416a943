import { compileTrustProxy, remoteIpFrom } from '@cloudlog/http';
import { expect } from 'chai';

describe('http: client address behind proxies (plain node:http)', () => {
  const xff = '203.0.113.9, 10.0.0.2, 10.0.0.1';

  it('without trust, the client is the socket peer', () => {
    expect(remoteIpFrom('10.0.0.1', xff, compileTrustProxy(false))).to.equal('10.0.0.1');
    expect(remoteIpFrom('10.0.0.1', xff, compileTrustProxy(undefined))).to.equal('10.0.0.1');
    expect(remoteIpFrom('10.0.0.1', xff, compileTrustProxy(0))).to.equal('10.0.0.1');
  });

  it('true trusts every hop; a count trusts that many hops nearest the server', () => {
    expect(remoteIpFrom('10.0.0.1', xff, compileTrustProxy(true))).to.equal('203.0.113.9');
    expect(remoteIpFrom('10.0.0.1', xff, compileTrustProxy(1))).to.equal('10.0.0.1');
    expect(remoteIpFrom('10.0.0.9', xff, compileTrustProxy(2))).to.equal('10.0.0.2');
  });

  it('subnets and names: walks right to left while hops are trusted', () => {
    const trust = compileTrustProxy(['uniquelocal']);
    expect(remoteIpFrom('10.0.0.9', xff, trust)).to.equal('203.0.113.9');
    expect(remoteIpFrom('::ffff:10.0.0.9', xff, trust)).to.equal('203.0.113.9');
    expect(remoteIpFrom('198.51.100.1', xff, trust)).to.equal('198.51.100.1');
    expect(remoteIpFrom('127.0.0.1', '203.0.113.9', compileTrustProxy('loopback, 10.0.0.0/8'))).to.equal('203.0.113.9');
    expect(remoteIpFrom('::1', '2001:db8::1', compileTrustProxy('::1/128'))).to.equal('2001:db8::1');
  });

  it('a forged, non-address entry stops the walk at the proxy that sent it', () => {
    const trust = compileTrustProxy(true);
    expect(remoteIpFrom('10.0.0.1', '203.0.113.9, <script>, 10.0.0.2', trust)).to.equal('10.0.0.2');
    expect(remoteIpFrom('10.0.0.1', 'unknown', trust)).to.equal('10.0.0.1');
  });

  it('a function decides per address and hop', () => {
    const trust = compileTrustProxy((address, hop) => hop === 0 && address === '10.0.0.1');
    expect(remoteIpFrom('10.0.0.1', xff, trust)).to.equal('10.0.0.1');
    expect(remoteIpFrom('10.0.0.1', '198.51.100.7', trust)).to.equal('198.51.100.7');
  });
});
