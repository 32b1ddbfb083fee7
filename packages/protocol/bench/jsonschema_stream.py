"""Variant (c) of validation.bench.js: Python jsonschema's Draft7Validator streaming the same NDJSON.

Run with Debian's interpreter and package (/usr/bin/python3, apt python3-jsonschema), as the
acceptance tests' own Python stack would: json.loads + iter_errors per line, nothing kept.
Prints {"records", "errors", "seconds", "cpuSeconds"} as JSON.
"""
import json
import sys
import time

from jsonschema import Draft7Validator


def main(data_path: str, schema_path: str) -> None:
    with open(schema_path, encoding="utf-8") as schema_file:
        validator = Draft7Validator(json.load(schema_file))
    records = 0
    errors = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    with open(data_path, "rb") as lines:
        for line in lines:
            message = json.loads(line)
            if message.get("type") == "RECORD":
                records += 1
                for _ in validator.iter_errors(message["record"]["data"]):
                    errors += 1
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"records": records, "errors": errors, "seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
