// `hot-reload`: the dev tool that generated projects call from their npm scripts.
// This file only parses arguments; each command lives in its own module.
import { Command } from 'commander';
import { ownVersion } from '../own-package.js';
import { runMain } from './run-main.js';
import { VERSION_FLAGS } from './version-flag.js';

const program = new Command('hot-reload')
  .description('Develop a Rust lib that hot-reloads into a running host')
  .version(ownVersion(), VERSION_FLAGS)
  .showHelpAfterError('(run hot-reload --help for usage)');

program
  .command('gen')
  .description('regenerate host/lib.generated.ts and src/hot_lib.rs from lib/src/**/*.rs')
  .option('--strict', 'exit non-zero when a function or type had to be left out')
  .option('--check', 'change nothing; exit non-zero when the generated files are out of date')
  .action((options: { strict?: boolean; check?: boolean }) =>
    runMain(async () => (await import('../bindings/generate.js')).runGen(options)),
  );

program
  .command('dev')
  .description('build the lib, start the host, and hot-reload the lib on every save')
  .option('--host <host>', 'ts (host/main.ts) or rust (the bin with --features reload)', 'ts')
  // Anything else goes to the host: `npm run dev -- --port 8080` reaches the game's host/main.ts.
  .argument('[host-args...]', 'passed to the host, e.g. --port 8080')
  .allowUnknownOption()
  .action((hostArgs: string[], options: { host: string }) =>
    runMain(async () => (await import('../dev/index.js')).runDev(options, hostArgs)),
  );

program
  .command('start')
  .description('run the TypeScript host once against the last cargo build, without watching')
  .action(() => runMain(async () => (await import('../dev/start.js')).runStart()));

program
  .command('doctor')
  .description(
    'check what hot reloading needs (toolchain, koffi, crate-type, exports, bindings, .hot/, platform); exit 1 if something blocks it',
  )
  .action(() => runMain(async () => (await import('../doctor/index.js')).runDoctor()));

await program.parseAsync();
