"""A deterministic source of fake users and purchases, written with Python's standard library only.

It implements the Airbyte protocol by hand (spec, check, discover, read) so that it builds and
runs anywhere Debian's python3 does: no CDK, no PyPI.
"""

import argparse
import json
import os
import random
import sys
import time
import traceback
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
STREAMS = ("users", "purchases")
CURSOR = "updated_at"
EPOCH = datetime(2021, 1, 1, tzinfo=timezone.utc)
CITIES = ("Lyon", "Porto", "Oslo", "Kyoto", "Quito", "Accra", "Perth", "Turin")
NAMES = ("Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances")
PRODUCTS = ("keyboard", "monitor", "cable", "lamp", "chair", "desk", "mouse", "headset")


def emit(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")


def now_ms():
    return int(time.time() * 1000)


def log(level, text):
    emit({"type": "LOG", "log": {"level": level, "message": text}})


def load_json(path, what):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read the {what} file {path}: {error.strerror}")
    except ValueError as error:
        raise ConfigError(f"the {what} file {path} is not valid JSON: {error}")


class ConfigError(Exception):
    pass


def spec():
    return load_json(os.path.join(HERE, "spec.json"), "spec")


def validate_config(config):
    if not isinstance(config, dict):
        raise ConfigError("the config must be a JSON object")
    for field, minimum in (("count", 1), ("records_per_slice", 1)):
        value = config.get(field, 1)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ConfigError(f"'{field}' must be an integer of at least {minimum}, got {value!r}")
    seed = config.get("seed", 42)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ConfigError(f"'seed' must be an integer, got {seed!r}")


def check(config):
    try:
        validate_config(config)
    except ConfigError as error:
        return {"status": "FAILED", "message": str(error)}
    return {"status": "SUCCEEDED"}


def stream_schema(name):
    return load_json(os.path.join(HERE, "schemas", f"{name}.json"), f"{name} schema")


def discover():
    return {
        "streams": [
            {
                "name": name,
                "json_schema": stream_schema(name),
                "supported_sync_modes": ["full_refresh", "incremental"],
                "source_defined_cursor": True,
                "default_cursor_field": [CURSOR],
                "source_defined_primary_key": [["id"]],
            }
            for name in STREAMS
        ]
    }


def timestamp(offset_seconds):
    return (EPOCH + timedelta(seconds=offset_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(config):
    """Yields (stream, record) in cursor order per stream; the same config gives the same records."""
    rng = random.Random(config.get("seed", 42))
    purchases = []
    purchase_id = 0
    for user_id in range(1, config["count"] + 1):
        created = user_id * 3600
        user = {
            "id": user_id,
            "name": f"{rng.choice(NAMES)} {user_id}",
            "email": f"user{user_id}@example.com",
            "age": rng.choice([None, rng.randint(18, 90)]),
            "address": {"city": rng.choice(CITIES), "postal_code": f"{rng.randint(1000, 99999):05d}"},
            "created_at": timestamp(created),
            "updated_at": timestamp(created + 60),
        }
        yield "users", user
        for _ in range(rng.randint(0, 3)):
            purchase_id += 1
            bought = created + rng.randint(120, 3000)
            purchases.append(
                {
                    "id": purchase_id,
                    "user_id": user_id,
                    "product": rng.choice(PRODUCTS),
                    "amount": round(rng.uniform(1, 500), 2),
                    "purchased_at": timestamp(bought),
                    "updated_at": timestamp(bought),
                }
            )
    purchases.sort(key=lambda record: (record[CURSOR], record["id"]))
    for purchase in purchases:
        yield "purchases", purchase


def stream_cursors(state):
    """Reads the cursor of each stream from a per-stream state list or a legacy state blob."""
    cursors = {}
    if isinstance(state, list):
        for message in state:
            stream = (message or {}).get("stream") or {}
            name = (stream.get("stream_descriptor") or {}).get("name")
            value = (stream.get("stream_state") or {}).get(CURSOR)
            if name and isinstance(value, str):
                cursors[name] = value
    elif isinstance(state, dict):
        for name, blob in state.items():
            if isinstance(blob, dict) and isinstance(blob.get(CURSOR), str):
                cursors[name] = blob[CURSOR]
    return cursors


def state_message(stream, cursor):
    return {
        "type": "STATE",
        "state": {
            "type": "STREAM",
            "stream": {"stream_descriptor": {"name": stream}, "stream_state": {CURSOR: cursor}},
        },
    }


def read(config, catalog, state):
    validate_config(config)
    configured = {}
    for entry in catalog.get("streams", []):
        name = entry.get("stream", {}).get("name")
        mode = entry.get("sync_mode", "full_refresh")
        if name not in STREAMS:
            raise ConfigError(f"the catalog asks for stream '{name}', which this source does not have (it has {', '.join(STREAMS)})")
        if mode not in ("full_refresh", "incremental"):
            raise ConfigError(f"stream '{name}': unknown sync_mode '{mode}' (full_refresh or incremental)")
        configured[name] = mode
    cursors = stream_cursors(state)
    per_slice = config.get("records_per_slice", 100)
    counts = {name: 0 for name in configured}
    latest = {}
    for stream, record in generate(config):
        if stream not in configured:
            continue
        if configured[stream] == "incremental" and stream in cursors and record[CURSOR] <= cursors[stream]:
            continue
        emit({"type": "RECORD", "record": {"stream": stream, "data": record, "emitted_at": now_ms()}})
        counts[stream] += 1
        latest[stream] = record[CURSOR]
        if configured[stream] == "incremental" and counts[stream] % per_slice == 0:
            emit(state_message(stream, latest[stream]))
    for stream, mode in configured.items():
        if mode == "incremental":
            emit(state_message(stream, latest.get(stream, cursors.get(stream, timestamp(0)))))
    log("INFO", "read " + ", ".join(f"{count} {name}" for name, count in counts.items()))


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="source-faker")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("spec")
    for name in ("check", "discover"):
        commands.add_parser(name).add_argument("--config", required=True)
    reader = commands.add_parser("read")
    reader.add_argument("--config", required=True)
    reader.add_argument("--catalog", required=True)
    reader.add_argument("--state")
    return parser.parse_args(argv)


def launch(argv):
    args = parse_args(argv)
    try:
        if args.command == "spec":
            emit({"type": "SPEC", "spec": spec()})
        elif args.command == "check":
            try:
                status = check(load_json(args.config, "config"))
            except ConfigError as error:
                status = {"status": "FAILED", "message": str(error)}
            emit({"type": "CONNECTION_STATUS", "connectionStatus": status})
        elif args.command == "discover":
            validate_config(load_json(args.config, "config"))
            emit({"type": "CATALOG", "catalog": discover()})
        else:
            state = load_json(args.state, "state") if args.state else None
            read(load_json(args.config, "config"), load_json(args.catalog, "catalog"), state)
        return 0
    except Exception as error:  # the protocol wants a TRACE ERROR, not only a traceback
        failure = "config_error" if isinstance(error, ConfigError) else "system_error"
        emit(
            {
                "type": "TRACE",
                "trace": {
                    "type": "ERROR",
                    "emitted_at": now_ms(),
                    "error": {"message": str(error), "failure_type": failure, "stack_trace": traceback.format_exc()},
                },
            }
        )
        return 1
