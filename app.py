"""The seed's entry point: `python app.py` starts the services."""

from _venv import package_main

if __name__ == "__main__":
    package_main()(["serve"])
