// The CLI side of --init: the two questions it may ask (only in interactive
// runs; each has a flag), and the lines a user reads last.
import { ask } from '../cli/create-prompts.js';
import { runScriptCommand, type PackageManager } from '../scaffold/package-manager.js';
import { initProject } from './index.js';
import { describePair, type HotPair, type PairChoice } from './metadata.js';

export interface InitFlags {
  choice: PairChoice;
  yes: boolean;
  dryRun: boolean;
  interactive: boolean;
  install: boolean;
  build: boolean;
  packageManager: PackageManager;
  runtimeSpec: string;
}

export async function runInit(dir: string, flags: InitFlags): Promise<number> {
  const { outcome } = await initProject({
    dir,
    choice: flags.choice,
    yes: flags.yes,
    dryRun: flags.dryRun,
    askPair: flags.interactive ? askPair : undefined,
    confirm: flags.interactive ? confirm : undefined,
    packageManager: flags.packageManager,
    runtimeSpec: flags.runtimeSpec,
    install: flags.install,
    build: flags.build,
    log: (line) => console.log(line),
  });
  if (outcome === 'applied') {
    const run = runScriptCommand(flags.packageManager);
    console.log('\nDone. Next:\n');
    if (!flags.install) console.log(`  ${flags.packageManager} install`);
    console.log(`  ${run} dev          # the TypeScript host (host/main.ts); edit the lib while it runs`);
    console.log(`  ${run} dev:rust     # your own bin, built with --features reload\n`);
  }
  return 0;
}

async function askPair(pairs: readonly HotPair[]): Promise<HotPair> {
  const { index } = await ask<{ index?: number }>({
    type: 'select',
    name: 'index',
    message: 'Which crate should hot-reload?',
    choices: pairs.map((pair, i) => ({ title: describePair(pair), value: i })),
    initial: 0,
  });
  return pairs[index ?? 0]!;
}

async function confirm(question: string): Promise<boolean> {
  const { apply } = await ask<{ apply?: boolean }>({
    type: 'select',
    name: 'apply',
    message: question,
    choices: [
      { title: 'Cancel', value: false, description: 'write nothing' },
      { title: 'Apply', value: true, description: 'write the changes shown above' },
    ],
    initial: 0,
  });
  return apply === true;
}
