#!/usr/bin/env node
// cargo's RUSTC_WORKSPACE_WRAPPER while `hot-reload dev` builds through cargo: cargo runs this file as
// `capture-rustc <rustc> <args...>` for each workspace member. For the crate named in HOT_RELOAD_CAPTURE_CRATE
// it records rustc, the arguments, the working directory and the environment that cargo chose into
// HOT_RELOAD_CAPTURE_FILE (temp file + rename); then it runs rustc unchanged, passing on the jobserver's file
// descriptors, and exits as rustc did. Kept free of imports from the package: it starts on every rustc run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [rustc, ...args] = process.argv.slice(2);
if (!rustc) {
  process.stderr.write('capture-rustc: run by cargo as RUSTC_WORKSPACE_WRAPPER, with rustc and its arguments\n');
  process.exit(2);
}
const crate = process.env.HOT_RELOAD_CAPTURE_CRATE;
const file = process.env.HOT_RELOAD_CAPTURE_FILE;
const crateName = args[args.indexOf('--crate-name') + 1];
if (crate && file && args.includes('--crate-name') && crateName === crate) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ rustc, args, cwd: process.cwd(), env: process.env }));
  fs.renameSync(tmp, file);
}
// cargo hands rustc its jobserver as inherited descriptors (`--jobserver-auth=R,W` in CARGO_MAKEFLAGS).
const fds = /--jobserver-(?:auth|fds)=(\d+),(\d+)/.exec(process.env.CARGO_MAKEFLAGS ?? '');
const stdio: (number | 'inherit' | 'ignore')[] = ['inherit', 'inherit', 'inherit'];
for (const fd of fds ? [Number(fds[1]), Number(fds[2])] : []) stdio[fd] = fd;
for (let i = 0; i < stdio.length; i++) stdio[i] ??= 'ignore';
const result = spawnSync(rustc, args, { stdio });
if (result.error) {
  process.stderr.write(`capture-rustc: cannot run ${rustc}: ${result.error.message}\n`);
  process.exit(1);
}
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
