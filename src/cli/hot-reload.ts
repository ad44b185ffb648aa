#!/usr/bin/env node
// The `hot-reload` bin. Kept tiny on purpose: the compile cache must be on before the command's code loads.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./hot-reload-command.js');
