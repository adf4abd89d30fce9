"""The seed's client: `python cliente.py` runs the interactive loop."""

import sys

from fluxo_caixa.cli import main

if __name__ == "__main__":
    main(["cliente", *sys.argv[1:]])
