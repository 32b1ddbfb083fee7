#!/usr/bin/env python3
"""The lint of a Python connector or library, standard library only: compiles every .py file of the
current folder (as the interpreter would import it, nothing is run) and reports each syntax error as
<file>:<line>:<column>: <message>. It is a syntax check, not pyflakes or flake8: it says so on every run.
Folders that hold no source of the project (secrets/, virtualenvs, build output, caches) are skipped.
Exit status: 0 when every file compiles, 1 when one does not, 2 on a usage error.

Usage: python3 python-lint.py [folder]
"""
import os
import sys

SKIPPED_FOLDERS = {"secrets", ".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".eggs", ".tox", ".mypy_cache", ".pytest_cache"}


def python_files(top):
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.relpath(os.path.join(folder, name), top)


def problem_of(top, file):
    """None when the file compiles, else one line that names file, line and column."""
    try:
        with open(os.path.join(top, file), "rb") as handle:
            source = handle.read()
        compile(source, file, "exec", dont_inherit=True)
    except SyntaxError as error:  # IndentationError and TabError too
        return f"{file}:{error.lineno or 1}:{error.offset or 1}: {type(error).__name__}: {error.msg}"
    except (ValueError, UnicodeDecodeError) as error:  # null bytes, an undecodable file
        return f"{file}:1:1: {type(error).__name__}: {error}"
    except OSError as error:
        return f"{file}:1:1: cannot read: {error.strerror}"
    return None


def main(argv):
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("Usage: python3 python-lint.py [folder]", file=sys.stderr)
        return 2
    top = argv[0] if argv else "."
    if not os.path.isdir(top):
        print(f"python-lint: no folder {top} in {os.getcwd()}", file=sys.stderr)
        return 2
    files = list(python_files(top))
    problems = [problem for problem in (problem_of(top, file) for file in files) if problem]
    for problem in problems:
        print(problem)
    python = ".".join(str(part) for part in sys.version_info[:3])
    print(f"python-lint: {len(files)} files compiled with Python {python}, {len(problems)} with a syntax error (a syntax check only, not pyflakes or flake8)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
