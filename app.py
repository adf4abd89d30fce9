"""The seed's entry point: `python app.py` starts the services."""

from fluxo_caixa.cli import main

if __name__ == "__main__":
    main(["serve"])
