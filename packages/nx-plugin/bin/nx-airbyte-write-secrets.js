#!/usr/bin/env node
// Writes each connector's secrets/ files from SOURCE_<NAME>_CREDS variables, for CI: `npx nx-airbyte-write-secrets --help`.
'use strict';
require('./run-main')('nx-airbyte-write-secrets', '../dist/ci/write-secrets');
