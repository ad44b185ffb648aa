#!/usr/bin/env node
// `create-hot-reload [directory] [options]` (what `npm create hot-reload` runs).
// This file parses flags and asks questions; everything it decides goes to
// createProject as typed options. One interactivity decision, as create-vite:
// --yes, or no TTY on stdin, means no prompts at all.
import { Command, Option } from 'commander';
import { ownVersion } from '../own-package.js';
import { UserError } from '../project.js';
import { cancelPendingProject, createProject } from '../scaffold/create.js';
import { deriveNames } from '../scaffold/names.js';
import { printNextSteps } from '../scaffold/next-steps.js';
import { detectPackageManager, isPackageManager, PACKAGE_MANAGERS } from '../scaffold/package-manager.js';
import { DEFAULT_TEMPLATE } from '../scaffold/templates.js';
import { listSome } from '../scaffold/format.js';
import { inspectTarget, type ExistingFilesPolicy } from '../scaffold/target-dir.js';
import { askDirectory, askExistingFiles, askTemplate, resolveTemplate } from './create-prompts.js';
import { runMain } from './run-main.js';

export const DEFAULT_DIRECTORY = 'hot-reload-app';

interface CliFlags {
  template?: string;
  yes?: boolean;
  overwrite?: boolean;
  install: boolean;
  build: boolean;
  git: boolean;
  pm?: string;
  runtime?: string;
  init?: boolean;
  lib?: string;
  bin?: string;
  dryRun?: boolean;
}

const program = new Command('create-hot-reload')
  .description('Create a Rust project whose lib hot-reloads into a running TypeScript or Rust host')
  .argument('[directory]', `where to create the project: a name, a path, or . (default: ${DEFAULT_DIRECTORY})`)
  .option('-t, --template <name>', `hello-world or game (default: ${DEFAULT_TEMPLATE})`)
  .option('-y, --yes', 'no prompts: use the flags and defaults')
  .option('--overwrite', 'write into a non-empty directory, replacing files the project also has (others and .git are kept)')
  .option('--no-install', 'do not install npm dependencies')
  .option('--no-build', 'do not run the initial cargo build and load check')
  .option('--no-git', 'do not initialize a git repository')
  .addOption(new Option('--pm <name>', 'package manager for install and next steps (default: the one that ran this)').choices(PACKAGE_MANAGERS))
  .option('--init', 'add hot reload to the existing Cargo project in [directory] (default: .)')
  .option('--lib <package>', 'with --init: the lib package to make hot')
  .option('--bin <package>', 'with --init: the bin package that calls it')
  .option('--dry-run', 'with --init: print the changes as a diff and write nothing')
  .option('--runtime <spec>', `dependency spec for create-hot-reload in package.json (default: ^${ownVersion()})`)
  .version(ownVersion(), '-V, --version')
  .showHelpAfterError('(run create-hot-reload --help for usage)')
  .action((directory: string | undefined, flags: CliFlags) => runMain(() => run(directory, flags)));

// Ctrl-C: remove a project that is still being staged, say so, exit non-zero.
process.on('SIGINT', () => {
  console.error(`\n${cancelPendingProject()}`);
  process.exit(130);
});

async function run(directoryArg: string | undefined, flags: CliFlags): Promise<number> {
  const interactive = !flags.yes && process.stdin.isTTY === true;
  const pm = flags.pm && isPackageManager(flags.pm) ? flags.pm : detectPackageManager();
  if (flags.init) {
    if (flags.template || flags.overwrite) {
      throw new UserError('--template and --overwrite make new projects; --init edits this one');
    }
    const { runInit } = await import('../init/cli.js');
    const runtimeSpec = flags.runtime ?? `^${ownVersion()}`;
    const choice = { lib: flags.lib, bin: flags.bin };
    const { yes = false, dryRun = false } = flags;
    const packageManager = pm;
    return runInit(directoryArg ?? '.', { ...flags, choice, yes, dryRun, interactive, packageManager, runtimeSpec });
  }
  if (flags.lib || flags.bin || flags.dryRun) throw new UserError('--lib, --bin and --dry-run go with --init');

  const targetDir = directoryArg ?? (interactive ? await askDirectory(DEFAULT_DIRECTORY) : DEFAULT_DIRECTORY);
  const { names, fixes } = deriveNames(targetDir);
  for (const fix of fixes) console.log(`· ${fix}`);

  const template = interactive
    ? await askTemplate(flags.template)
    : resolveTemplate(flags.template ?? DEFAULT_TEMPLATE);

  const targetState = inspectTarget(targetDir);
  let existingFiles: ExistingFilesPolicy = 'cancel';
  if (targetState.kind === 'non-empty') {
    if (flags.overwrite) existingFiles = 'overwrite';
    else if (interactive) existingFiles = await askExistingFiles(targetDir, targetState.entries);
    else {
      throw new UserError(
        `${targetDir} is not empty (${listSome(targetState.entries)}): choose an empty directory, or pass --overwrite to write into it`,
      );
    }
    if (existingFiles === 'cancel') throw new UserError('Cancelled: nothing was written');
  }

  const result = await createProject({
    targetDir,
    template,
    names,
    targetState,
    existingFiles,
    packageManager: pm,
    runtimeSpec: flags.runtime ?? `^${ownVersion()}`,
    install: flags.install,
    build: flags.build,
    git: flags.git,
    log: (line) => console.log(line),
  });
  printNextSteps(result, targetDir, pm);
  return 0;
}


await program.parseAsync();
