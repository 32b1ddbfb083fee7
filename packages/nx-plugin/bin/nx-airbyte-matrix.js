#!/usr/bin/env node
// The affected connectors with a target, as a CI matrix: `npx nx-airbyte-matrix --help`.
'use strict';
require('./run-main')('nx-airbyte-matrix', '../dist/ci/matrix-cli');
