// Shared Jest settings: TypeScript through ts-jest (type checking is the typecheck target's job),
// and workspace packages resolved to their sources so tests never need a prior build.
const path = require('node:path');

module.exports = function jestConfig(dir, overrides = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(dir, 'tsconfig.spec.json') }],
    },
    moduleNameMapper: {
      '^@nx-airbyte/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.docker\\.spec\\.ts$'],
    ...overrides,
  };
};
