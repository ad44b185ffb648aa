// A generated game project for the game's end-to-end tests: made by the real
// scaffolder (`create-hot-reload --template game`, which also runs the first
// cargo build and the load check), with `create-hot-reload` resolved by a
// symlink to this repository (its `dist/`: `npm run build` must have run), and its other dependencies (ws and
// the type packages) by symlinks to this repository's node_modules.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/fs.js';
import { repoRoot, runCreate } from '../support/process.js';

export interface GameProject {
  root: string;
  read(relative: string): string;
  /** Writes a project file the way an editor saves: a temp file renamed over the original. */
  save(relative: string, content: string): void;
  /** Replaces `from` (which must be there) in a project file and saves it. */
  edit(relative: string, from: string, to: string): void;
}

export const LIB = 'lib/src/lib.rs';

export async function makeGameProject(name = 'game-app'): Promise<GameProject> {
  const cwd = tempDir('chr-game-');
  const created = await runCreate([name, '--yes', '--template', 'game', '--no-install', '--no-git'], { cwd });
  assert.equal(created.code, 0, created.output);
  const root = path.join(cwd, name);
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(root, 'node_modules', 'create-hot-reload'), 'dir');
  // The game's own dependencies, as `npm install` would bring them (this repository has them as devDependencies).
  fs.mkdirSync(path.join(root, 'node_modules', '@types'));
  for (const name of ['ws', '@types/ws', '@types/node']) {
    fs.symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(root, 'node_modules', name), 'dir');
  }
  const read = (relative: string): string => fs.readFileSync(path.join(root, relative), 'utf8');
  const save = (relative: string, content: string): void => {
    const file = path.join(root, relative);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  };
  return {
    root,
    read,
    save,
    edit: (relative, from, to) => {
      const source = read(relative);
      assert.ok(source.includes(from), `${relative} contains ${from}`);
      save(relative, source.replace(from, to));
    },
  };
}

/** 0xRRGGBB as [r, g, b]. */
export function rgb(hex: number): [number, number, number] {
  return [(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff];
}

/** The value of `pub const NAME: u32 = 0x...;` in the lib. */
export function colorConstant(source: string, name: string): number {
  const match = new RegExp(`pub const ${name}: u32 = 0x([0-9a-fA-F]{6});`).exec(source);
  assert.ok(match, `${name} in lib.rs`);
  return Number.parseInt(match[1]!, 16);
}
