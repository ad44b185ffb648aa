// `create-hot-reload [directory] [options]` (what `npm create hot-reload` runs).
// This file takes the command line (read by create-flags.ts) and asks questions; everything it decides goes
// to createProject as typed options. One interactivity decision, as create-vite:
// --yes, or no TTY on stdin, means no prompts at all.
import { ownVersion } from '../own-package.js';
import { UserError } from '../project.js';
import { deriveNames } from '../scaffold/names.js';
import { printNextSteps } from '../scaffold/next-steps.js';
import { detectPackageManager, isPackageManager } from '../scaffold/package-manager.js';
import { DEFAULT_TEMPLATE } from '../scaffold/templates.js';
import { listSome } from '../scaffold/format.js';
import { inspectTarget, type ExistingFilesPolicy } from '../scaffold/target-dir.js';
import { askDirectory, askExistingFiles, askTemplate, resolveTemplate } from './create-prompts.js';
import { DEFAULT_DIRECTORY, parseCreateArgs, type CliFlags } from './create-flags.js';
import { runMain } from './run-main.js';

/** Loaded once a project is to be written: `--version`, `--help` and a bad flag never pay for it. */
let scaffold: typeof import('../scaffold/create.js') | undefined;

// Ctrl-C: remove a project that is still being staged, say so, exit non-zero.
process.on('SIGINT', () => {
  console.error(`\n${scaffold?.cancelPendingProject() ?? 'Cancelled'}`);
  process.exit(130);
});

async function run(directoryArg: string | undefined, flags: CliFlags): Promise<number> {
  const interactive = !flags.yes && process.stdin.isTTY === true;
  const pm = flags.pm && isPackageManager(flags.pm) ? flags.pm : detectPackageManager();

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

  scaffold = await import('../scaffold/create.js');
  const result = await scaffold.createProject({
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

const wellFormed = parseCreateArgs(process.argv.slice(2));
if (wellFormed) {
  await runMain(() => run(wellFormed.directory, wellFormed.flags));
} else {
  const { createProgram } = await import('./create-program.js');
  await createProgram((directory, flags) => runMain(() => run(directory, flags))).parseAsync();
}
