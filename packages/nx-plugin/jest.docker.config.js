// Docker-backed tests: *.docker.spec.ts, run against the real engine (tools/bootstrap brings one up).
module.exports = require('../../jest.preset.js')(__dirname, {
  testMatch: ['<rootDir>/src/**/*.docker.spec.ts', '<rootDir>/test/**/*.docker.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 180000,
});
