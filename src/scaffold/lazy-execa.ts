/**
 * execa costs about 95 ms to import (measured by bench/ item 1), which is most of a scaffold without install
 * and build: load it only when a step actually runs a process.
 */
export function loadExeca(): Promise<typeof import('execa')> {
  return import('execa');
}
