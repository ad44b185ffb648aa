// Running the probe (contract §5): build the generated Rust program against the lib's rlib with the rustc and
// target dir cargo used, run it, and turn what it prints into the layout file a TypeScript host migrates by.
// Only when the ABI fingerprint changed: the result is cached in .hot/ by fingerprint.
import fs from 'node:fs';
import path from 'node:path';
import type { LibModel } from '../bindings/model.js';
import { specFromModel, type BindingsSpec } from '../bindings/spec-from-model.js';
import type { LayoutFile } from './layout-file.js';
import { loadExeca } from '../scaffold/lazy-execa.js';
import { layoutMismatch, modelLayouts } from './layout.js';
import { probeSource } from './probe-source.js';
import type { TypeLayout } from './schema.js';

interface ProbedType {
  size: number;
  align: number;
  default: string | null;
  fields?: Record<string, [number, number]>;
}

export interface ProbeInput {
  root: string;
  crate: string;
  model: LibModel;
  abi: string;
  /** The cdylib cargo just built: the rlib and its dependencies sit beside it. */
  artifact: string;
}

/**
 * The layout file for `input.abi` (probed now, or cached); its absolute path. Never throws. The cache and the
 * probe's build live in cargo's target dir beside the artifact (`cargo clean` clears them), not in .hot/.
 */
export async function probeLayout(input: ProbeInput): Promise<string> {
  const cacheDir = path.join(path.dirname(input.artifact), 'hot-reload-layouts');
  fs.mkdirSync(cacheDir, { recursive: true });
  const cached = path.join(cacheDir, `${input.abi}.json`);
  if (fs.existsSync(cached)) {
    const previous = JSON.parse(fs.readFileSync(cached, 'utf8')) as LayoutFile;
    if (!previous.refused) return cached;
  }
  const bindings = specFromModel(input.model, { crate: input.crate, abi: input.abi });
  let file: LayoutFile;
  try {
    const probed = await runProbe(input, cacheDir);
    file = layoutFromProbe(input.model, probed, input.abi, bindings);
  } catch (error) {
    const firstLine = (error as Error).message.split('\n').find((l) => l.trim()) ?? 'no output';
    const reason = `the layout probe failed: ${firstLine}`;
    file = { abi: input.abi, schema: { types: {} }, defaults: {}, bindings, refused: reason };
  }
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(file)}\n`);
  fs.renameSync(tmp, cached);
  return cached;
}

/** The compiler's numbers over our model's structure; any disagreement refuses the file, naming type and field. */
export function layoutFromProbe(
  model: LibModel,
  probed: Record<string, ProbedType>,
  abi: string,
  bindings: BindingsSpec,
): LayoutFile {
  const ours = modelLayouts(model);
  const types: Record<string, TypeLayout> = {};
  const defaults: Record<string, string | null> = {};
  for (const [name, layout] of Object.entries(ours.types)) {
    const found = probed[name];
    if (!found) continue;
    defaults[name] = found.default;
    types[name] =
      layout.kind === 'enum'
        ? { ...layout, size: found.size, align: found.align }
        : {
            ...layout,
            size: found.size,
            align: found.align,
            fields: layout.fields.map((f) => {
              const [offset, size] = found.fields?.[f.name] ?? [-1, -1];
              return { ...f, offset, size };
            }),
          };
  }
  const schema = { types };
  const mismatch = layoutMismatch(ours, schema);
  return { abi, schema, defaults, bindings, ...(mismatch ? { refused: `layout check failed: ${mismatch}` } : {}) };
}

async function runProbe(input: ProbeInput, cacheDir: string): Promise<Record<string, ProbedType>> {
  const deps = path.dirname(input.artifact);
  const rlib = path.join(deps, `lib${input.crate}.rlib`);
  if (!fs.existsSync(rlib)) throw new Error(`no ${rlib}: is crate-type ["rlib", "cdylib"] still in lib/Cargo.toml?`);
  const dir = path.join(cacheDir, `probe-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const source = path.join(dir, `probe-${input.abi}.rs`);
  const exe = path.join(dir, `probe-${input.abi}${process.platform === 'win32' ? '.exe' : ''}`);
  fs.writeFileSync(source, probeSource(input.crate, input.model));
  const { execa } = await loadExeca();
  const rustc = process.env.RUSTC ?? 'rustc';
  await execa(
    rustc,
    [
      '--edition',
      libEdition(input.root),
      '--crate-type',
      'bin',
      '-C',
      'debuginfo=0',
      '-o',
      exe,
      source,
      '--extern',
      `${input.crate}=${rlib}`,
      '-L',
      `dependency=${path.join(deps, 'deps')}`,
    ],
    { cwd: input.root, all: true },
  ).catch((error: { all?: string; message: string }) => {
    throw new Error(firstError(error.all ?? error.message));
  });
  const { stdout } = await execa(exe, [], { cwd: input.root });
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(stdout) as Record<string, ProbedType>;
}

function firstError(output: string): string {
  return output.split('\n').find((line) => line.startsWith('error')) ?? output.split('\n')[0] ?? 'rustc failed';
}

function libEdition(root: string): string {
  try {
    const toml = fs.readFileSync(path.join(root, 'lib', 'Cargo.toml'), 'utf8');
    return /^\s*edition\s*=\s*"(\d+)"/m.exec(toml)?.[1] ?? '2021';
  } catch {
    return '2021';
  }
}
