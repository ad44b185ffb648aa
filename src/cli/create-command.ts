// `create-hot-reload [directory] [options]` (what `npm create hot-reload` runs).
// This file takes the command line (read by create-flags.ts) and asks questions; everything it decides goes
// to createProject as typed options. One interactivity decision, as create-vite:
// --yes, or no TTY on stdin, means no prompts at all.
import { ownVersion } from '../own-package.js';
import { UserError } from '../user-error.js';
import { NOTHING_WRITTEN, PendingProject } from '../scaffold/cancel.js';
import { deriveNames } from '../scaffold/names.js';
import { printNextSteps } from '../scaffold/next-steps.js';
import { detectPackageManager, isPackageManager } from '../scaffold/package-manager.js';
import { DEFAULT_TEMPLATE } from '../scaffold/templates.js';
import { listSome } from '../scaffold/format.js';
import { inspectTarget, type WritePolicy } from '../scaffold/target-dir.js';
import { askDirectory, askExistingFiles, askTemplate, resolveTemplate } from './create-prompts.js';
import { DEFAULT_DIRECTORY, parseCreateArgs, type CliFlags } from './create-flags.js';
import { runMain } from './run-main.js';

// Ctrl-C: remove a project that is still being staged, say so, exit non-zero.
const pending = new PendingProject();
process.on('SIGINT', () => {
  console.error(`\n${pending.cancel()}`);
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
  const existingFiles =
    targetState.kind === 'non-empty'
      ? await writePolicy(targetDir, targetState.entries, flags, interactive)
      : undefined;

  // Loaded once a project is to be written: `--version`, `--help` and a bad flag never pay for it.
  const { createProject } = await import('../scaffold/create.js');
  const result = await createProject(
    {
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
    },
    pending,
  );
  printNextSteps(result, targetDir, pm);
  return 0;
}

/** How to write into a non-empty target: --overwrite, or the user's answer; stops on `cancel` or without a TTY. */
async function writePolicy(
  targetDir: string,
  entries: string[],
  flags: CliFlags,
  interactive: boolean,
): Promise<WritePolicy> {
  if (flags.overwrite) return 'overwrite';
  if (!interactive) {
    throw new UserError(
      `${targetDir} is not empty (${listSome(entries)}): choose an empty directory, or pass --overwrite to write into it`,
    );
  }
  const policy = await askExistingFiles(targetDir, entries);
  if (policy === 'cancel') throw new UserError(NOTHING_WRITTEN);
  return policy;
}

const wellFormed = parseCreateArgs(process.argv.slice(2));
if (wellFormed) {
  await runMain(() => run(wellFormed.directory, wellFormed.flags));
} else {
  const { createProgram } = await import('./create-program.js');
  await createProgram((directory, flags) => runMain(() => run(directory, flags))).parseAsync();
}
