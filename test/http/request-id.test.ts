import { generateRequestId, requestIdFrom } from '@cloudlog/http';
import { expect } from 'chai';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('http: request ids', () => {
  it('generated ids are version 4 UUIDs, distinct across refills of the entropy pool', () => {
    // 256 ids per refill: 2,000 ids cross several refills.
    const ids = Array.from({ length: 2_000 }, () => generateRequestId());
    for (const id of ids) expect(id).to.match(UUID_V4);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('generated ids spread over every hex digit in every random position', () => {
    const ids = Array.from({ length: 4_000 }, () => generateRequestId());
    for (let position = 0; position < 36; position++) {
      if ([8, 13, 14, 18, 19, 23].includes(position)) continue; // dashes, version, variant
      const digits = new Set(ids.map((id) => id[position]));
      expect(digits.size, `position ${position}`).to.equal(16);
    }
    expect(new Set(ids.map((id) => id[19]))).to.have.keys('8', '9', 'a', 'b');
  });

  it('a generated id is a valid incoming id, so it survives a hop to the next service', () => {
    const id = generateRequestId();
    expect(requestIdFrom(id)).to.equal(id);
  });
});
