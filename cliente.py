"""The seed's client: `python cliente.py` runs the interactive loop."""

import sys

from _venv import package_main

if __name__ == "__main__":
    # The command itself, not the group: its help says `python cliente.py`, as typed.
    package_main().commands["cliente"].main(sys.argv[1:], prog_name="python cliente.py")
