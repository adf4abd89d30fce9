"""The seed's client: `python cliente.py` runs the interactive loop."""

import sys

from _venv import package_main

if __name__ == "__main__":
    package_main()(["cliente", *sys.argv[1:]])
