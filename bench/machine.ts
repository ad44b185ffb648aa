// The machine a benchmark ran on, for the header of bench/RESULTS.md: numbers
// mean little without the core count, CPU, Node and cargo behind them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  cargo: string;
  rustc: string;
  os: string;
  date: string;
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return `${command}: not found`;
  }
}

export function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux: os.cpus() said it
  }
  return {
    cores: Number(firstLine('nproc', [])) || os.availableParallelism(),
    cpu,
    node: process.version,
    cargo: firstLine('cargo', ['--version']),
    rustc: firstLine('rustc', ['--version']),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export function formatMachine(m: Machine): string {
  return [
    `- date: ${m.date}`,
    `- cores (nproc): ${m.cores}; CPU: ${m.cpu}`,
    `- ${m.os}; Node ${m.node}; ${m.cargo}; ${m.rustc}`,
  ].join('\n');
}
