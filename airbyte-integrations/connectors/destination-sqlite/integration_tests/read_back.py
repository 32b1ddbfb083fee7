"""The acceptance suite's read-back hook for destination-sqlite (read_back.command in acceptance-test-config.yml).

Runs in a container of the connector's image with the same /local mount: prints the raw rows of the stream
AIRBYTE_STREAM in the namespace AIRBYTE_NAMESPACE (empty: none), one JSON object per line. Prints nothing when
the database or the stream's table does not exist yet.
"""

import json
import os
import sqlite3
import sys

with open("/data/tap_config.json", encoding="utf-8") as handle:
    path = json.load(handle)["destination_path"]
if not os.path.exists(path):
    sys.exit(0)
connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
namespace, stream = os.environ.get("AIRBYTE_NAMESPACE", ""), os.environ["AIRBYTE_STREAM"]
try:
    found = connection.execute("SELECT table_name FROM _airbyte_streams WHERE namespace = ? AND stream = ?", (namespace, stream)).fetchone()
except sqlite3.OperationalError:
    found = None
if found:
    table = '"' + found[0].replace('"', '""') + '"'
    for ab_id, emitted_at, data in connection.execute(f"SELECT _airbyte_ab_id, _airbyte_emitted_at, _airbyte_data FROM {table} ORDER BY rowid"):
        sys.stdout.write(json.dumps({"_airbyte_ab_id": ab_id, "_airbyte_emitted_at": emitted_at, "_airbyte_data": json.loads(data)}, ensure_ascii=False) + "\n")
