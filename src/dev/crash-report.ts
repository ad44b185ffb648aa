// What to say when the host dies: how it ended (exit code or signal) and the
// message that explains it, found in the last lines of its stderr: a Rust
// panic (both rustc's current two-line format and the old one-line format),
// or an uncaught JavaScript error of the TypeScript host.

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Signals that some other process sends (kill, a closed terminal, the OOM killer), never the lib's code itself:
 * a host ended by one is restarted on the version it ran, which is not marked as crashed. A faulty lib raises
 * SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT (a panic across `extern "C"`), or exits non-zero.
 */
const EXTERNAL_SIGNALS = new Set<NodeJS.Signals>(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGQUIT', 'SIGPIPE']);

export function stoppedFromOutside(exit: ExitInfo): boolean {
  return exit.signal !== null && EXTERNAL_SIGNALS.has(exit.signal);
}

/** The first line of a Rust panic: rustc >= 1.92 adds the thread id, "thread 'main' (10942) panicked at ...". */
const PANIC_START = /^thread '.*'(?: \(\d+\))? panicked at /;

/** Whether a stderr line starts a panic report (its message follows on the next lines). */
export function isPanicStart(line: string): boolean {
  return PANIC_START.test(line);
}

export function describeExit({ code, signal }: ExitInfo): string {
  if (signal) return `killed by ${signal}`;
  return `exit code ${code ?? '?'}`;
}

/**
 * The panic message (with its location) from a host's stderr, e.g. `panicked at lib/src/lib.rs:22:5: boom`.
 * A panic inside `extern "C"` is followed by a second panic, "panic in a function that cannot unwind", which says
 * nothing about the cause, so the first real one wins.
 */
export function findPanic(stderrLines: readonly string[]): string | undefined {
  const secondary = /panic in a function that cannot unwind|panicked while processing panic/;
  for (let i = 0; i < stderrLines.length; i++) {
    const line = stderrLines[i] ?? '';
    if (!isPanicStart(line)) continue;
    // rustc >= 1.73: "thread 'main' panicked at src/lib.rs:3:5:" then the message on the following line(s).
    let m = /panicked at (.+):$/.exec(line);
    if (m) {
      const message: string[] = [];
      for (let j = i + 1; j < stderrLines.length; j++) {
        const next = stderrLines[j] ?? '';
        if (next === '' || /^(note: |thread '|stack backtrace:)/.test(next)) break;
        message.push(next.trim());
      }
      const text = message.join(' ');
      if (secondary.test(text)) continue;
      return `panicked at ${m[1]}: ${text}`;
    }
    // Older: "thread 'main' panicked at 'boom', src/lib.rs:3:5"
    m = /panicked at '(.*)', (\S+)$/.exec(line);
    if (m && !secondary.test(m[1] ?? '')) return `panicked at ${m[2]}: ${m[1]}`;
  }
  return undefined;
}

/** An uncaught JavaScript error as Node prints it, e.g. `TypeError: x is not a function`. */
export function findJsError(stderrLines: readonly string[]): string | undefined {
  return stderrLines.find((line) => /^(Uncaught )?([A-Z]\w*)?(Error|Exception)( \[\w+\])?: \S/.test(line));
}

/** One line for the crash: `host crashed (killed by SIGABRT) on v6: panicked at lib/src/lib.rs:22:5: boom`. */
export function crashSummary(exit: ExitInfo, version: number, stderrLines: readonly string[]): string {
  const why = findPanic(stderrLines) ?? findJsError(stderrLines);
  // The one start-up failure with an obvious fix: a project whose npm dependencies were never installed.
  const hint = why?.includes('ERR_MODULE_NOT_FOUND') ? ' (are the npm dependencies installed? run `npm install`)' : '';
  return `host crashed (${describeExit(exit)}) on v${version}${why ? `: ${why}` : ''}${hint}`;
}
