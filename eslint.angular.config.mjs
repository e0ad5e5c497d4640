import nx from '@nx/eslint-plugin';
import baseConfig from './eslint.config.mjs';

/** Every Angular project (scope:web): the base rules plus Angular's, with our `ag` selector prefix. */
export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'ag', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'ag', style: 'kebab-case' }],
    },
  },
];
