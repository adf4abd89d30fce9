"""Dependencies point inward (DESIGN §2): read from the source, not from a convention."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "fluxo_caixa"
SERVICES = ("lancamentos", "consolidado", "cliente", "cli")
# The entrypoints: they wire the services up and may import them.
ENTRYPOINTS = ("server", "__main__", "cli")
# Known and not yet fixed (issue 10 left it to a later change): the CSV import reads the
# file with formats.csv_br (pure parsing, which imports only the domain) inside db/.
# Nothing else may be added here.
DB_KNOWN_EXCEPTIONS = {("fluxo_caixa.db.importacao", "fluxo_caixa.formats")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every fluxo_caixa module `path` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "fluxo_caixa" or name.startswith("fluxo_caixa.")}


def sources(layer: str = "") -> list[Path]:
    root = PACKAGE / layer if layer else PACKAGE
    return sorted(root.rglob("*.py"))


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_domain_imports_nothing_of_ours() -> None:
    for path in sources("domain"):
        outside = {n for n in imports_of(path) if not within(n, "fluxo_caixa.domain")}
        assert not outside, f"{module_name(path)} imports {sorted(outside)}"


def test_db_imports_only_the_domain_and_itself() -> None:
    for path in sources("db"):
        module = module_name(path)
        outside = {
            n
            for n in imports_of(path)
            if not within(n, "fluxo_caixa.domain")
            and not within(n, "fluxo_caixa.db")
            and not any(module == m and within(n, p) for m, p in DB_KNOWN_EXCEPTIONS)
        }
        assert not outside, f"{module} imports {sorted(outside)}"


def test_no_module_imports_a_service_but_the_service_and_the_entrypoints() -> None:
    for path in sources():
        module = module_name(path)
        if module.removeprefix("fluxo_caixa.").split(".")[0] in ENTRYPOINTS:
            continue
        for service in SERVICES:
            package = f"fluxo_caixa.{service}"
            if within(module, package):
                continue
            wrong = {n for n in imports_of(path) if within(n, package)}
            assert not wrong, f"{module} imports {sorted(wrong)}"
