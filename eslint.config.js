// ESLint flat config: typescript-eslint's type-aware rules over every TypeScript source.
// Formatting is Prettier's job (npm run format); nothing here overlaps with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', '**/cdk.out/**', 'node_modules/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // fastify hooks and handlers are async by contract (a plain function must call done()), and
      // interface implementations return promises without awaiting: an async function with no
      // await is not a bug here. The promise rules above catch the ones that are.
      '@typescript-eslint/require-await': 'off',
      // Node runs the sources with its own type stripping, which resolves a specifier as written: a
      // relative import must name the .ts file (tsc alone would accept './x.js' and Node would not).
      'no-restricted-syntax': [
        'error',
        ...['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].map((node) => ({
          selector: `${node} > Literal.source[value=/^\\.\\.?\\/.*\\.js$/]`,
          message: "Name the TypeScript file: './x.ts', not './x.js' (Node resolves specifiers as written).",
        })),
      ],
    },
  },
  {
    // aws-local reads request bodies that protocol/shape.ts has already validated against each
    // operation's declarative input shape; they are JSON values typed `any` on purpose. Tests and
    // benches read JSON responses the same way. Everywhere else the unsafe-any rules hold.
    files: ['services/aws-local/**', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // tap owns the promises of the subtests and assertions it queues (t.test, t.rejects): it
    // awaits them itself, so an unawaited one in a test file is not lost.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // Plain JavaScript (build scripts, bundle loader, fixtures): no type information.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
