// The end-to-end tests (test/*.spec.ts) run the real nx binary on the built plugin: give them time.
module.exports = require('../../jest.preset.js')(__dirname, { testTimeout: 120000 });
