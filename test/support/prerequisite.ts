// A test that needs a tool this machine lacks (chromium, tmux, setpriv, cargo). Locally it is skipped and says
// why; with CI=true the missing tool fails the run by name, so a CI run cannot pass by testing nothing.

/** Whether this run is CI (`CI=true`, as GitHub Actions and most CI services set it). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * The skip reason for a missing prerequisite, for `{ skip: ... }` or `t.skip(...)`; with CI=true it throws
 * instead, naming what is missing.
 */
export function missingPrerequisite(reason: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isCi(env)) throw new Error(`missing prerequisite (CI=true, so this fails instead of skipping): ${reason}`);
  return reason;
}
