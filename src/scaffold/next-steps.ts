// The lines a user reads last: what to type next, for their package manager.
import path from 'node:path';
import type { CreateResult } from './create.js';
import { runScriptCommand, type PackageManager } from './package-manager.js';

export function printNextSteps(result: CreateResult, targetDir: string, pm: PackageManager): void {
  const run = runScriptCommand(pm);
  const relative = path.relative(process.cwd(), result.projectDir);
  const steps: string[] = [];
  if (relative !== '') steps.push(`cd ${quoteIfNeeded(relative.startsWith('..') ? result.projectDir : targetDir)}`);
  if (!result.installed) steps.push(`${pm} install`);
  steps.push(`${run} dev          # edit lib/src/lib.rs while it runs`);
  steps.push(`${run} dev:rust     # the same with the Rust host`);
  console.log('\nDone. Next:\n');
  for (const step of steps) console.log(`  ${step}`);
  console.log('');
}

function quoteIfNeeded(p: string): string {
  return /^[\w./@~-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
