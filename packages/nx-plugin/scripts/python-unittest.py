#!/usr/bin/env python3
"""Runs a connector's unit tests and writes their results where the workspace's test summary counts
them: a JSON file in the shape of Jest's --json output (numPassedTests, numFailedTests,
numPendingTests, testResults).

- pytest, when this python3 can import it (what Airbyte connectors use: plain `def test_x(): assert ...`,
  fixtures, parametrize, unittest.TestCase classes too);
- otherwise the standard library only: unittest discovery (as `python3 -m unittest discover -s <dir>`)
  plus the module-level test_* functions and Test* classes of the test files, called without
  arguments; one that takes arguments (pytest fixtures) fails, saying that it needs pytest.
The first line says which runner ran. When the folder has test files but no test ran, that is a
failure, never "Ran 0 tests ... OK". Exit status: 0 when every test passed (or was skipped), 1
otherwise, 2 on a usage error.

Usage: python3 python-unittest.py --start unit_tests --results <file.json>
"""
import argparse
import importlib
import inspect
import json
import os
import sys
import time
import traceback
import unittest


def is_test_file(name):
    return name.endswith(".py") and (name.startswith("test") or name.endswith("_test.py"))


def test_files(start):
    found = []
    for folder, subfolders, files in os.walk(start):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        found.extend(os.path.join(folder, name) for name in sorted(files) if is_test_file(name))
    return found


class Outcomes:
    """Each test's file, name, status (passed, failed, pending) and failure message, for the JSON file."""

    def __init__(self):
        self.items = []

    def add(self, file, name, status, message=""):
        self.items.append({"file": file, "name": name, "status": status, "message": message})

    def count(self, status):
        return sum(1 for item in self.items if item["status"] == status)


class RecordingResult(unittest.TextTestResult):
    """Remembers each unittest outcome."""

    outcomes = None
    start = None

    def _record(self, test, status, message=""):
        self.outcomes.add(file_of(test, self.start), test.id(), status, message)

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


def run_with_pytest(pytest, start, outcomes):
    """pytest over the folder, each report recorded; returns pytest's exit code."""

    class Recorder:
        root = os.getcwd()

        def pytest_configure(self, config):
            self.root = str(config.rootpath)

        def pytest_collectreport(self, report):
            if report.failed:
                outcomes.add(os.path.join(self.root, report.nodeid.split("::")[0]), report.nodeid, "failed", str(report.longrepr))

        def pytest_runtest_logreport(self, report):
            file = os.path.join(self.root, report.nodeid.split("::")[0])
            if report.skipped and report.when in ("setup", "call"):
                outcomes.add(file, report.nodeid, "pending", str(report.longrepr))
            elif report.failed:
                outcomes.add(file, report.nodeid, "failed", str(report.longrepr))
            elif report.when == "call":
                outcomes.add(file, report.nodeid, "passed")

    # no .pytest_cache in the connector's folder (it would be a new file in the task's inputs)
    return int(pytest.main([start, "-v", "-p", "no:cacheprovider"], plugins=[Recorder()]))


def run_with_stdlib(start, outcomes):
    """unittest discovery, then the plain test functions and classes unittest does not collect."""
    # as `python3 -m unittest discover -s <start>`: the start folder is the top level (no __init__.py needed)
    suite = unittest.TestLoader().discover(start)
    RecordingResult.outcomes, RecordingResult.start = outcomes, start
    if suite.countTestCases():  # a module that does not import counts as one
        unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult).run(suite)
    ran = 0
    for file in test_files(start):
        module_name = os.path.splitext(os.path.relpath(file, start))[0].replace(os.sep, ".")
        module = sys.modules.get(module_name)
        if module is None:
            try:
                module = importlib.import_module(module_name)
            except Exception:  # unittest already counted a module that does not import, when it found it
                if not any(item["file"] == file for item in outcomes.items):
                    outcomes.add(file, module_name, "failed", traceback.format_exc())
                continue
        for name, test in plain_tests(module):
            ran += 1
            run_plain_test(file, f"{module_name}.{name}", test, outcomes)
    if ran:
        print(f"python-unittest: {ran} plain test functions outside unittest.TestCase", file=sys.stderr)


def plain_tests(module):
    """(name, callable) of the test_* functions and the test* methods of Test* classes that are not TestCase, as pytest collects them."""
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue  # imported from elsewhere
        if inspect.isfunction(value) and name.startswith("test"):
            yield name, value
        elif inspect.isclass(value) and name.startswith("Test") and not issubclass(value, unittest.TestCase) and "__init__" not in vars(value):
            for method in sorted(attr for attr in vars(value) if attr.startswith("test") and inspect.isfunction(vars(value)[attr])):
                yield f"{name}.{method}", (lambda cls=value, method=method: getattr(cls(), method))()


def run_plain_test(file, name, test, outcomes):
    needed = [parameter.name for parameter in inspect.signature(test).parameters.values() if parameter.default is inspect.Parameter.empty and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]
    if needed:
        message = f"{name} takes arguments ({', '.join(needed)}): pytest fixtures, which need pytest; install pytest for this python3 ({sys.executable})"
        print(f"{name} ... ERROR: {message}", file=sys.stderr)
        outcomes.add(file, name, "failed", message)
        return
    try:
        test()
    except unittest.SkipTest as skip:
        print(f"{name} ... skipped {skip}", file=sys.stderr)
        outcomes.add(file, name, "pending", str(skip))
    except Exception:  # an assert that failed, or any error: the test failed
        message = traceback.format_exc()
        print(f"{name} ... FAIL\n{message}", file=sys.stderr)
        outcomes.add(file, name, "failed", message)
    else:
        print(f"{name} ... ok", file=sys.stderr)
        outcomes.add(file, name, "passed")


def write_results(path, outcomes, started, problem):
    files = {}
    for item in outcomes.items:
        entry = files.setdefault(item["file"], {"name": os.path.abspath(item["file"]), "status": "passed", "assertionResults": []})
        entry["assertionResults"].append({"fullName": item["name"], "status": item["status"], "failureMessages": [item["message"]] if item["status"] == "failed" else []})
        if item["status"] == "failed":
            entry["status"] = "failed"
    if problem:  # counted by the summary as a suite that failed to run
        files[problem[0]] = {"name": os.path.abspath(problem[0]), "status": "failed", "message": problem[1], "assertionResults": []}
    failed = outcomes.count("failed")
    summary = {
        "success": failed == 0 and not problem,
        "numTotalTests": len(outcomes.items),
        "numPassedTests": outcomes.count("passed"),
        "numFailedTests": failed,
        "numPendingTests": outcomes.count("pending"),
        "startTime": int(started * 1000),
        "testResults": list(files.values()),
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1)
    os.replace(temporary, path)
    return summary["success"]


def main(argv):
    parser = argparse.ArgumentParser(description="Run a connector's unit tests (pytest, else unittest and plain test functions) and write Jest-style JSON results.")
    parser.add_argument("--start", default="unit_tests", help="the folder with the tests (default unit_tests)")
    parser.add_argument("--results", required=True, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.start):
        print(f"python-unittest: no folder {args.start} in {os.getcwd()}", file=sys.stderr)
        return 2

    started = time.time()
    outcomes = Outcomes()
    try:
        import pytest
    except ImportError:
        pytest = None
    if pytest:
        print(f"python-unittest: running {args.start}/ with pytest {pytest.__version__} ({sys.executable})", file=sys.stderr)
        code = run_with_pytest(pytest, args.start, outcomes)
        if code not in (0, 1, 5):  # interrupted, internal or usage error: pytest said why
            outcomes.add(args.start, f"pytest {args.start}", "failed", f"pytest exited with {code}")
    else:
        print(f"python-unittest: pytest is not importable by {sys.executable}: running {args.start}/ with unittest discovery and plain test_* functions (standard library)", file=sys.stderr)
        run_with_stdlib(args.start, outcomes)

    problem = None
    files = test_files(args.start)
    if not outcomes.items and files:
        shown = ", ".join(os.path.relpath(file, args.start) for file in files[:5]) + (", ..." if len(files) > 5 else "")
        problem = (args.start, f"{args.start}/ has test files ({shown}) but no test was collected from them: name tests test_* (functions, or methods of Test* classes or unittest.TestCase subclasses)")
        print(f"python-unittest: {problem[1]}", file=sys.stderr)
    elif not files:
        print(f"python-unittest: no test files (test*.py, *_test.py) in {args.start}/, nothing to run", file=sys.stderr)
    return 0 if write_results(args.results, outcomes, started, problem) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
