// Rust type syntax -> AbiType. Named types stay unresolved here (`named`);
// `validate.ts` checks them against the structs and enums that were found.
// Anything that cannot cross the C ABI throws a Refusal whose message tells the
// user what to write instead: those messages are the product, keep them exact.
import type { AbiType, PrimitiveName } from './model.js';
import type { Token } from './tokenize.js';

export class Refusal extends Error {}

const PRIMITIVES: Record<string, PrimitiveName> = {
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  isize: 'isize',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  usize: 'usize',
  f32: 'f32',
  f64: 'f64',
  bool: 'bool',
  c_char: 'c_char',
  // std::ffi / core::ffi aliases with one size on every platform we run on.
  c_schar: 'i8',
  c_uchar: 'u8',
  c_short: 'i16',
  c_ushort: 'u16',
  c_int: 'i32',
  c_uint: 'u32',
  c_longlong: 'i64',
  c_ulonglong: 'u64',
  c_float: 'f32',
  c_double: 'f64',
};

/** Names whose refusal has a specific, actionable reason. */
const REFUSED: Record<string, string> = {
  str: 'str is not C ABI; take *const c_char',
  String: 'String is not C ABI; take or return *const c_char',
  Vec: 'Vec<T> is not C ABI; take *const T (or *mut T) and a length',
  Box: 'Box<T> is not C ABI; take or return *mut T',
  char: 'char is not C ABI; take u32',
  i128: 'i128 is not supported by koffi; split it into two 64-bit integers',
  u128: 'u128 is not supported by koffi; split it into two 64-bit integers',
  Self: 'Self is not supported; name the type',
};

/** A cursor over the tokens of one type. */
export class TypeParser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Parses the whole slice as one type. */
  static parse(tokens: readonly Token[]): AbiType {
    const parser = new TypeParser(tokens);
    const type = parser.type();
    if (parser.pos < tokens.length) throw new Refusal(`cannot read the type \`${text(tokens)}\``);
    return type;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private is(text: string, offset = 0): boolean {
    return this.peek(offset)?.text === text && this.peek(offset)?.kind !== 'literal';
  }
  private take(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new Refusal(`incomplete type \`${text(this.tokens)}\``);
    return token;
  }
  private expect(expected: string): void {
    const token = this.take();
    if (token.text !== expected) throw new Refusal(`cannot read the type \`${text(this.tokens)}\``);
  }

  type(): AbiType {
    const token = this.peek();
    if (!token) throw new Refusal('missing type');
    if (token.text === '(') {
      this.take();
      if (this.is(')')) {
        this.take();
        return { kind: 'void' };
      }
      throw new Refusal('tuples are not C ABI; use a #[repr(C)] struct');
    }
    if (token.text === '!') throw new Refusal('the never type ! is not supported; return ()');
    if (token.text === '&') return this.reference(false);
    if (token.text === '*') {
      this.take();
      const mutability = this.take().text;
      if (mutability !== 'const' && mutability !== 'mut')
        throw new Refusal(`cannot read the type \`${text(this.tokens)}\``);
      const to = this.type();
      if (to.kind === 'primitive' && to.name === 'c_char') return { kind: 'cstring', mutable: mutability === 'mut' };
      return { kind: 'pointer', to, mutable: mutability === 'mut', nullable: true, reference: false };
    }
    if (token.text === '[') {
      this.take();
      const element = this.type();
      if (this.is(']')) throw new Refusal('slices are not C ABI; take *const T and a length');
      this.expect(';');
      const lengthToken = this.take();
      const length = lengthToken.kind === 'literal' ? parseIntegerLiteral(lengthToken.text) : undefined;
      if (length === undefined || length < 0)
        throw new Refusal('array lengths must be an integer literal, e.g. [f32; 4]');
      this.expect(']');
      return { kind: 'array', element, length: Number(length) };
    }
    if (token.text === 'unsafe' || token.text === 'extern' || token.text === 'fn') return this.functionPointer(false);
    if (token.text === 'dyn' || token.text === 'impl') {
      throw new Refusal('trait objects are not C ABI; take a pointer to a #[repr(C)] struct or an extern "C" fn');
    }
    if (token.text === 'for') throw new Refusal('higher-ranked fn pointers (for<..>) are not supported');
    return this.path();
  }

  /** `&T`, `&mut T`, `&'a T`. */
  private reference(nullable: boolean): AbiType {
    this.expect('&');
    if (this.peek()?.kind === 'lifetime') this.take();
    const mutable = this.is('mut');
    if (mutable) this.take();
    if (this.is('str')) throw new Refusal('&str is not C ABI; take *const c_char');
    if (this.is('[')) throw new Refusal('slices are not C ABI; take *const T and a length');
    if (this.is('dyn') || this.is('impl')) {
      throw new Refusal('trait objects are not C ABI; take a pointer to a #[repr(C)] struct or an extern "C" fn');
    }
    const to = this.type();
    return { kind: 'pointer', to, mutable, nullable, reference: true };
  }

  /** `[unsafe] extern "C" fn(A, b: B) -> R`. */
  private functionPointer(nullable: boolean): AbiType {
    let isUnsafe = false;
    if (this.is('unsafe')) {
      this.take();
      isUnsafe = true;
    }
    let abi = 'Rust';
    if (this.is('extern')) {
      this.take();
      abi = this.peek()?.kind === 'literal' ? (JSON.parse(this.take().text) as string) : 'C';
    }
    this.expect('fn');
    if (abi !== 'C' && abi !== 'C-unwind') {
      throw new Refusal(`fn pointers with the ${JSON.stringify(abi)} ABI are not C ABI; write extern "C" fn(..)`);
    }
    this.expect('(');
    const params: AbiType[] = [];
    while (!this.is(')')) {
      // An optional parameter name: `name: Type`.
      if (this.peek()?.kind === 'ident' && this.is(':', 1) && !this.is('::', 1)) {
        this.take();
        this.take();
      }
      if (this.is('.')) throw new Refusal('variadic callbacks are not supported');
      params.push(this.type());
      if (this.is(',')) this.take();
      else break;
    }
    this.expect(')');
    let returns: AbiType = { kind: 'void' };
    if (this.is('->')) {
      this.take();
      returns = this.type();
    }
    return { kind: 'function', params, returns, nullable, unsafe: isUnsafe, abi };
  }

  private path(): AbiType {
    if (this.is('::')) this.take();
    let last = this.take();
    while (this.is('::')) {
      this.take();
      last = this.take();
    }
    if (last.kind !== 'ident') throw new Refusal(`cannot read the type \`${text(this.tokens)}\``);
    const name = last.text;
    if (this.is('<')) {
      this.take();
      if (name === 'Option') {
        const inner = this.is('&')
          ? this.reference(true)
          : this.is('unsafe') || this.is('extern') || this.is('fn')
            ? this.functionPointer(true)
            : undefined;
        if (!inner || !this.is('>')) {
          throw new Refusal('Option<T> is C ABI only around a reference or an extern "C" fn; use a nullable *const T');
        }
        this.take();
        return inner;
      }
      throw new Refusal(REFUSED[name] ?? `${name}<..> is not C ABI; use a #[repr(C)] struct or a pointer`);
    }
    const refused = REFUSED[name];
    if (refused) throw new Refusal(refused);
    const primitive = PRIMITIVES[name];
    if (primitive) return { kind: 'primitive', name: primitive };
    if (name === 'c_void') return { kind: 'void' };
    return { kind: 'named', name };
  }
}

export function text(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    const glue =
      !previous ||
      previous.text === '&' ||
      previous.text === '::' ||
      previous.text === '*' ||
      previous.text === '(' ||
      previous.text === '[' ||
      previous.text === '<' ||
      token.text === ')' ||
      token.text === ']' ||
      token.text === '>' ||
      token.text === ',' ||
      token.text === ';' ||
      token.text === '::' ||
      token.text === '(' ||
      token.text === '<';
    out += (glue ? '' : ' ') + token.text;
  });
  return out;
}

/** Integer literal text (`42`, `-1`, `0x10_u8`, `1_000i32`) -> value, or undefined if it is not one. */
export function parseIntegerLiteral(literal: string): bigint | undefined {
  const match = /^(-?)(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*)(?:[iu](?:8|16|32|64|128|size))?$/.exec(
    literal.trim(),
  );
  if (!match) return undefined;
  const digits = match[2]!.replace(/_/g, '');
  const value = BigInt(digits.startsWith('0o') ? '0o' + digits.slice(2) : digits);
  return match[1] ? -value : value;
}
