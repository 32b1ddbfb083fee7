"""The SQLite destination: the Airbyte protocol (spec, check, write) on Python's standard library (sqlite3).

Records go into one SQLite database file under /local (the host folder Airbyte mounts into the container), one
raw table per stream: _airbyte_ab_id, _airbyte_emitted_at, _airbyte_data (the record as JSON text). The table
_airbyte_streams maps (namespace, stream) to its table, so streams of the same name in different namespaces
never mix. overwrite empties the stream's table when the sync starts, append adds, append_dedup keeps the
latest record of each primary key (in message order). A STATE is echoed after the transaction holding every
record before it is committed.
"""

import argparse
import json
import os
import re
import sqlite3
import sys
import time
import traceback
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
LOCAL_ROOT = "/local"
SYNC_MODES = ("overwrite", "append", "append_dedup")
STREAMS_TABLE = "_airbyte_streams"
# Test hooks of the acceptance suite's own Docker tests: BREAK=drop_records,early_state,ignore_overwrite
# turns this destination into the broken variants the suite must fail (docs/connectors/destination-sqlite.md).
BREAK = set(filter(None, os.environ.get("BREAK", "").split(",")))


class ConfigError(Exception):
    """A problem the user can fix in the config or catalog: reported as a config_error TRACE."""


def emit(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


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


def spec():
    return load_json(os.path.join(HERE, "spec.json"), "spec")


def local_root():
    """Where /local is; the unit tests point AIRBYTE_LOCAL_ROOT at a temporary folder."""
    return os.environ.get("AIRBYTE_LOCAL_ROOT", LOCAL_ROOT)


def database_path(config):
    """The database file: destination_path, which must be a file under /local."""
    path = config.get("destination_path") if isinstance(config, dict) else None
    if not isinstance(path, str) or not path.strip():
        raise ConfigError("destination_path must be a non-empty string")
    if not path.startswith(LOCAL_ROOT + "/"):
        raise ConfigError(f"destination_path must be a file under {LOCAL_ROOT}, got {path!r}")
    root = os.path.realpath(local_root())
    resolved = os.path.realpath(os.path.join(root, path[len(LOCAL_ROOT) + 1:]))
    if os.path.commonpath([root, resolved]) != root or resolved == root:
        raise ConfigError(f"destination_path must be a file under {LOCAL_ROOT}, got {path!r}")
    return resolved


def connect(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute(f"CREATE TABLE IF NOT EXISTS {STREAMS_TABLE} (namespace TEXT NOT NULL, stream TEXT NOT NULL, table_name TEXT NOT NULL UNIQUE, PRIMARY KEY (namespace, stream))")
    return connection


def check(config):
    try:
        connection = connect(database_path(config))
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        connection.close()
    except ConfigError as error:
        return {"status": "FAILED", "message": str(error)}
    except (OSError, sqlite3.Error) as error:
        return {"status": "FAILED", "message": f"cannot write the database at destination_path: {error}"}
    return {"status": "SUCCEEDED"}


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def table_for(connection, namespace, stream):
    """The raw table of a stream, created on first use; its name is readable and never shared."""
    row = connection.execute(f"SELECT table_name FROM {STREAMS_TABLE} WHERE namespace = ? AND stream = ?", (namespace or "", stream)).fetchone()
    if row:
        return row[0]
    base = "_airbyte_raw_" + re.sub(r"[^A-Za-z0-9_]", "_", (namespace + "_" if namespace else "") + stream)
    name, suffix = base, 1
    while connection.execute(f"SELECT 1 FROM {STREAMS_TABLE} WHERE table_name = ?", (name,)).fetchone():
        suffix += 1
        name = f"{base}_{suffix}"
    connection.execute(f"INSERT INTO {STREAMS_TABLE} (namespace, stream, table_name) VALUES (?, ?, ?)", (namespace or "", stream, name))
    connection.execute(f"CREATE TABLE IF NOT EXISTS {quote(name)} (_airbyte_ab_id TEXT PRIMARY KEY, _airbyte_emitted_at INTEGER, _airbyte_data TEXT NOT NULL, _airbyte_key TEXT)")
    connection.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {quote(name + '_key')} ON {quote(name)} (_airbyte_key)")
    return name


def key_of(data, primary_key):
    values = []
    for path in primary_key:
        node = data
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        values.append(node)
    return json.dumps(values, sort_keys=True)


class StreamWriter:
    def __init__(self, connection, configured):
        stream = configured.get("stream") or {}
        self.mode = configured.get("destination_sync_mode")
        if self.mode not in SYNC_MODES:
            raise ConfigError(f"stream {stream.get('name')}: destination_sync_mode {self.mode!r} is not supported ({', '.join(SYNC_MODES)})")
        self.primary_key = configured.get("primary_key") or stream.get("source_defined_primary_key") or []
        if self.mode == "append_dedup" and not self.primary_key:
            raise ConfigError(f"stream {stream.get('name')}: append_dedup needs a primary_key")
        self.table = quote(table_for(connection, stream.get("namespace"), stream["name"]))
        if self.mode == "overwrite" and "ignore_overwrite" not in BREAK:
            connection.execute(f"DELETE FROM {self.table}")

    def write(self, connection, record):
        data = json.dumps(record.get("data"), ensure_ascii=False, separators=(",", ":"))
        values = (str(uuid.uuid4()), record.get("emitted_at"), data)
        if self.mode == "append_dedup":
            key = key_of(record.get("data") or {}, self.primary_key)
            connection.execute(
                f"INSERT INTO {self.table} (_airbyte_ab_id, _airbyte_emitted_at, _airbyte_data, _airbyte_key) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (_airbyte_key) DO UPDATE SET _airbyte_ab_id = excluded._airbyte_ab_id, _airbyte_emitted_at = excluded._airbyte_emitted_at, _airbyte_data = excluded._airbyte_data",
                values + (key,),
            )
        else:
            connection.execute(f"INSERT INTO {self.table} (_airbyte_ab_id, _airbyte_emitted_at, _airbyte_data) VALUES (?, ?, ?)", values)


def write(config, catalog, input_lines):
    """
    Reads the messages of a sync and writes the records of the configured streams (others are ignored, as
    the protocol asks) in one transaction per checkpoint: at each STATE the transaction is committed, then
    the STATE is echoed, so the platform resumes from a state whose records are all stored.
    """
    connection = connect(database_path(config))
    connection.execute("BEGIN")
    writers = {}
    for configured in catalog.get("streams", []) if isinstance(catalog, dict) else []:
        stream = configured.get("stream") or {}
        writers[(stream.get("namespace") or "", stream.get("name"))] = StreamWriter(connection, configured)
    records = 0
    for line in input_lines:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            log("WARN", f"ignored an input line that is not an Airbyte message: {line[:80]}")
            continue
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "RECORD":
            record = message.get("record") or {}
            writer = writers.get((record.get("namespace") or "", record.get("stream")))
            if writer is None:
                continue
            records += 1
            if "drop_records" in BREAK and records % 3 == 0:
                continue
            writer.write(connection, record)
        elif kind == "STATE":
            if "early_state" in BREAK:
                emit(message)  # broken on purpose: echoed before the records before it are committed
                continue
            connection.execute("COMMIT")
            emit(message)
            connection.execute("BEGIN")
    connection.execute("COMMIT")
    connection.close()
    log("INFO", f"wrote {records} records")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="destination-sqlite")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("spec")
    commands.add_parser("check").add_argument("--config", required=True)
    writer = commands.add_parser("write")
    writer.add_argument("--config", required=True)
    writer.add_argument("--catalog", required=True)
    return parser.parse_args(argv)


def launch(argv, stdin=None):
    """Runs one protocol command; returns the process exit code."""
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
        else:
            write(load_json(args.config, "config"), load_json(args.catalog, "catalog"), stdin or sys.stdin)
        return 0
    except Exception as error:  # the protocol wants a TRACE ERROR, not only a traceback
        failure = "config_error" if isinstance(error, ConfigError) else "system_error"
        emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": int(time.time() * 1000), "error": {"message": str(error), "failure_type": failure, "stack_trace": traceback.format_exc()}}})
        return 1
