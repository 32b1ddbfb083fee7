#!/usr/bin/env node
// Checks a pull request comment command (/test or /publish connector=connectors/<name>) for the CI workflow.
// Reads COMMENT and AUTHOR_ASSOCIATION from the environment; writes command=, connector=, target= to $GITHUB_OUTPUT.
'use strict';
require('./run-main')('nx-airbyte-comment-command', '../dist/ci/comment-command');
