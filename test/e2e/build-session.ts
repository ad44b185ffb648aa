// A dev session for the direct-build end-to-end tests: a generated hello-world whose host calls every 20 ms,
// `hot-reload dev` with HOT_RELOAD_TRACE on (the trace's `cargo-end` records say which path each build took, and
// why), and an edit helper that waits until the new code printed its marker.
import fs from 'node:fs';
import path from 'node:path';
import { processesLeft, run } from '../support/process.js';
import { DevProcess, CLI } from './dev-process.js';
import { makeProject, type TestProject } from './dev-project.js';

export const LIB = 'lib/src/lib.rs';
const PRINTLN = /println!\(.*\);/;

export interface BuildRecord {
  path: 'direct' | 'cargo';
  reason: string;
}

export class BuildSession {
  dev: DevProcess | undefined;
  #marker = 0;
  readonly traceFile: string;

  private constructor(readonly project: TestProject) {
    this.traceFile = path.join(path.dirname(project.root), 'trace.jsonl');
  }

  static async create(host: 'ts' | 'rust' = 'ts'): Promise<BuildSession> {
    const project = await makeProject();
    // One call every 20 ms instead of every second: each edit's marker shows up at once.
    if (host === 'ts') project.save('host/main.ts', project.read('host/main.ts').replace('), 1000);', '), 20);'));
    else
      project.save(
        'src/main.rs',
        project.read('src/main.rs').replace('Duration::from_secs(1)', 'Duration::from_millis(20)'),
      );
    return new BuildSession(project);
  }

  /** Starts dev with extra environment (RUSTFLAGS, PATH, ...); waits for the host on the first version. */
  async start(host: 'ts' | 'rust', env: NodeJS.ProcessEnv = {}): Promise<void> {
    const saved = { ...process.env };
    Object.assign(process.env, env, { HOT_RELOAD_TRACE: this.traceFile });
    try {
      this.dev = new DevProcess(this.project.root, ['dev', '--host', host]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    await this.dev.waitFor(/^\[dev\] ▶ host started on v1 /, { timeoutMs: 180_000 });
  }

  async stop(): Promise<void> {
    const dev = this.dev;
    if (!dev) return;
    this.dev = undefined;
    dev.interrupt();
    const timer = setTimeout(() => dev.kill(), 10_000);
    await dev.exited;
    clearTimeout(timer);
  }

  /** Makes `lib.rs` print `<text> <marker> <counter>`, with `extra` (code) before the println. */
  async edit(text = 'mark', extra = ''): Promise<BuildRecord> {
    const dev = this.dev!;
    const marker = ++this.#marker;
    const from = dev.mark;
    const source = this.project
      .read(LIB)
      .replace(/\n {4}\/\/ extra[\s\S]*?\/\/ end extra\n/, '\n')
      .replace('let broken: u32 = "not a number";\n    ', '');
    const call = `println!("${text} ${marker} {}", state.counter);`;
    this.project.save(
      LIB,
      source.replace(PRINTLN, extra ? `// extra\n    ${extra}\n    // end extra\n    ${call}` : call),
    );
    await dev.waitFor(new RegExp(`^${text} ${marker} \\d+$`), { from, timeoutMs: 120_000 });
    return this.lastBuild();
  }

  /** Saves lib.rs with a compile error; resolves when dev reported the failed build (edit() fixes it). */
  async breakBuild(): Promise<{ printed: string[]; build: BuildRecord }> {
    const dev = this.dev!;
    const from = dev.mark;
    this.project.save(LIB, this.project.read(LIB).replace(PRINTLN, 'let broken: u32 = "not a number";\n    $&'));
    const failed = await dev.waitFor(/^\[dev\] ✗ build failed/, { from, timeoutMs: 120_000 });
    const printed = dev.lines.slice(from, failed.index).map((l) => l.text);
    return { printed, build: this.lastBuild() };
  }

  builds(): BuildRecord[] {
    return fs
      .readFileSync(this.traceFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"cargo-end"'))
      .map((line) => {
        const { path, reason } = JSON.parse(line) as BuildRecord;
        return { path, reason };
      });
  }

  lastBuild(): BuildRecord {
    const all = this.builds();
    if (all.length === 0) throw new Error('no build in the trace');
    return all.at(-1)!;
  }

  /** `hot-reload doctor`'s line about the build path, in the given environment. */
  async doctorLine(env: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await run(process.execPath, [CLI, 'doctor'], {
      cwd: this.project.root,
      env: { CARGO_TARGET_DIR: undefined, HOT_RELOAD_DEV: undefined, ...env },
    });
    return (
      result.stdout.split('\n').find((l) => l.includes('rebuilds the lib')) ?? `(no build path line)\n${result.output}`
    );
  }

  cleanup(): void {
    this.dev?.kill();
    for (const line of processesLeft(this.dev?.pid ?? -1, this.project.root))
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    this.project.cleanup();
  }
}
