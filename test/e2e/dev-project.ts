// A generated hello-world project for the dev-loop tests, made without the
// registry: the templates rendered by the scaffolder's own renderer, bindings generated, and `create-hot-reload` resolved by a symlink to
// this repository (its `dist/`, so `npm run build` must have run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBindings } from '../../src/bindings/generate.js';
import { packageRoot } from '../../src/own-package.js';
import { renderTemplate, type TemplateValues } from '../../src/scaffold/render.js';

export interface TestProject {
  root: string;
  /** Reads a project file. */
  read(relative: string): string;
  /** Writes a project file the way an editor saves: a temp file renamed over the original. */
  save(relative: string, content: string): void;
  cleanup(): void;
}

const VALUES: TemplateValues = {
  npmName: 'hr-e2e-app',
  packageCrate: 'hr-e2e-app',
  libPackage: 'hr-e2e-app-lib',
  libCrate: 'hr_e2e_app_lib',
  runtimeSpec: `file:${packageRoot}`,
  runScript: 'npm run',
};

export async function makeProject(): Promise<TestProject> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-dev-e2e-'));
  const root = path.join(tmp, 'app');
  for (const file of renderTemplate('hello-world', VALUES)) {
    fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    fs.writeFileSync(path.join(root, file.path), file.contents, { mode: file.executable ? 0o755 : 0o644 });
  }
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
