"""What a browser fetches on a page's first load: the page, then every file it references.

The HTML's scripts, stylesheets, manifest, icons and images, then the imports of each
JavaScript module, recursively, as a browser loading ES modules does, and the service
worker a script registers (not the files that worker then caches on its own); only files of
the same origin (a CDN is not ours to measure). Sizes as they cross the wire, with the
gzip a browser accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

CABECALHOS = {"Accept-Encoding": "gzip", "Accept": "text/html,*/*"}
_RELS = {"stylesheet", "manifest", "icon", "apple-touch-icon", "modulepreload", "preload"}
# import x from "./a.js"; import "./b.js"; export {y} from "./c.js"; import("./d.js")
_IMPORTS = re.compile(
    r"""(?:\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?|\bexport\s*[\w*{}\s,$]+?\s*from\s*|\bimport\s*\(\s*)"""
    r"""["']([^"'\s]+)["']"""
    r"""|\bserviceWorker\.register\(\s*["']([^"'\s]+)["']"""
)


class _Referencias(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.encontradas: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        atributos = {k: v or "" for k, v in attrs}
        if tag in ("script", "img") and atributos.get("src"):
            self.encontradas.append(atributos["src"])
        elif (
            tag == "link"
            and atributos.get("href")
            and _RELS & set(atributos.get("rel", "").lower().split())
        ):
            self.encontradas.append(atributos["href"])


@dataclass(frozen=True)
class Arquivo:
    caminho: str
    status: int
    bytes_na_rede: int
    bytes: int


@dataclass(frozen=True)
class PrimeiraCarga:
    arquivos: list[Arquivo]

    @property
    def caminhos(self) -> list[str]:
        return [a.caminho for a in self.arquivos]

    @property
    def bytes_na_rede(self) -> int:
        return sum(a.bytes_na_rede for a in self.arquivos)

    @property
    def bytes(self) -> int:
        return sum(a.bytes for a in self.arquivos)


def _caminho(base: str, referencia: str, origem: str) -> str | None:
    url = urljoin(base, referencia)
    partes = urlsplit(url)
    if f"{partes.scheme}://{partes.netloc}" != origem:
        return None
    return partes.path + (f"?{partes.query}" if partes.query else "")


def primeira_carga(origem: str) -> PrimeiraCarga | None:
    """Every file of `origem`'s first load, or None when `/` is not a page (404, not HTML)."""
    with httpx.Client(base_url=origem, headers=CABECALHOS, timeout=30) as cliente:
        pagina = cliente.get("/")
        tipo = pagina.headers.get("content-type", "")
        if pagina.status_code != 200 or not tipo.startswith("text/html"):
            return None
        arquivos = [Arquivo("/", 200, pagina.num_bytes_downloaded, len(pagina.content))]
        parser = _Referencias()
        parser.feed(pagina.text)
        pendentes = [(origem + "/", r) for r in parser.encontradas]
        vistos = {"/"}
        while pendentes:
            base, referencia = pendentes.pop(0)
            caminho = _caminho(base, referencia, origem)
            if caminho is None or caminho in vistos:
                continue
            vistos.add(caminho)
            resposta = cliente.get(caminho)
            arquivos.append(
                Arquivo(caminho, resposta.status_code, resposta.num_bytes_downloaded,
                        len(resposta.content))
            )  # fmt: skip
            javascript = "javascript" in resposta.headers.get("content-type", "")
            if resposta.status_code == 200 and javascript:
                url = origem + caminho
                achados = _IMPORTS.findall(resposta.text)
                pendentes += [(url, modulo or worker) for modulo, worker in achados]
    return PrimeiraCarga(arquivos)
