// Which package manager ran us, so the project is installed and explained with
// the same one (npm sets npm_config_user_agent for `npm create`, and so do pnpm, yarn and bun).
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export function isPackageManager(value: string): value is PackageManager {
  return (PACKAGE_MANAGERS as readonly string[]).includes(value);
}

/** `pnpm/9.1.0 npm/? node/v20.11.0 linux x64` → `pnpm`; anything unknown → `npm`. */
export function detectPackageManager(
  userAgent: string | undefined = process.env.npm_config_user_agent,
): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0] ?? '';
  return isPackageManager(name) ? name : 'npm';
}

/** How to run a package.json script: `npm run dev`, `pnpm dev`, `yarn dev`, `bun run dev`. */
export function runScriptCommand(pm: PackageManager): string {
  return pm === 'npm' || pm === 'bun' ? `${pm} run` : pm;
}

/**
 * npm: without the audit and funding requests, two round trips a fresh project does not need. Not
 * --prefer-offline, although it measured faster still: npm does not recheck a stale cached package list that
 * lacks the version asked for (pacote's "XXX add ETARGET revalidation"), so an old cache would fail the install.
 */
export function installArgs(pm: PackageManager): [string, string[]] {
  return [pm, pm === 'npm' ? ['install', '--no-audit', '--no-fund'] : ['install']];
}
