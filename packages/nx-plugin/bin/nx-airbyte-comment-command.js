#!/usr/bin/env node
// Checks a pull request comment command (/test or /publish connector=connectors/<name>) for the CI workflow.
// Reads COMMENT, COMMENT_AUTHOR, PR_NUMBER and GH_TOKEN from the environment; asks GitHub for the author's
// permission and the pull request's head commit; writes command=, connector=, target=, secret=, sha= to $GITHUB_OUTPUT.
// --connector-exists <name>: checks the checked-out pull request has that connector.
'use strict';
require('./run-main')('nx-airbyte-comment-command', '../dist/ci/comment-command');
