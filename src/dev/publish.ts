// Publishing a build: copy cargo's cdylib to `.hot/<crate>-<version>.<ext>`
// (hosts never load cargo's own file: glibc caches by path, and cargo
// overwriting a mapped file crashes the host), then replace
// `.hot/current.json` atomically (temp file + rename), so a host reads either
// the old pointer or the new one, never half of one.
import fs from 'node:fs';
import path from 'node:path';
import { libraryFileName } from '../project.js';
import { CURRENT_FILE, HOT_DIR } from '../runtime/published.js';
import type { PublishedVersion } from '../runtime/types.js';
import { monotonicMs, trace } from './trace.js';

export interface BuildFacts {
  abi: string;
  changedAt: number;
  buildMs: number;
  /**
   * The compiler's layouts of the lib's types (contract §5, the probe's JSON), when the build has them: written
   * next to the copy as `<crate>-<n>.layout.json` and named in current.json's `layout`.
   */
  layoutJson?: string;
}

/** What current.json holds beyond PublishedVersion: the contract's optional `layout` and `restart`. */
type Pointer = PublishedVersion & { layout?: string; restart?: number };

const LAYOUT_SUFFIX = '.layout.json';

export class Publisher {
  readonly dir: string;
  readonly #ext: string;
  #next = 1;
  readonly #published = new Map<number, Pointer>();
  #current: Pointer | undefined;
  /** current.json's `restart`: raised to ask a snapshot-capable host to restart (0: never asked, not written). */
  #restart = 0;

  constructor(
    readonly root: string,
    readonly crate: string,
  ) {
    this.dir = path.join(root, HOT_DIR);
    this.#ext = path.extname(libraryFileName(crate));
  }

  /** Removes what earlier dev runs left: library copies, temp files and current.json (the lock stays). */
  cleanAll(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    for (const name of fs.readdirSync(this.dir)) {
      if (this.#isOurs(name) || name === CURRENT_FILE) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** Copies the artifact into `.hot/` as `version` (default: the next one) and points current.json at it. */
  publish(artifact: string, facts: BuildFacts, version = this.#next): PublishedVersion {
    this.#next = version + 1;
    const rel = path.posix.join(HOT_DIR, `${this.crate}-${version}${this.#ext}`);
    const dest = path.join(this.root, rel);
    // Copy under a temp name first: a host must never see a half-copied library.
    const tmp = `${dest}.tmp`;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.copyFileSync(artifact, tmp);
    fs.renameSync(tmp, dest);
    const { layoutJson, ...rest } = facts;
    const published: Pointer = { version, path: rel, crate: this.crate, ...rest };
    if (layoutJson !== undefined) {
      published.layout = path.posix.join(HOT_DIR, `${this.crate}-${version}${LAYOUT_SUFFIX}`);
      const layoutFile = path.join(this.root, published.layout);
      fs.writeFileSync(`${layoutFile}.tmp`, layoutJson);
      fs.renameSync(`${layoutFile}.tmp`, layoutFile);
    }
    this.#published.set(version, published);
    this.point(published);
    return published;
  }

  /** Makes current.json point at an already published version (the fallback after a crash). */
  point(published: Pointer): void {
    const file = path.join(this.dir, CURRENT_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    const pointer = this.#restart > 0 ? { ...published, restart: this.#restart } : published;
    fs.writeFileSync(tmp, `${JSON.stringify(pointer, null, 2)}\n`);
    // Traced with the time right before the rename, the moment a host can see it: read after, the clock lagged
    // behind the host's swap (measured, 2 cores: the host woke up and ran first).
    const at = monotonicMs();
    fs.renameSync(tmp, file);
    trace('published', { version: published.version }, at);
    this.#current = published;
  }

  /**
   * Asks the host to restart: current.json is written again with a greater `restart`. A host that sees one greater
   * than the value it started with snapshots its state and exits 75 (contract §4).
   */
  requestRestart(): void {
    if (!this.#current) return;
    this.#restart += 1;
    this.point(this.#current);
  }

  /** What current.json points at now. */
  get current(): PublishedVersion | undefined {
    return this.#current;
  }

  get(version: number): PublishedVersion | undefined {
    return this.#published.get(version);
  }

  /** Every version still on disk, newest first. */
  versions(): PublishedVersion[] {
    return [...this.#published.values()].sort((a, b) => b.version - a.version);
  }

  /** Deletes every copy except `keep` (a host may be loading those right now). */
  prune(keep: Iterable<number>): void {
    const kept = new Set(keep);
    for (const [version, published] of this.#published) {
      if (kept.has(version)) continue;
      try {
        fs.rmSync(path.join(this.root, published.path), { force: true });
        const layout = published.layout;
        if (layout) fs.rmSync(path.join(this.root, layout), { force: true });
        this.#published.delete(version);
      } catch {
        // Windows refuses to delete a DLL a host still has loaded: try again at the next prune.
      }
    }
  }

  #isOurs(name: string): boolean {
    const copy = name.endsWith(this.#ext) || name.endsWith(`${this.#ext}.tmp`) || name.endsWith(LAYOUT_SUFFIX);
    // A snapshot is for the restart it was written for, never for the first host of another dev run.
    const snapshot = /^snapshot-(ts|rust)\.bin$/.test(name);
    return (name.startsWith(`${this.crate}-`) && copy) || name.endsWith('.tmp') || snapshot;
  }
}
