import sys

from source_faker.source import launch

if __name__ == "__main__":
    sys.exit(launch(sys.argv[1:]))
