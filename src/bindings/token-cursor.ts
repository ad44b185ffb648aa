// A position in a token list and the bracket-aware moves every reader of Rust items needs.
import type { Token } from './tokenize.js';

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export class TokenCursor {
  pos = 0;
  constructor(readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  /** The token at `offset` is the keyword or punctuation `text` (a string literal never is). */
  is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'literal' && token.text === text;
  }

  /** Skips a balanced (), [] or {} group starting at the current token; returns the tokens inside. */
  group(): Token[] {
    const open = this.peek()!.text;
    const close = CLOSE[open]!;
    const start = this.pos + 1;
    let depth = 0;
    for (; this.pos < this.tokens.length; this.pos++) {
      const token = this.tokens[this.pos]!;
      if (token.kind !== 'punct') continue;
      if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
      else if (token.text === ')' || token.text === ']' || token.text === '}') {
        depth--;
        if (depth === 0) {
          if (token.text !== close) break;
          this.pos++;
          return this.tokens.slice(start, this.pos - 1);
        }
      }
    }
    this.pos = this.tokens.length;
    return this.tokens.slice(start);
  }

  /** `<...>` counted by angle brackets (`->` is its own token, so it never confuses the count). */
  angleGroup(): Token[] {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.tokens.length; this.pos++) {
      const t = this.tokens[this.pos]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '<') depth++;
      else if (t.text === '>' && --depth === 0) {
        this.pos++;
        return this.tokens.slice(start + 1, this.pos - 1);
      }
    }
    return this.tokens.slice(start + 1);
  }

  /** Skips an item we do not care about: up to a `;` or through a `{}` group at depth 0. */
  skipItem(): void {
    while (this.pos < this.tokens.length) {
      const token = this.peek()!;
      if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) this.group();
      else if (token.kind === 'punct' && token.text === '{') {
        this.group();
        if (this.is(';')) this.pos++;
        return;
      } else if (token.kind === 'punct' && token.text === '}') return;
      else {
        this.pos++;
        if (token.kind === 'punct' && token.text === ';') return;
      }
    }
  }
}
