"""The README's certificate recipe ("Caixa no celular"), run exactly as written.

The two openssl configuration files and the commands are read from the README's blocks;
the only change is the one the README asks of the merchant: the computer's IP in place of
192.168.0.10.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

from support.requisitos import exigir

README = Path(__file__).resolve().parents[2] / "README.md"
README_IP = "192.168.0.10"
CA_CONFIG = "# ca.cnf - a autoridade certificadora da loja"
SERVER_CONFIG = "# servidor.cnf - o certificado do computador do caixa"
COMMANDS = "# Na pasta de ca.cnf e servidor.cnf:"
CA_NAME = "Fluxo de Caixa - CA da loja"


def readme_block(language: str, first_line: str) -> str:
    """The README's ```language block that starts with `first_line`."""
    text = README.read_text()
    start = text.index(f"```{language}\n{first_line}\n") + len(f"```{language}\n")
    return text[start : text.index("```", start)]


@dataclass(frozen=True)
class Certificados:
    ca: Path  # fluxo-caixa-ca.crt: what the phone (here, the test's client) trusts
    cert: Path  # FLUXO_TLS_CERT
    key: Path  # FLUXO_TLS_KEY

    def client_context(self) -> ssl.SSLContext:
        """Trusts our CA only, and checks the name (or IP) as a browser does."""
        return ssl.create_default_context(cafile=str(self.ca))

    @property
    def env(self) -> dict[str, str]:
        return {"FLUXO_TLS_CERT": str(self.cert), "FLUXO_TLS_KEY": str(self.key)}


def require_openssl() -> None:
    exigir(shutil.which("openssl") is not None, "openssl não instalado (apt-get install openssl)")


def make_certificates(directory: Path, ip: str) -> Certificados:
    """The shop's CA and the computer's certificate naming `ip`, made in `directory`."""
    require_openssl()
    directory.mkdir(parents=True, exist_ok=True)
    server_config = readme_block("ini", SERVER_CONFIG)
    assert README_IP in server_config, "README's servidor.cnf no longer names 192.168.0.10"
    (directory / "ca.cnf").write_text(readme_block("ini", CA_CONFIG))
    (directory / "servidor.cnf").write_text(server_config.replace(README_IP, ip))
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_block("sh", COMMANDS)],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return Certificados(
        directory / "fluxo-caixa-ca.crt",
        directory / "fluxo-caixa.crt",
        directory / "fluxo-caixa.key",
    )


def browser_home(directory: Path, ca: Path) -> Path:
    """A HOME whose NSS database trusts `ca` for websites: Chromium on Linux reads the
    user's own CAs there (~/.pki/nssdb), as a phone keeps the CA the README installs."""
    exigir(
        shutil.which("certutil") is not None,
        "certutil não instalado (apt-get install libnss3-tools)",
    )
    nssdb = directory / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    database = f"sql:{nssdb}"
    for command in (
        ["certutil", "-N", "-d", database, "--empty-password"],
        ["certutil", "-A", "-d", database, "-n", CA_NAME, "-t", "C,,", "-i", str(ca)],
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    return directory
