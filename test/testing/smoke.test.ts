import * as testing from '@cloudlog/testing';
import { expect } from 'chai';

describe('smoke testing', () => {
  it('imports @cloudlog/testing', () => {
    expect(testing).to.be.an('object');
  });
});
