// Turns a template's text into a render function. This file compiles with the full Handlebars, as tests running
// from src/ need; the published bundle replaces it (scripts/build.ts) with the same exports over templates
// precompiled at build time and Handlebars' runtime-only build, which loads and renders in a fraction of the time.
import Handlebars from 'handlebars';

/** Every value is escaped for its format by an explicit helper, never by Handlebars' HTML escaping. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** The environment render.ts registers its helpers on. */
export const handlebars = Handlebars.create();

/** `key` is the template's path below templates/ (forward slashes); the bundle looks its precompiled form up by it. */
export function compileTemplate(key: string, source: () => string): (values: object) => string {
  void key;
  return handlebars.compile(source(), COMPILE_OPTIONS);
}
