#!/usr/bin/env python3
"""Runs a connector's unit tests (unittest discovery, as `python3 -m unittest discover -s <dir>` does)
and also writes their results where the workspace's test summary counts them: a JSON file in the shape
of Jest's --json output (numPassedTests, numFailedTests, numPendingTests, testResults). Standard
library only. Exit status: 0 when every test passed (or was skipped), 1 otherwise, 2 on a usage error.

Usage: python3 python-unittest.py --start unit_tests --results <file.json>
"""
import argparse
import json
import os
import sys
import time
import unittest


class RecordingResult(unittest.TextTestResult):
    """Remembers each test's outcome, for the JSON file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = []

    def _record(self, test, status, message=""):
        self.outcomes.append({"test": test, "status": status, "message": message})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failed", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "failed", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "pending", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "passed")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failed", "unexpected success")


def file_of(test, start):
    module = type(test).__module__
    if module == "unittest.loader":  # a module that failed to import: unittest names the test after it
        return os.path.join(start, test.id().split(".")[-1] + ".py")
    return os.path.join(start, module.replace(".", os.sep) + ".py")


def main(argv):
    parser = argparse.ArgumentParser(description="Run unittest discovery and write Jest-style JSON results.")
    parser.add_argument("--start", default="unit_tests", help="the folder to discover tests in (default unit_tests)")
    parser.add_argument("--results", required=True, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.start):
        print(f"python-unittest: no folder {args.start} in {os.getcwd()}", file=sys.stderr)
        return 2

    started = time.time()
    # as `python3 -m unittest discover -s <start>`: the start folder is the top level (no __init__.py needed)
    suite = unittest.TestLoader().discover(args.start)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult)
    result = runner.run(suite)

    files = {}
    for outcome in result.outcomes:
        name = file_of(outcome["test"], args.start)
        entry = files.setdefault(name, {"name": os.path.abspath(name), "status": "passed", "assertionResults": []})
        entry["assertionResults"].append({"fullName": outcome["test"].id(), "status": outcome["status"], "failureMessages": [outcome["message"]] if outcome["status"] == "failed" else []})
        if outcome["status"] == "failed":
            entry["status"] = "failed"
    count = lambda status: sum(1 for outcome in result.outcomes if outcome["status"] == status)  # noqa: E731
    summary = {
        "success": result.wasSuccessful(),
        "numTotalTests": len(result.outcomes),
        "numPassedTests": count("passed"),
        "numFailedTests": count("failed"),
        "numPendingTests": count("pending"),
        "startTime": int(started * 1000),
        "testResults": list(files.values()),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    temporary = f"{args.results}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1)
    os.replace(temporary, args.results)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
