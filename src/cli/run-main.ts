// One place that turns a thrown error into the exit a CLI user expects:
// a UserError is one line and its exit code, anything else is a bug with its stack.
import { UserError } from '../user-error.js';

export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`error: ${error.message}`);
      process.exitCode = error.exitCode;
    } else {
      console.error(error);
      process.exitCode = 70;
    }
  }
}
