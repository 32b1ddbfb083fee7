import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from source_faker import source  # noqa: E402


def run(argv):
    out = io.StringIO()
    with redirect_stdout(out):
        code = source.launch(argv)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def write_json(directory, name, value):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle)
    return path


def catalog(mode):
    return {
        "streams": [
            {"stream": stream, "sync_mode": mode, "destination_sync_mode": "append"}
            for stream in source.discover()["streams"]
        ]
    }


class SourceFakerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.config = write_json(self.dir.name, "config.json", {"count": 20, "seed": 7, "records_per_slice": 5})

    def tearDown(self):
        self.dir.cleanup()

    def test_spec_emits_one_spec_message(self):
        code, messages = run(["spec"])
        self.assertEqual(code, 0)
        self.assertEqual([m["type"] for m in messages], ["SPEC"])
        self.assertIn("count", messages[0]["spec"]["connectionSpecification"]["properties"])

    def test_check_fails_on_a_count_below_one(self):
        bad = write_json(self.dir.name, "bad.json", {"count": 0})
        code, messages = run(["check", "--config", bad])
        self.assertEqual(code, 0)
        self.assertEqual(messages[0]["connectionStatus"]["status"], "FAILED")
        self.assertIn("count", messages[0]["connectionStatus"]["message"])

    def test_read_is_deterministic_for_a_seed(self):
        path = write_json(self.dir.name, "catalog.json", catalog("full_refresh"))
        _, first = run(["read", "--config", self.config, "--catalog", path])
        _, second = run(["read", "--config", self.config, "--catalog", path])
        data = lambda messages: [m["record"]["data"] for m in messages if m["type"] == "RECORD"]
        self.assertEqual(data(first), data(second))
        self.assertEqual(len([r for r in data(first) if "email" in r]), 20)

    def test_incremental_read_from_its_last_state_returns_nothing_new(self):
        path = write_json(self.dir.name, "catalog.json", catalog("incremental"))
        _, first = run(["read", "--config", self.config, "--catalog", path])
        states = [m["state"] for m in first if m["type"] == "STATE"]
        self.assertTrue(states)
        state = write_json(self.dir.name, "state.json", states)
        _, second = run(["read", "--config", self.config, "--catalog", path, "--state", state])
        self.assertEqual([m for m in second if m["type"] == "RECORD"], [])

    def test_a_missing_config_file_gives_a_trace_error_and_exit_1(self):
        code, messages = run(["discover", "--config", os.path.join(self.dir.name, "missing.json")])
        self.assertEqual(code, 1)
        self.assertEqual(messages[-1]["type"], "TRACE")
        self.assertEqual(messages[-1]["trace"]["error"]["failure_type"], "config_error")

    def test_an_unknown_stream_in_the_catalog_is_a_config_error(self):
        path = write_json(self.dir.name, "catalog.json", {"streams": [{"stream": {"name": "nope"}, "sync_mode": "full_refresh"}]})
        code, messages = run(["read", "--config", self.config, "--catalog", path])
        self.assertEqual(code, 1)
        self.assertEqual(messages[-1]["trace"]["error"]["failure_type"], "config_error")
        self.assertIn("nope", messages[-1]["trace"]["error"]["message"])


if __name__ == "__main__":
    unittest.main()
