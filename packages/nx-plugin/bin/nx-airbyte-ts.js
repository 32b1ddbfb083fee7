#!/usr/bin/env node
// The build steps of a TypeScript connector (install, bundle): `npx nx-airbyte-ts --help`.
'use strict';
require('./run-main')('nx-airbyte-ts', '../dist/typescript-connector/cli');
