// The lines a user reads last: what to type next, for their package manager.
import path from 'node:path';
import type { CreateResult } from './create.js';
import { runScriptCommand, type PackageManager } from './package-manager.js';
import { findTemplate } from './templates.js';

export function printNextSteps(result: CreateResult, targetDir: string, pm: PackageManager): void {
  const run = runScriptCommand(pm);
  const relative = path.relative(process.cwd(), result.projectDir);
  const steps: string[] = [];
  if (relative !== '') steps.push(`cd ${quoteIfNeeded(relative.startsWith('..') ? result.projectDir : targetDir)}`);
  if (!result.installed) steps.push(`${pm} install`);
  const template = findTemplate(result.template);
  steps.push(`${run} dev          # ${template.devHint}`);
  steps.push(`${run} dev:rust     # ${template.devRustHint}`);
  console.log('\nDone. Next:\n');
  for (const step of steps) console.log(`  ${step}`);
  console.log('');
}

function quoteIfNeeded(p: string): string {
  return /^[\w./@~-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
