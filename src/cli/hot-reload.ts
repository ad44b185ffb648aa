#!/usr/bin/env node
// The `hot-reload` bin. Kept tiny on purpose: `--version` needs nothing else, and the compile cache must be
// on before the command's code loads.
import { enableCompileCache } from './compile-cache.js';
import { printVersionIfAsked } from './version-flag.js';

if (!printVersionIfAsked(process.argv.slice(2))) {
  enableCompileCache();
  await import('./hot-reload-command.js');
}
