import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // DEVELOPERS.md rule 6: money never passes through a float, config is read in one place.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money and quantities are Decimal; parse with decimal helpers.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Number', property: 'parseFloat', message: 'Money and quantities are Decimal.' },
        { object: 'process', property: 'env', message: 'Read configuration through libs/core/src/config (loadConfig/processEnv).' },
      ],
    },
  },
  {
    files: ['libs/core/src/config/app-config.ts', 'test/support/*.mjs', 'e2e-web/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
