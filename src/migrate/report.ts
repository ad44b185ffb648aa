// The one line a migration is reported in (contract §2), and the host lines around it (§3 formats live in
// src/runtime/swap-line.ts).
import type { MigrationReport } from './engine.js';

/** `State migrated: +lives u32 = 3 (Default), -old_timer dropped (was 41)` / `State starts fresh: <reason>`. */
export function formatReport(report: MigrationReport): string {
  if (report.fresh !== undefined) return `${report.root} starts fresh: ${report.fresh}`;
  if (report.changes.length === 0) return `${report.root} unchanged`;
  return `${report.root} migrated: ${report.changes.join(', ')}`;
}
