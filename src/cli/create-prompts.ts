// The questions create-hot-reload asks in interactive mode. Each has a flag
// and a default, so non-interactive runs never reach this file.
import { UserError } from '../user-error.js';
import { NOTHING_WRITTEN } from '../scaffold/cancel.js';
import { listSome } from '../scaffold/format.js';
import type { ExistingFilesPolicy } from '../scaffold/target-dir.js';
import { DEFAULT_TEMPLATE, findTemplate, TEMPLATES } from '../scaffold/templates.js';

/** Ctrl-C or Esc at any prompt. */
function cancelled(): never {
  throw new UserError(NOTHING_WRITTEN, 130);
}

const onCancel = () => cancelled();

/** Loaded on the first question only: non-interactive runs never pay for it. */
export async function ask<T>(question: import('prompts').PromptObject): Promise<T> {
  const { default: prompts } = await import('prompts');
  return (await prompts(question, { onCancel })) as T;
}

export async function askDirectory(defaultDir: string): Promise<string> {
  const { directory } = await ask<{ directory?: string }>({
    type: 'text',
    name: 'directory',
    message: 'Project directory',
    initial: defaultDir,
  });
  return directory?.trim() || defaultDir;
}

/** Validates a template flag; in interactive mode a bad or missing one is asked again. */
export function resolveTemplate(name: string): string {
  return findTemplate(name).name;
}

export async function askTemplate(flag: string | undefined): Promise<string> {
  if (flag !== undefined) {
    try {
      return resolveTemplate(flag);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      console.error(`· ${error.message}`);
    }
  }
  const choices = TEMPLATES.map((t) => ({ title: t.name, value: t.name, description: t.description }));
  const { template } = await ask<{ template?: string }>({
    type: 'select',
    name: 'template',
    message: 'Template',
    choices,
    initial: Math.max(
      0,
      choices.findIndex((c) => c.value === DEFAULT_TEMPLATE),
    ),
  });
  return resolveTemplate(template ?? DEFAULT_TEMPLATE);
}

export async function askExistingFiles(targetDir: string, entries: readonly string[]): Promise<ExistingFilesPolicy> {
  const { policy } = await ask<{ policy?: ExistingFilesPolicy }>({
    type: 'select',
    name: 'policy',
    message: `${targetDir} is not empty (${listSome(entries)}). What now?`,
    choices: [
      { title: 'Cancel', value: 'cancel', description: 'write nothing' },
      {
        title: 'Remove existing files',
        value: 'remove',
        description: 'delete everything here except .git, then write',
      },
      {
        title: 'Write beside them',
        value: 'beside',
        description: 'keep every file; stop if the project would replace one',
      },
    ],
    initial: 0,
  });
  return policy ?? 'cancel';
}
