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
  /** The layout file of this build (src/migrate/probe.ts), published beside it as `<crate>-<n>.layout.json`. */
  layoutSource?: string;
}

export class Publisher {
  readonly dir: string;
  readonly #ext: string;
  #next = 1;
  readonly #published = new Map<number, PublishedVersion>();
  #current: PublishedVersion | undefined;

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

  /** Copies the artifact into `.hot/` as the next version and points current.json at it. */
  publish(artifact: string, facts: BuildFacts): PublishedVersion {
    const version = this.#next++;
    const rel = path.posix.join(HOT_DIR, `${this.crate}-${version}${this.#ext}`);
    const dest = path.join(this.root, rel);
    // Copy under a temp name first: a host must never see a half-copied library.
    const tmp = `${dest}.tmp`;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.copyFileSync(artifact, tmp);
    fs.renameSync(tmp, dest);
    const { layoutSource, ...rest } = facts;
    const published: PublishedVersion = { version, path: rel, crate: this.crate, ...rest };
    if (layoutSource) {
      published.layout = path.posix.join(HOT_DIR, `${this.crate}-${version}.layout.json`);
      fs.copyFileSync(layoutSource, `${path.join(this.root, published.layout)}.tmp`);
      fs.renameSync(`${path.join(this.root, published.layout)}.tmp`, path.join(this.root, published.layout));
    }
    this.#published.set(version, published);
    this.point(published);
    return published;
  }

  /** Makes current.json point at an already published version (the fallback after a crash). */
  point(published: PublishedVersion): void {
    const file = path.join(this.dir, CURRENT_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(published, null, 2)}\n`);
    // Traced with the time right before the rename, the moment a host can see it: read after, the clock lagged
    // behind the host's swap (measured, 2 cores: the host woke up and ran first).
    const at = monotonicMs();
    fs.renameSync(tmp, file);
    trace('published', { version: published.version }, at);
    this.#current = published;
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
        if (published.layout) fs.rmSync(path.join(this.root, published.layout), { force: true });
        this.#published.delete(version);
      } catch {
        // Windows refuses to delete a DLL a host still has loaded: try again at the next prune.
      }
    }
  }

  #isOurs(name: string): boolean {
    const copy = name.endsWith(this.#ext) || name.endsWith(`${this.#ext}.tmp`) || name.endsWith('.layout.json');
    // A snapshot is for the restart it was written for, never for the first host of another dev run.
    const snapshot = /^snapshot-(ts|rust)\.bin$/.test(name);
    return (name.startsWith(`${this.crate}-`) && copy) || name.endsWith('.tmp') || snapshot;
  }
}
