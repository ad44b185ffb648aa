// cargo's `--message-format=json-render-diagnostics` output: one JSON object
// per stdout line. With render-diagnostics, rustc's diagnostics are rendered
// by cargo on stderr (so they are shown exactly as cargo shows them, once),
// and stdout only carries the messages below.

export type CargoMessage =
  | {
      reason: 'compiler-artifact';
      packageId: string;
      /** The target's crate name, e.g. `my_app_lib`. */
      targetName: string;
      crateTypes: string[];
      filenames: string[];
      /** true when cargo did not rebuild it (nothing changed). */
      fresh: boolean;
    }
  | { reason: 'build-finished'; success: boolean }
  | { reason: 'other'; kind: string };

/** Parses one stdout line; undefined for anything that is not a cargo JSON message. */
export function parseCargoMessage(line: string): CargoMessage | undefined {
  if (!line.startsWith('{')) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.reason === 'compiler-artifact') {
    const target = (m.target ?? {}) as Record<string, unknown>;
    return {
      reason: 'compiler-artifact',
      packageId: typeof m.package_id === 'string' ? m.package_id : '',
      targetName: typeof target.name === 'string' ? target.name : '',
      crateTypes: stringArray(target.crate_types),
      filenames: stringArray(m.filenames),
      fresh: m.fresh === true,
    };
  }
  if (m.reason === 'build-finished') return { reason: 'build-finished', success: m.success === true };
  return typeof m.reason === 'string' ? { reason: 'other', kind: m.reason } : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** What one build produced for the lib: the cdylib's path and whether cargo rebuilt it. */
export interface LibArtifact {
  file: string;
  fresh: boolean;
}

/** Picks the cdylib of `libCrate` among a build's artifacts (the rlib and other crates are ignored). */
export function findLibArtifact(
  messages: readonly CargoMessage[],
  libCrate: string,
  libraryFileName: string,
): LibArtifact | undefined {
  for (const m of messages) {
    if (m.reason !== 'compiler-artifact' || m.targetName !== libCrate) continue;
    const file = m.filenames.find((f) => f.endsWith(`/${libraryFileName}`) || f.endsWith(`\\${libraryFileName}`));
    if (file) return { file, fresh: m.fresh };
  }
  return undefined;
}

/**
 * cargo's stderr minus its progress chatter: what is left is what the user needs to read (errors, warnings, and
 * their rendered source snippets).
 */
export function diagnosticsOnly(stderr: string): string {
  const progress = /^\s*(Compiling|Finished|Blocking|Building|Locking|Updating|Checking|Fresh|Dirty|Running)\b/;
  return stderr
    .split('\n')
    .filter((line) => !progress.test(stripAnsi(line)))
    .join('\n')
    .trim();
}

export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
