/** Thrown for anything the user must fix; the CLI prints `message` alone, on one line. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
