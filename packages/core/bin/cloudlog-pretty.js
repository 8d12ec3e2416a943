#!/usr/bin/env node
// cloudlog-pretty: `node app.js | npx cloudlog-pretty` (see `cloudlog-pretty --help`).
import { runPrettyCommand } from '../dist/esm/cli/pretty-command.js';

process.exitCode = await runPrettyCommand(process.argv.slice(2));
