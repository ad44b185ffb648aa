// commander's reading of `create-hot-reload`'s command line, for what the fast path in create-flags.ts leaves to
// it: --help, --version with other arguments, and every mistake, each with commander's own message.
import { Command, Option } from 'commander';
import { ownVersion } from '../own-package.js';
import { CREATE_FLAGS, DIRECTORY_ARGUMENT, type CliFlags } from './create-flags.js';
import { VERSION_FLAGS } from './version-flag.js';

export function createProgram(action: (directory: string | undefined, flags: CliFlags) => Promise<void>): Command {
  const program = new Command('create-hot-reload')
    .description('Create a Rust project whose lib hot-reloads into a running TypeScript or Rust host')
    .argument(DIRECTORY_ARGUMENT.name, DIRECTORY_ARGUMENT.description);
  for (const spec of CREATE_FLAGS) {
    const option = new Option(spec.flags, spec.description);
    program.addOption(spec.choices ? option.choices(spec.choices) : option);
  }
  return program
    .version(ownVersion(), VERSION_FLAGS)
    .showHelpAfterError('(run create-hot-reload --help for usage)')
    .action(action);
}
