// The entry point of the bindings parser: the lib's Rust sources in, the validated LibModel out.
import fs from 'node:fs';
import path from 'node:path';
import { listFilesRecursive } from '../list-files.js';
import type { LibModel } from './model.js';
import { readSources } from './parse.js';
import { validate } from './validate.js';

/**
 * Parses every `.rs` file under `libSrcDir`; file names in the model are relative to `projectRoot`. A package with
 * both a lib and a bin (set up by `--init`) shares src/: the bin's files are not the lib's.
 */
export function parseLib(libSrcDir: string, projectRoot: string): LibModel {
  const sharedWithBin = fs.existsSync(path.join(libSrcDir, 'main.rs'));
  const sources = listFilesRecursive(libSrcDir)
    .filter((file) => file.endsWith('.rs') && !(sharedWithBin && isBinFile(file)))
    .map((file) => path.join(libSrcDir, file))
    .map((full) => ({
      file: path.relative(projectRoot, full).split(path.sep).join('/'),
      source: fs.readFileSync(full, 'utf8'),
    }));
  return parseSources(sources);
}

const BIN_FILES = new Set(['main.rs', 'hot_lib.rs', 'reloader.rs']);

/** Folders below the lib's src/ that are the bin's: src/bin/, and the fixed modules of hot_lib.rs. */
const BIN_DIRS = new Set(['bin', 'hot_lib']);

/** `relative`: below the lib's src/. The bin's entry, its generated and fixed modules, and src/bin/. */
function isBinFile(relative: string): boolean {
  return BIN_FILES.has(relative) || BIN_DIRS.has(relative.split(path.sep)[0]!);
}

/** The same from in-memory sources (tests, and anything that already has the text). */
export function parseSources(sources: readonly { file: string; source: string }[]): LibModel {
  return validate(readSources(sources));
}
