// The templates a user can pick, with the words the prompt and errors use.
import { UserError } from '../user-error.js';

export interface TemplateInfo {
  name: string;
  description: string;
  /** The comments beside `dev` and `dev:rust` in the next steps. */
  devHint: string;
  devRustHint: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    name: 'hello-world',
    description: 'the smallest start: a Rust function prints a counter each second; edit it, the new text appears live',
    devHint: 'edit lib/src/lib.rs while it runs',
    devRustHint: 'the same with the Rust host',
  },
  {
    name: 'game',
    description:
      'a small game computed and drawn by the Rust lib; play it in the browser or the terminal and change it as you play',
    devHint: 'open the page it prints, then edit lib/src/lib.rs while you play',
    devRustHint: 'the same game in this terminal',
  },
];

export const DEFAULT_TEMPLATE = 'hello-world';

export function templateNames(): string {
  return TEMPLATES.map((t) => t.name).join(', ');
}

/** The template called `name`, or a UserError that lists the choices. */
export function findTemplate(name: string): TemplateInfo {
  const template = TEMPLATES.find((t) => t.name === name);
  if (!template) throw new UserError(`unknown template "${name}": choose one of ${templateNames()}`);
  return template;
}
