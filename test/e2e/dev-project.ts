// A generated hello-world project for the dev-loop tests, made without the
// registry: the templates rendered by plain replacement of the few values they
// use, bindings generated, and `create-hot-reload` resolved by a symlink to
// this repository (its `dist/`, so `npm run build` must have run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBindings } from '../../src/bindings/generate.js';
import { packageRoot, templatesDir } from '../../src/own-package.js';

export interface TestProject {
  root: string;
  /** Reads a project file. */
  read(relative: string): string;
  /** Writes a project file the way an editor saves: a temp file renamed over the original. */
  save(relative: string, content: string): void;
  cleanup(): void;
}

const VALUES: Record<string, string> = {
  npmName: 'hr-e2e-app',
  packageCrate: 'hr-e2e-app',
  libPackage: 'hr-e2e-app-lib',
  libCrate: 'hr_e2e_app_lib',
  runtimeSpec: `file:${packageRoot}`,
  runScript: 'npm run',
};

function render(text: string): string {
  return text.replace(/\{\{(?:(toml|json) )?(\w+)\}\}/g, (whole, helper: string | undefined, key: string) => {
    const value = VALUES[key];
    if (value === undefined) throw new Error(`test project: no value for ${whole}`);
    // The values are plain names: a TOML basic string and a JSON string are written the same way.
    return helper ? JSON.stringify(value) : value;
  });
}

function copyTemplate(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      copyTemplate(source, path.join(to, entry.name));
      continue;
    }
    const name = entry.name === '_gitignore' ? '.gitignore' : entry.name.replace(/\.hbs$/, '');
    fs.mkdirSync(to, { recursive: true });
    const content = fs.readFileSync(source, 'utf8');
    fs.writeFileSync(path.join(to, name), entry.name.endsWith('.hbs') ? render(content) : content);
  }
}

export async function makeProject(): Promise<TestProject> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-dev-e2e-'));
  const root = path.join(tmp, 'app');
  copyTemplate(path.join(templatesDir, 'base'), root);
  copyTemplate(path.join(templatesDir, 'hello-world'), root);
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(packageRoot, path.join(root, 'node_modules', 'create-hot-reload'), 'dir');
  generateBindings(root);
  return {
    root,
    read: (relative) => fs.readFileSync(path.join(root, relative), 'utf8'),
    save: (relative, content) => {
      const file = path.join(root, relative);
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
      fs.writeFileSync(temp, content);
      fs.renameSync(temp, file);
    },
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
