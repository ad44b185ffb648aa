// How a value in memory reads in a report line: `41`, `0.5`, `true`, `Running`, `{x: 1, y: 2}`, `[1, 2, 3]`.
import { InvalidBool, readScalar, showScalar } from './scalar.js';
import { sizeOf, type FieldType, type StateSchema } from './schema.js';

export function showValue(schema: StateSchema, type: FieldType, view: DataView, at: number): string {
  if ('scalar' in type) return showScalar(readScalar(view, at, type.scalar), type.scalar);
  if ('pointer' in type)
    return view.getBigUint64(at, true) === 0n ? 'null' : `0x${view.getBigUint64(at, true).toString(16)}`;
  if ('array' in type) {
    const stride = sizeOf(schema, type.array) ?? 0;
    const items = Array.from({ length: type.length }, (_, i) => showValue(schema, type.array, view, at + i * stride));
    return `[${items.join(', ')}]`;
  }
  const layout = schema.types[type.named];
  if (!layout) return '?';
  if (layout.kind === 'enum') {
    const discriminant = readScalar(view, at, layout.repr);
    const variant = layout.variants.find(
      (v) => !(discriminant instanceof InvalidBool) && BigInt(v.value) === discriminant.value,
    );
    return variant ? variant.name : `invalid discriminant ${showScalar(discriminant, layout.repr)}`;
  }
  return `{${layout.fields.map((f) => `${f.name}: ${showValue(schema, f.type, view, at + f.offset)}`).join(', ')}}`;
}
