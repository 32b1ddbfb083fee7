import sys

from destination_sqlite.destination import launch

if __name__ == "__main__":
    sys.exit(launch(sys.argv[1:]))
