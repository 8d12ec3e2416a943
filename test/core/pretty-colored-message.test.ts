// pretty() and a message that carries its own colours (COLORED_MESSAGE, set by the request
// engine for morgan's `dev` format): printed only when colours are on, and only when its sole
// control characters are colour codes; JSON formats never see it.
import { COLORED_MESSAGE, json, pretty } from '@cloudlog/core';
import { expect } from 'chai';
import { capture } from '../support/capture.js';

const COLORED = '\x1b[0mGET / \x1b[32m200\x1b[0m 1.234 ms - 2\x1b[0m';

describe('core: pretty() and COLORED_MESSAGE', () => {
  it('prints the coloured message when its colours are on, the plain one otherwise', () => {
    // Prepare
    const on = capture({ format: pretty({ colors: true }) });
    const off = capture({ format: pretty({ colors: false }) });
    // Act
    for (const { logger } of [on, off]) logger.info({ [COLORED_MESSAGE]: COLORED }, 'GET / 200 1.234 ms - 2');
    // Assess
    expect(on.lines[0]).to.include(` ${COLORED}\n`);
    expect(off.lines[0]).to.match(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/ 200 1\.234 ms - 2\n$/);
  });

  it('refuses a coloured message with any other control character: the escaped plain message is printed', () => {
    const { logger, lines } = capture({ format: pretty({ colors: true }) });
    logger.info({ [COLORED_MESSAGE]: `${COLORED}\n\x1b]0;title\x07` }, 'plain');
    expect(lines[0]).to.match(/ plain\n$/);
    expect(lines[0]).not.to.include('\x07');
  });

  it('is not serialized by json()', () => {
    const { logger, lines } = capture({ format: json() });
    logger.info({ [COLORED_MESSAGE]: COLORED, a: 1 }, 'plain');
    expect(JSON.parse(lines[0] as string)).to.include({ msg: 'plain', a: 1 });
    expect(lines[0]).not.to.include('\\u001b');
  });
});
