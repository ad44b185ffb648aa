// Turning a library file into a LoadedVersion: dlopen through koffi, then
// resolve every function through the bindings. A missing symbol unloads the
// library again and throws: a version is used whole or not at all.
import koffi, { type LibraryHandle } from 'koffi';
import path from 'node:path';
import type { LoadedVersion } from './controller.js';
import { makePrivateCopy } from './private-copy.js';
import { assertWholeLibrary } from './whole-file.js';
import type { LibBindings, PublishedVersion } from './types.js';

function bindOrUnload<Api extends object>(
  file: string,
  bindings: LibBindings<Api>,
): { api: Api; handle: LibraryHandle } {
  assertWholeLibrary(file);
  const handle = koffi.load(file);
  try {
    return { api: bindings.bind(handle), handle };
  } catch (error) {
    handle.unload();
    throw error;
  }
}

/** A version published by `hot-reload dev`: its `.hot/` file already is a private copy that nobody overwrites. */
export function openPublished<Api extends object>(
  root: string,
  published: PublishedVersion,
  bindings: LibBindings<Api>,
): LoadedVersion<Api> {
  const { api, handle } = bindOrUnload(path.resolve(root, published.path), bindings);
  return { version: published.version, api, unload: () => handle.unload() };
}

/**
 * Copies `file` to a private temporary directory and loads the copy, so that the original (cargo's output) can be
 * rebuilt while this copy runs. `unload()` unloads the library and deletes the copy.
 */
export function openCopy<Api extends object>(
  file: string,
  bindings: LibBindings<Api>,
  version = 0,
): LoadedVersion<Api> {
  const copy = makePrivateCopy(file);
  let loaded;
  try {
    loaded = bindOrUnload(copy.file, bindings);
  } catch (error) {
    copy.remove();
    throw error;
  }
  const { api, handle } = loaded;
  // POSIX keeps a mapped file alive after unlink: delete it now, nothing is left behind even if the host is
  // killed. Windows refuses to delete a loaded DLL, so there it goes at unload.
  if (process.platform !== 'win32') copy.remove();
  let unloaded = false;
  return {
    version,
    api,
    unload: () => {
      if (unloaded) return;
      unloaded = true;
      handle.unload();
      copy.remove();
    },
  };
}
