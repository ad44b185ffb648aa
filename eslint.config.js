// Lint rules that catch bugs (unawaited promises, non-exhaustive switches, misused async callbacks) and the
// project's "no shell" rule, not matters of taste: Prettier owns layout.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const childProcess = ['child_process', 'node:child_process'];
const noShellMessage = 'No shell: spawn with an argument array from the modules that spawn (see eslint.config.js).';

/** The modules of the package that may start processes. Everything else goes through them. */
export const spawningModules = [
  'src/dev/cargo.ts',
  // The direct rustc build (issue #12): the capture wrapper cargo runs, its install, and the rustc runs.
  'src/dev/direct-build/capture-rustc.ts',
  'src/dev/direct-build/capture.ts',
  'src/dev/direct-build/lib-builder.ts',
  'src/dev/host.ts',
  'src/dev/start.ts',
  'src/doctor/index.ts',
  'src/scaffold/lazy-execa.ts',
];

const spawnFunctions = '/^(spawn|spawnSync|execFile|execFileSync|execa|execaSync)$/';

/** Ways a string could reach /bin/sh, in any file: shell option, exec*, execa's command-string and template forms. */
const noShellSyntax = [
  {
    selector:
      "Property[key.name='shell']:not([value.value=false]), Property[key.value='shell']:not([value.value=false])",
    message: `${noShellMessage} (the shell option)`,
  },
  { selector: 'CallExpression[callee.name=/^exec(Sync)?$/]', message: `${noShellMessage} (exec always uses a shell)` },
  { selector: 'MemberExpression[property.name=/^execSync$/]', message: `${noShellMessage} (execSync uses a shell)` },
  {
    selector: 'Identifier[name=/^execaCommand(Sync)?$/]',
    message: `${noShellMessage} (execaCommand parses one command string)`,
  },
  {
    selector:
      "TaggedTemplateExpression[tag.name=/^(execa|execaSync|\\$)$/], TaggedTemplateExpression[tag.object.name='$'], TaggedTemplateExpression[tag.callee.name=/^(execa|\\$)$/]",
    message: `${noShellMessage} (execa's template-string command)`,
  },
  {
    selector: `CallExpression[callee.name=${spawnFunctions}][arguments.1.type=/^(Literal|TemplateLiteral)$/]`,
    message: `${noShellMessage} (arguments as one string)`,
  },
];

/** child_process reached any other way than a static import: require() or import(). */
const childProcessLoads = [
  {
    selector: 'CallExpression[callee.name=require][arguments.0.value=/^(node:)?child_process$/]',
    message: `${noShellMessage} (require of child_process)`,
  },
  {
    selector: 'ImportExpression[source.value=/^(node:)?child_process$/]',
    message: `${noShellMessage} (import() of child_process)`,
  },
];

const execaShellForms = {
  name: 'execa',
  importNames: ['execaCommand', 'execaCommandSync', '$'],
  message: noShellMessage,
};

/** Outside the spawning modules: no child_process at all (types excepted). */
export const noShellRules = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        ...childProcess.map((name) => ({ name, allowTypeImports: true, message: noShellMessage })),
        execaShellForms,
      ],
    },
  ],
  'no-restricted-syntax': ['error', ...noShellSyntax, ...childProcessLoads],
};

/** In the spawning modules: named imports of the array-taking functions only (no namespace, default or exec). */
export const spawningModuleRules = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        ...childProcess.map((name) => ({
          name,
          allowImportNames: ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'ChildProcess', 'SpawnOptions'],
          message: noShellMessage,
        })),
        execaShellForms,
      ],
    },
  ],
  'no-restricted-syntax': ['error', ...noShellSyntax],
};

/** Type-aware rules that find bugs. */
const bugRules = {
  '@typescript-eslint/no-floating-promises': [
    'error',
    // node:test runs a describe/it whether or not its promise is awaited.
    { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
  ],
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/require-await': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/only-throw-error': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': 'error',
  '@typescript-eslint/no-base-to-string': 'error',
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  'no-constant-condition': ['error', { checkLoops: false }],
  // ANSI escapes and control characters are matched on purpose (terminal output, names).
  'no-control-regex': 'off',
  eqeqeq: ['error', 'smart'],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '**/target/', '.hot/', 'tmp/', '.demo-pack/', 'demo-app/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: { ...bugRules, ...noShellRules },
  },
  // Tests, benchmarks and scripts drive real processes; they may import child_process, never a shell. Their
  // helpers may stay async for a uniform `await` at every call site.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [execaShellForms] }],
      'no-restricted-syntax': ['error', ...noShellSyntax],
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: spawningModules, rules: spawningModuleRules },
  { files: ['**/*.js'], extends: [js.configs.recommended, tseslint.configs.disableTypeChecked] },
  { files: ['eslint.config.js'], languageOptions: { globals: globals.node } },
  // The game's page runs in the browser.
  { files: ['templates/**/page/*.js'], languageOptions: { globals: globals.browser } },
);
