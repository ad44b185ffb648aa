// `--version` answered before the command's code loads (commander included): the bins print it at the cost of
// reading package.json. Commander declares the same flags, so `--help` lists them.
import { ownVersion } from '../own-package.js';

export const VERSION_FLAGS = '-V, --version';

/** Prints the version and returns true when the arguments are exactly one version flag. */
export function printVersionIfAsked(args: readonly string[]): boolean {
  if (args.length !== 1 || !VERSION_FLAGS.split(', ').includes(args[0]!)) return false;
  console.log(ownVersion());
  return true;
}
