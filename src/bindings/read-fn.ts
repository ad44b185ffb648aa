// Reading `fn` items: which are exports (no_mangle, pub, extern "C"), their parameters and return type, and a
// warning in the user's words for every one that cannot be exported.
import { isNoMangle, splitTopLevel } from './attributes.js';
import type { AbiType, Param, Warning } from './model.js';
import { Refusal, TypeParser } from './parse-type.js';
import type { ItemStart, RawFunction } from './raw-items.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

/** What came before `fn`. */
export interface FnQualifiers {
  isPub: boolean;
  isUnsafe: boolean;
  isAsync: boolean;
  /** The `extern` ABI string, `C` for a bare `extern`; undefined without `extern`. */
  abi: string | undefined;
  /** Inside an `impl` or `trait` block. */
  inImpl: boolean;
}

const METHOD_REASON =
  'methods in impl blocks are not exported to the bindings; write a free #[unsafe(no_mangle)] pub extern "C" fn';

interface FnSignature {
  name: string;
  generics: Token[];
  params: Token[];
  /** Everything between the parameters and the body: `-> T where ...`. */
  rest: Token[];
}

/** After `fn`: an export, a warning saying why it is not one, or nothing for ordinary Rust. */
export function readFn(cursor: TokenCursor, start: ItemStart, q: FnQualifiers): RawFunction | Warning | undefined {
  const signature = readSignature(cursor);
  if (!signature) return undefined;
  const { name } = signature;
  const refuse = (reason: string): Warning => ({
    file: start.file,
    line: start.line,
    item: `function ${name}`,
    reason,
  });
  if (!start.attributes.some(isNoMangle)) {
    // A pub method with an extern "C" ABI looks like an export attempt; anything else is ordinary Rust.
    const looksExported = q.inImpl && q.isPub && q.abi !== undefined && q.abi !== 'Rust';
    return looksExported ? refuse(METHOD_REASON) : undefined;
  }
  const reason = notExportable(q, signature.generics);
  if (reason !== undefined) return refuse(reason);
  try {
    const params = readParams(signature.params);
    const returns = readReturn(signature.rest);
    const abi = q.abi as RawFunction['abi'];
    return { file: start.file, line: start.line, name, docs: start.docs, abi, unsafe: q.isUnsafe, params, returns };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return refuse(error.message);
  }
}

function readSignature(cursor: TokenCursor): FnSignature | undefined {
  const nameToken = cursor.peek();
  if (!nameToken || nameToken.kind !== 'ident') {
    cursor.skipItem();
    return undefined;
  }
  cursor.pos++;
  const generics = cursor.is('<') ? cursor.angleGroup() : [];
  const params = cursor.is('(') ? cursor.group() : [];
  const rest: Token[] = [];
  while (!cursor.done && !cursor.is('{') && !cursor.is(';')) rest.push(cursor.tokens[cursor.pos++]!);
  if (cursor.is('{')) cursor.group();
  else cursor.pos++;
  return { name: nameToken.text, generics, params, rest };
}

/** Why a no_mangle fn cannot be exported, judged from its qualifiers alone. */
function notExportable(q: FnQualifiers, generics: readonly Token[]): string | undefined {
  if (q.inImpl) return METHOD_REASON;
  if (q.abi === undefined || q.abi === 'Rust') {
    return 'extern "Rust" functions have no stable ABI; declare it pub extern "C"';
  }
  if (q.abi !== 'C' && q.abi !== 'C-unwind') {
    return `the ${JSON.stringify(q.abi)} ABI is not supported; declare it pub extern "C"`;
  }
  if (!q.isPub) return 'not pub; make it pub so the Rust host can call it without reloading too';
  if (q.isAsync) return 'async functions are not C ABI';
  if (generics.some((token) => token.kind === 'ident')) {
    return 'generic functions have no single C symbol; write one function per concrete type';
  }
  return undefined;
}

function readParams(tokens: readonly Token[]): Param[] {
  return splitTopLevel(tokens).map((param, index) => {
    if (param.some((t) => t.text === 'self' && t.kind === 'ident')) throw new Refusal(METHOD_REASON);
    if (param.length > 0 && param.every((t) => t.text === '.'))
      throw new Refusal('variadic functions are not supported');
    const colon = param.findIndex((t) => t.kind === 'punct' && t.text === ':');
    if (colon < 0) throw new Refusal(`cannot read parameter ${index + 1}`);
    const pattern = param.slice(0, colon).filter((t) => t.kind === 'ident' && t.text !== 'mut');
    const name = pattern.length === 1 && pattern[0]!.text !== '_' ? pattern[0]!.text : `arg${index}`;
    return { name, type: parseTypeOrRefuse(param.slice(colon + 1), `parameter ${name}`) };
  });
}

function readReturn(rest: readonly Token[]): AbiType {
  if (rest[0]?.text !== '->') return { kind: 'void' };
  const whereAt = rest.findIndex((t) => t.kind === 'ident' && t.text === 'where');
  return parseTypeOrRefuse(rest.slice(1, whereAt < 0 ? undefined : whereAt), 'return type');
}

function parseTypeOrRefuse(tokens: readonly Token[], what: string): AbiType {
  if (tokens.length === 0) throw new Refusal(`cannot read the ${what}`);
  return TypeParser.parse(tokens);
}
