// Words Rust reserves in edition 2024 (strict and reserved keywords): a crate may not be named after one, and a
// generated identifier that is one needs `r#`.
export const RUST_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'as async await break const continue crate dyn else enum extern false fn for gen if impl in let loop match mod ' +
    'move mut pub ref return self Self static struct super trait true type unsafe use where while abstract become ' +
    'box do final macro override priv try typeof unsized virtual yield'
  ).split(' '),
);
