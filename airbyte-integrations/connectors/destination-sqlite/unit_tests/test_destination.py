import io
import json
import os
import sqlite3
import tempfile
import unittest
from contextlib import redirect_stdout

from destination_sqlite import destination


def catalog(mode, namespace=None, primary_key=None):
    stream = {"name": "users", "json_schema": {"type": "object"}, "supported_sync_modes": ["full_refresh"]}
    if namespace:
        stream["namespace"] = namespace
    return {"streams": [{"stream": stream, "sync_mode": "full_refresh", "destination_sync_mode": mode, "primary_key": primary_key or [["id"]]}]}


def record(data, namespace=None):
    message = {"type": "RECORD", "record": {"stream": "users", "data": data, "emitted_at": 1}}
    if namespace:
        message["record"]["namespace"] = namespace
    return json.dumps(message)


STATE = json.dumps({"type": "STATE", "state": {"data": {"cursor": 1}}})


class DestinationTest(unittest.TestCase):
    def setUp(self):
        self.local = tempfile.TemporaryDirectory()
        os.environ["AIRBYTE_LOCAL_ROOT"] = self.local.name
        self.config = {"destination_path": "/local/db/test.sqlite3"}

    def tearDown(self):
        del os.environ["AIRBYTE_LOCAL_ROOT"]
        self.local.cleanup()

    def write(self, lines, mode="append", namespace=None):
        out = io.StringIO()
        with redirect_stdout(out):
            destination.write(self.config, catalog(mode, namespace), lines)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    def stored(self, namespace=""):
        connection = sqlite3.connect(os.path.join(self.local.name, "db", "test.sqlite3"))
        table = connection.execute("SELECT table_name FROM _airbyte_streams WHERE namespace = ? AND stream = 'users'", (namespace,)).fetchone()[0]
        return [json.loads(row[0]) for row in connection.execute(f'SELECT _airbyte_data FROM "{table}" ORDER BY rowid')]

    def test_spec_lists_the_three_modes(self):
        self.assertEqual(destination.spec()["supported_destination_sync_modes"], ["overwrite", "append", "append_dedup"])

    def test_check_accepts_a_file_under_local_and_refuses_anything_else(self):
        self.assertEqual(destination.check(self.config), {"status": "SUCCEEDED"})
        self.assertEqual(destination.check({"destination_path": "/etc/x.sqlite3"})["status"], "FAILED")
        self.assertEqual(destination.check({"destination_path": "/local/../etc/x"})["status"], "FAILED")

    def test_write_stores_records_and_echoes_the_state_after_them(self):
        output = self.write([record({"id": 1, "name": "Zoë\r\n"}), STATE, record({"id": 2})])
        self.assertEqual([message["type"] for message in output], ["STATE", "LOG"])
        self.assertEqual(self.stored(), [{"id": 1, "name": "Zoë\r\n"}, {"id": 2}])

    def test_overwrite_replaces_and_append_adds(self):
        self.write([record({"id": 1})])
        self.write([record({"id": 2})], mode="append")
        self.assertEqual(self.stored(), [{"id": 1}, {"id": 2}])
        self.write([record({"id": 3})], mode="overwrite")
        self.assertEqual(self.stored(), [{"id": 3}])

    def test_append_dedup_keeps_the_latest_record_of_each_key(self):
        self.write([record({"id": 1, "v": 1}), record({"id": 2, "v": 1})], mode="append_dedup")
        self.write([record({"id": 1, "v": 2})], mode="append_dedup")
        self.assertEqual(sorted(self.stored(), key=lambda data: data["id"]), [{"id": 1, "v": 2}, {"id": 2, "v": 1}])

    def test_namespaces_get_their_own_tables(self):
        self.write([record({"id": 1})])
        self.write([record({"id": 2}, "other")], namespace="other")
        self.assertEqual(self.stored(), [{"id": 1}])
        self.assertEqual(self.stored("other"), [{"id": 2}])

    def test_records_of_streams_not_in_the_catalog_are_ignored(self):
        self.write([json.dumps({"type": "RECORD", "record": {"stream": "other", "data": {"id": 9}, "emitted_at": 1}}), record({"id": 1})])
        self.assertEqual(self.stored(), [{"id": 1}])


if __name__ == "__main__":
    unittest.main()
