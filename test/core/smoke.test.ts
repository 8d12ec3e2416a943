import * as core from '@cloudlog/core';
import { expect } from 'chai';

describe('smoke', () => {
  it('imports @cloudlog/core', () => {
    expect(core).to.be.an('object');
  });
});
