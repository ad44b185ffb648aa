// host/main.ts for a project set up by --init: a TypeScript host that loads the
// user's lib and, when it can without guessing arguments, calls one of its
// functions once a second, so `npm run dev` shows an edit at once.
import type { AbiType, ExportedFunction, LibModel, StructDef } from '../bindings/model.js';

export function hostMainTs(model: LibModel): string {
  const structs = new Map(model.structs.map((s) => [s.name, s]));
  /** The struct a parameter points at, when it is all plain numbers (so zeroes are a fair start). */
  const zeroable = (param: ExportedFunction['params'][number]): StructDef | undefined => {
    const type = param.type;
    if (type.kind !== 'pointer' || type.nullable || type.to.kind !== 'named') return undefined;
    const struct = structs.get(type.to.name);
    return struct?.fields.every((f) => f.type.kind === 'primitive') ? struct : undefined;
  };
  const isPrimitive = (param: ExportedFunction['params'][number]): boolean => param.type.kind === 'primitive';
  const callable = model.functions.find((fn) => fn.params.every((p) => isPrimitive(p) || zeroable(p)));
  const argStructs = callable ? callable.params.flatMap((p) => zeroable(p) ?? []) : [];
  const imports = ['bindings', ...new Set(argStructs.map((s) => s.name))].join(', ');
  const lines = [
    '// The TypeScript host, made by `create-hot-reload --init`: `npm run dev` runs it and swaps in every',
    '// build of the lib. Call the lib through `lib.api` (always the version loaded last); the bindings in',
    "// lib.generated.ts are regenerated from the lib's sources on every build.",
    "import { loadLib } from 'create-hot-reload/runtime';",
    `import { ${imports} } from './lib.generated.js';`,
    '',
    'const lib = await loadLib(bindings);',
    '',
  ];
  if (!callable) {
    const names = model.functions.map((fn) => fn.name);
    lines.push(`// Exported now: ${names.join(', ') || 'nothing yet'}. Call them here, e.g. once a second:`);
    lines.push(`// setInterval(() => lib.api.${names[0] ?? 'your_function'}(/* arguments */), 1000);`);
    lines.push('setInterval(() => {}, 1000);');
    return `${lines.join('\n')}\n`;
  }
  const structArgs = argStructs.map((struct, i) => {
    const name = `${struct.name[0]!.toLowerCase()}${struct.name.slice(1)}${argStructs.length > 1 ? i + 1 : ''}`;
    const zeroes = struct.fields.map((f) => `${f.name}: ${zeroOf(f.type)}`);
    lines.push('// Allocated outside the library, so it survives every swap.');
    lines.push(`const ${name} = lib.alloc(${struct.name}, { ${zeroes.join(', ')} });`);
    return name;
  });
  let nextStruct = 0;
  const args = callable.params.map((p) => (isPrimitive(p) ? zeroOf(p.type) : structArgs[nextStruct++]!));
  const call = `lib.api.${callable.name}(${args.join(', ')})`;
  if (structArgs.length) lines.push('');
  lines.push(
    callable.returns.kind === 'void'
      ? `setInterval(() => ${call}, 1000);`
      : `setInterval(() => console.log('${callable.name}:', ${call}), 1000);`,
  );
  return `${lines.join('\n')}\n`;
}

function zeroOf(type: AbiType): string {
  return type.kind === 'primitive' && type.name === 'bool' ? 'false' : '0';
}
