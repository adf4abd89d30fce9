"""One small HTTP client of both services, shared by the interactive loop and the commands.

Money crosses the wire as text with a dot ("10.50") built from integer centavos, and
comes back the same way; JSON numbers are read as Decimal, so no binary float ever
holds a valor. Every POST carries an Idempotency-Key that belongs to the movement, not
to the attempt: retrying the same `PedidoMovimentacao` can never record it twice.
"""

from __future__ import annotations

import json
import ssl
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TypeVar

import httpx

from fluxo_caixa.config import Settings
from fluxo_caixa.contrato.consolidado import DetalhadoOut, DiaOut, PeriodoOut, RelatorioZOut
from fluxo_caixa.contrato.lancamentos import (
    CategoriaOut,
    CategoriasOut,
    MovimentacaoOut,
    PaginaOut,
)
from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import RelatorioZ

LANCAMENTOS = "lançamentos"
CONSOLIDADO = "consolidado"
PDF = "application/pdf"
TIMEOUT_PADRAO = 10.0
# A slow network should fail fast on connect; reading a busy server's answer gets longer.
TIMEOUT_CONEXAO = 3.0
PAGINA = 1000

Json = dict[str, Any]
T = TypeVar("T")


class ErroCliente(Exception):
    """Something the person must be told; `codigo_saida` is the one-shot commands' exit status."""

    codigo_saida = 1

    def __init__(self, mensagem: str, detalhes: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(mensagem)
        self.mensagem = mensagem
        self.detalhes = detalhes

    def __str__(self) -> str:
        if not self.detalhes:
            return self.mensagem
        partes = "; ".join(f"{campo}: {mensagem}" for campo, mensagem in self.detalhes)
        return f"{self.mensagem} {partes}"

    def como_json(self) -> Json:
        """The API's one error shape, so scripts read our errors and the server's alike."""
        return {
            "erro": self.mensagem,
            "detalhes": [{"campo": c, "mensagem": m} for c, m in self.detalhes],
        }


class EntradaInvalida(ErroCliente):
    """What was typed or passed cannot be sent (refused before any request)."""


class PedidoRecusado(ErroCliente):
    """The service answered with a 4xx in our error shape: the request itself is wrong."""

    def __init__(self, status: int, mensagem: str, detalhes: tuple[tuple[str, str], ...]) -> None:
        super().__init__(mensagem, detalhes)
        self.status = status


class ServicoIndisponivel(ErroCliente):
    """No usable answer: refused connection, timeout, dropped connection or a 5xx."""

    codigo_saida = 2


class RespostaInesperada(ServicoIndisponivel):
    """Something answered, but not our service as its contract says (wrong address?)."""


def nova_chave() -> str:
    return str(uuid.uuid4())


def _informados(**campos: T | None) -> dict[str, T]:
    """The fields given, in order: one left out (None) is not sent, not even empty."""
    return {nome: valor for nome, valor in campos.items() if valor is not None}


@dataclass(frozen=True)
class PedidoMovimentacao:
    """A movement to send. Its key is made once, so every retry is the same request."""

    tipo: Tipo
    valor_centavos: int
    descricao: str | None = None
    data: date | None = None
    chave: str = field(default_factory=nova_chave)
    forma_pagamento: FormaPagamento | None = None
    # A categoria by id (int) or by name (str), as the API takes it.
    categoria: int | str | None = None
    caixa: str | None = None  # name or id; the service resolves it

    def corpo(self) -> dict[str, str | int]:
        return _informados(
            tipo=self.tipo.value,
            valor=dinheiro.formatar(self.valor_centavos),
            descricao=self.descricao,
            data=None if self.data is None else self.data.isoformat(),
            forma_pagamento=None if self.forma_pagamento is None else self.forma_pagamento.value,
            categoria=self.categoria,
            caixa=self.caixa,
        )


@dataclass(frozen=True)
class MovimentacaoRegistrada:
    id: int
    tipo: Tipo
    valor_centavos: int
    data: date
    descricao: str | None
    data_inclusao: str
    estorno_de: int | None
    estornado_por: int | None
    json: Json
    repetida: bool = False  # the server replayed an earlier answer to the same key
    forma_pagamento: FormaPagamento | None = None
    categoria: str | None = None


@dataclass(frozen=True)
class CategoriaLida:
    id: int
    nome: str
    tipo: Tipo
    ativa: bool
    json: Json


@dataclass(frozen=True)
class Filtros:
    """?inicio=&fim=&tipo=&forma_pagamento=&categoria= as both services read them."""

    inicio: date | None = None
    fim: date | None = None
    tipo: Tipo | None = None
    forma_pagamento: FormaPagamento | None = None
    categoria: str | None = None  # a name or an id, as typed

    def params(self) -> dict[str, str]:
        return _informados(
            inicio=None if self.inicio is None else self.inicio.isoformat(),
            fim=None if self.fim is None else self.fim.isoformat(),
            tipo=None if self.tipo is None else self.tipo.value,
            forma_pagamento=None if self.forma_pagamento is None else self.forma_pagamento.value,
            categoria=self.categoria,
        )


@dataclass(frozen=True)
class SaldoDia:
    data: date
    entradas: int
    saidas: int
    saldo_dia: int
    saldo_anterior: int
    saldo_final: int
    qtd_entradas: int
    qtd_saidas: int
    registros: int
    json: Json


@dataclass(frozen=True)
class Periodo:
    inicio: date
    fim: date
    entradas: int
    saidas: int
    saldo: int
    registros: int
    dias: tuple[SaldoDia, ...]
    json: Json


@dataclass(frozen=True)
class PorForma:
    forma_pagamento: FormaPagamento | None  # None: não informada
    entradas: int
    saidas: int
    qtd_entradas: int
    qtd_saidas: int
    percentual_entradas: str  # "33.33", as the service computed it
    percentual_saidas: str


@dataclass(frozen=True)
class PorCategoria:
    categoria: str | None  # None: sem categoria
    tipo: Tipo
    valor: int
    qtd: int
    percentual: str


@dataclass(frozen=True)
class Detalhado:
    inicio: date
    fim: date
    por_forma: tuple[PorForma, ...]
    por_categoria: tuple[PorCategoria, ...]
    json: Json


class Servicos(Protocol):
    """What the interactive loop needs from the services."""

    @property
    def api_url(self) -> str: ...

    @property
    def consolidado_url(self) -> str: ...

    def registrar(self, pedido: PedidoMovimentacao) -> MovimentacaoRegistrada: ...

    def saldo_do_dia(self, dia: date | None = None, timeout: float | None = None) -> SaldoDia: ...

    def categorias(self, tipo: Tipo | None = None) -> list[CategoriaLida]: ...

    def caixas_abertos(self) -> list[str]: ...


def endereco(url: str, opcao: str) -> str:
    """A service base URL, validated now so a typo is an input error, not a network one."""
    texto = url.strip()
    try:
        parsed = httpx.URL(texto)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise EntradaInvalida(
            f'Endereço inválido em {opcao}: "{url}". Use, por exemplo, http://127.0.0.1:5000.'
        )
    return texto.rstrip("/")


def _confiando_em(ca: Path) -> ssl.SSLContext:
    """The system's CAs and `ca` (FLUXO_TLS_CA: the shop's own, for a service on its LAN)."""
    contexto = ssl.create_default_context()
    try:
        contexto.load_verify_locations(cafile=str(ca))
    except FileNotFoundError:
        raise EntradaInvalida(f"FLUXO_TLS_CA: o arquivo {ca.absolute()} não existe.") from None
    except (OSError, ssl.SSLError):
        raise EntradaInvalida(
            f"FLUXO_TLS_CA: {ca} não é um arquivo de certificado PEM legível "
            "(o fluxo-caixa-ca.crt da loja, por exemplo)."
        ) from None
    return contexto


def _user_agent() -> str:
    try:
        return f"fluxo-caixa-cliente/{version('fluxo-caixa')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "fluxo-caixa-cliente"


class ApiCliente:
    """HTTP client of the lançamentos and consolidado services."""

    def __init__(
        self,
        api_url: str,
        consolidado_url: str,
        token: str | None = None,
        *,
        timeout: float = TIMEOUT_PADRAO,
        ca: Path | None = None,
    ) -> None:
        self._api_url = endereco(api_url, "--api-url (FLUXO_API_URL)")
        self._consolidado_url = endereco(
            consolidado_url, "--consolidado-url (FLUXO_CONSOLIDADO_URL)"
        )
        self.timeout = timeout
        headers = {"Accept": "application/json", "User-Agent": _user_agent()}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, TIMEOUT_CONEXAO)),
            follow_redirects=False,
            # FLUXO_* settings are the only configuration; a stray HTTP_PROXY must not
            # send the merchant's ledger through some proxy.
            trust_env=False,
            verify=True if ca is None else _confiando_em(ca),
        )

    @classmethod
    def de_settings(cls, settings: Settings, *, timeout: float = TIMEOUT_PADRAO) -> ApiCliente:
        return cls(
            settings.api_url,
            settings.consolidado_url,
            settings.api_token,
            timeout=timeout,
            ca=settings.tls_ca,
        )

    @property
    def api_url(self) -> str:
        return self._api_url

    @property
    def consolidado_url(self) -> str:
        return self._consolidado_url

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiCliente:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # lançamentos

    def registrar(self, pedido: PedidoMovimentacao) -> MovimentacaoRegistrada:
        corpo, resposta = self._pedir(
            LANCAMENTOS, "POST", "/movimentacao", corpo=pedido.corpo(), chave=pedido.chave
        )
        return self._ler(LANCAMENTOS, _movimentacao, resposta, corpo)

    def estornar(
        self, ident: int, descricao: str | None = None, chave: str | None = None
    ) -> MovimentacaoRegistrada:
        corpo_pedido = {"descricao": descricao} if descricao is not None else {}
        corpo, resposta = self._pedir(
            LANCAMENTOS,
            "POST",
            f"/movimentacao/{ident}/estorno",
            corpo=corpo_pedido,
            chave=chave or nova_chave(),
        )
        return self._ler(LANCAMENTOS, _movimentacao, resposta, corpo)

    def extrato(self, filtros: Filtros) -> Iterator[MovimentacaoRegistrada]:
        """Every movement the filters take, page after page."""
        params = {**filtros.params(), "limite": str(PAGINA)}
        while True:
            corpo, resposta = self._pedir(LANCAMENTOS, "GET", "/movimentacao", params=params)
            itens, proximo = self._ler(LANCAMENTOS, _pagina, resposta, corpo)
            yield from itens
            if proximo is None:
                return
            params["cursor"] = proximo

    def categorias(self, tipo: Tipo | None = None) -> list[CategoriaLida]:
        """The plano de contas, active and inactive, in the service's order."""
        params = {"tipo": tipo.value} if tipo is not None else {}
        corpo, resposta = self._pedir(LANCAMENTOS, "GET", "/categorias", params=params)
        return self._ler(LANCAMENTOS, _categorias, resposta, corpo)

    def criar_categoria(self, nome: str, tipo: Tipo, chave: str | None = None) -> CategoriaLida:
        corpo, resposta = self._pedir(
            LANCAMENTOS,
            "POST",
            "/categorias",
            corpo={"nome": nome, "tipo": tipo.value},
            chave=chave or nova_chave(),
        )
        return self._ler(LANCAMENTOS, _categoria, resposta, corpo)

    def alterar_categoria(
        self, ident: int, nome: str | None = None, ativa: bool | None = None
    ) -> CategoriaLida:
        pedido: dict[str, str | bool] = {}
        if nome is not None:
            pedido["nome"] = nome
        if ativa is not None:
            pedido["ativa"] = ativa
        corpo, resposta = self._pedir(LANCAMENTOS, "PATCH", f"/categorias/{ident}", corpo=pedido)
        return self._ler(LANCAMENTOS, _categoria, resposta, corpo)

    # controle de caixa: the service's own JSON objects, read by cliente.caixa

    def caixa_json(
        self,
        metodo: str,
        caminho: str,
        corpo: Mapping[str, Any] | None = None,
        chave: str | None = None,
    ) -> dict[str, Any]:
        dados, _ = self._pedir(LANCAMENTOS, metodo, caminho, corpo=corpo, chave=chave)
        return dict(dados)

    def caixas_abertos(self) -> list[str]:
        """The names of the caixas with an open session, in the service's order."""
        itens = self.caixa_json("GET", "/caixas")["itens"]
        return [str(c["nome"]) for c in itens if c.get("estado") == "aberto"]

    # the business day (issue 13)

    def fechar_dia(self, dia: date, observacao: str | None, chave: str) -> DiaFechado:
        corpo_pedido = {"observacao": observacao} if observacao is not None else {}
        corpo, resposta = self._pedir(
            LANCAMENTOS, "POST", f"/dias/{dia.isoformat()}/fechamento",
            corpo=corpo_pedido, chave=chave,
        )  # fmt: skip
        return self._ler(LANCAMENTOS, _dia_fechado, resposta, corpo)

    def reabrir_dia(self, dia: date, motivo: str, chave: str) -> Json:
        corpo, _ = self._pedir(
            LANCAMENTOS, "POST", f"/dias/{dia.isoformat()}/reabertura",
            corpo={"motivo": motivo}, chave=chave,
        )  # fmt: skip
        return self._ler(LANCAMENTOS, _reaberto, corpo)

    # consolidado

    def saldo_do_dia(self, dia: date | None = None, timeout: float | None = None) -> SaldoDia:
        params = {"data": dia.isoformat()} if dia is not None else {}
        corpo, resposta = self._pedir(
            CONSOLIDADO, "GET", "/consolidado/diario", params=params, timeout=timeout
        )
        return self._ler(CONSOLIDADO, _saldo_dia, resposta, corpo)

    def periodo(self, filtros: Filtros) -> Periodo:
        corpo, resposta = self._pedir(CONSOLIDADO, "GET", "/consolidado", params=filtros.params())
        return self._ler(CONSOLIDADO, _periodo, resposta, corpo)

    def detalhado(self, filtros: Filtros) -> Detalhado:
        """Totals by forma and by categoria over a period."""
        corpo, resposta = self._pedir(
            CONSOLIDADO, "GET", "/consolidado/detalhado", params=filtros.params()
        )
        return self._ler(CONSOLIDADO, _detalhado, resposta, corpo)

    def relatorio_z(self, dia: date) -> tuple[RelatorioZ, Any]:
        """The day's relatório Z (closed or partial) and its JSON as the service sent it."""
        corpo, resposta = self._pedir(CONSOLIDADO, "GET", f"/dias/{dia.isoformat()}/relatorio")
        return self._ler(CONSOLIDADO, _relatorio_z, resposta, corpo)

    def relatorio_z_pdf(self, dia: date) -> bytes:
        _, resposta = self._pedir(
            CONSOLIDADO, "GET", f"/dias/{dia.isoformat()}/relatorio.pdf", binario=PDF
        )
        return resposta.content

    # plumbing

    def _base(self, servico: str) -> str:
        return self._api_url if servico == LANCAMENTOS else self._consolidado_url

    def _nome(self, servico: str) -> str:
        return "serviço de lançamentos" if servico == LANCAMENTOS else "serviço consolidado"

    def _pedir(
        self,
        servico: str,
        metodo: str,
        caminho: str,
        *,
        params: Mapping[str, str] | None = None,
        corpo: Mapping[str, Any] | None = None,
        chave: str | None = None,
        timeout: float | None = None,
        binario: str | None = None,
    ) -> tuple[Any, httpx.Response]:
        """`binario`: the media type of a file the answer is (then `dados` is None)."""
        base = self._base(servico)
        nome = self._nome(servico)
        headers: dict[str, str] = {}
        if binario is not None:
            headers["Accept"] = f"{binario}, application/json"
        content = None
        if corpo is not None:
            content = json.dumps(corpo, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if chave is not None:
            headers["Idempotency-Key"] = chave
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = httpx.Timeout(timeout, connect=min(timeout, TIMEOUT_CONEXAO))
        try:
            resposta = self._http.request(
                metodo, base + caminho, params=params, content=content, headers=headers, **extra
            )
        except httpx.ConnectError as erro:
            if _certificado_recusado(erro):
                raise ServicoIndisponivel(
                    f"O certificado do {nome} em {base} não é de uma autoridade em que este "
                    "cliente confie: defina FLUXO_TLS_CA com o arquivo da CA da loja "
                    "(fluxo-caixa-ca.crt)."
                ) from None
            raise ServicoIndisponivel(f"Não foi possível conectar ao {nome} em {base}.") from None
        except httpx.ConnectTimeout:
            raise ServicoIndisponivel(f"Não foi possível conectar ao {nome} em {base}.") from None
        except httpx.TimeoutException:
            raise ServicoIndisponivel(f"O {nome} em {base} não respondeu a tempo.") from None
        except httpx.HTTPError:
            raise ServicoIndisponivel(
                f"A conexão com o {nome} em {base} foi interrompida."
            ) from None
        status = resposta.status_code
        tipo = resposta.headers.get("Content-Type", "").partition(";")[0].strip()
        if binario is not None and status == 200 and tipo == binario:
            return None, resposta
        dados = _json(resposta)
        # 408: the body did not arrive in time, so nothing was recorded (a frozen or busy
        # service looks the same): like a 5xx, the caller sends it again with its key.
        if status >= 500 or status == 408:
            motivo = dados["erro"] if _erro_nosso(dados) else f"HTTP {status}"
            raise ServicoIndisponivel(f"O {nome} em {base} falhou: {motivo}")
        if status >= 400 and _erro_nosso(dados):
            detalhes = tuple(
                (str(d.get("campo", "")), str(d.get("mensagem", "")))
                for d in dados.get("detalhes") or ()
                if isinstance(d, dict)
            )
            raise PedidoRecusado(status, str(dados["erro"]), detalhes)
        if not 200 <= status < 300 or not isinstance(dados, dict):
            raise RespostaInesperada(
                f"Resposta inesperada (HTTP {status}) de {base}: "
                f"confira se este é o endereço do {nome}."
            )
        return dados, resposta

    def _ler(self, servico: str, ler: Callable[..., T], *args: Any) -> T:
        """Read an answer into our types; anything off-contract is the service's fault."""
        try:
            return ler(*args)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise RespostaInesperada(
                f"O {self._nome(servico)} em {self._base(servico)} respondeu fora do "
                "contrato esperado; confira o endereço e as versões."
            ) from None


def _certificado_recusado(erro: BaseException) -> bool:
    """A TLS server whose certificate we do not trust (httpx keeps the ssl error as a cause)."""
    causa: BaseException | None = erro
    while causa is not None:
        if isinstance(causa, ssl.SSLCertVerificationError):
            return True
        causa = causa.__cause__ or causa.__context__
    return False


def _json(resposta: httpx.Response) -> Any:
    try:
        return json.loads(resposta.content.decode("utf-8"), parse_float=Decimal)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        return None


def _erro_nosso(dados: Any) -> bool:
    return isinstance(dados, dict) and isinstance(dados.get("erro"), str)


def _repetida(resposta: httpx.Response) -> bool:
    return str(resposta.headers.get("Idempotent-Replayed", "")).lower() == "true"


def _dinheiro(valor: str) -> int:
    return dinheiro.centavos_formatados(valor)


# Answers are read through the very models the services answer with (fluxo_caixa.contrato),
# strictly: a number where text is due, or a missing field, is off-contract.


def _movimentacao(resposta: httpx.Response, dados: Any) -> MovimentacaoRegistrada:
    out = MovimentacaoOut.model_validate_json(resposta.content, strict=True)
    return _registrada(out, dados, _repetida(resposta))


def _registrada(out: MovimentacaoOut, dados: Any, repetida: bool = False) -> MovimentacaoRegistrada:
    return MovimentacaoRegistrada(
        id=out.id,
        tipo=out.tipo,
        valor_centavos=_dinheiro(out.valor),
        data=out.data,
        descricao=out.descricao,
        data_inclusao=out.data_inclusao,
        estorno_de=out.estorno_de,
        estornado_por=out.estornado_por,
        json=dados,
        repetida=repetida,
        forma_pagamento=out.forma_pagamento,
        categoria=out.categoria,
    )


def _pagina(
    resposta: httpx.Response, dados: Any
) -> tuple[list[MovimentacaoRegistrada], str | None]:
    out = PaginaOut.model_validate_json(resposta.content, strict=True)
    itens = [
        _registrada(item, bruto) for item, bruto in zip(out.itens, dados["itens"], strict=True)
    ]
    return itens, out.proximo


def _saldo_dia(resposta: httpx.Response, dados: Any) -> SaldoDia:
    return _dia(DiaOut.model_validate_json(resposta.content, strict=True), dados)


def _dia(out: DiaOut, dados: Any) -> SaldoDia:
    return SaldoDia(
        data=out.data,
        entradas=_dinheiro(out.entradas),
        saidas=_dinheiro(out.saidas),
        saldo_dia=_dinheiro(out.saldo_dia),
        saldo_anterior=_dinheiro(out.saldo_anterior),
        saldo_final=_dinheiro(out.saldo_final),
        qtd_entradas=out.qtd_entradas,
        qtd_saidas=out.qtd_saidas,
        registros=out.registros,
        json=dados,
    )


def _periodo(resposta: httpx.Response, dados: Any) -> Periodo:
    out = PeriodoOut.model_validate_json(resposta.content, strict=True)
    return Periodo(
        inicio=out.inicio,
        fim=out.fim,
        entradas=_dinheiro(out.totais.entradas),
        saidas=_dinheiro(out.totais.saidas),
        saldo=_dinheiro(out.totais.saldo),
        registros=out.totais.registros,
        dias=tuple(_dia(dia, bruto) for dia, bruto in zip(out.dias, dados["dias"], strict=True)),
        json=dados,
    )


def _lida(out: CategoriaOut, dados: Any) -> CategoriaLida:
    return CategoriaLida(id=out.id, nome=out.nome, tipo=out.tipo, ativa=out.ativa, json=dados)


def _categoria(resposta: httpx.Response, dados: Any) -> CategoriaLida:
    return _lida(CategoriaOut.model_validate_json(resposta.content, strict=True), dados)


def _categorias(resposta: httpx.Response, dados: Any) -> list[CategoriaLida]:
    out = CategoriasOut.model_validate_json(resposta.content, strict=True)
    return [_lida(c, bruto) for c, bruto in zip(out.itens, dados["itens"], strict=True)]


def _detalhado(resposta: httpx.Response, dados: Any) -> Detalhado:
    out = DetalhadoOut.model_validate_json(resposta.content, strict=True)
    return Detalhado(
        inicio=out.inicio,
        fim=out.fim,
        por_forma=tuple(
            PorForma(
                forma_pagamento=f.forma_pagamento,
                entradas=_dinheiro(f.entradas),
                saidas=_dinheiro(f.saidas),
                qtd_entradas=f.qtd_entradas,
                qtd_saidas=f.qtd_saidas,
                percentual_entradas=f.percentual_entradas,
                percentual_saidas=f.percentual_saidas,
            )
            for f in out.por_forma
        ),
        por_categoria=tuple(
            PorCategoria(
                categoria=c.categoria,
                tipo=c.tipo,
                valor=_dinheiro(c.valor),
                qtd=c.qtd,
                percentual=c.percentual,
            )
            for c in out.por_categoria
        ),
        json=dados,
    )


def _relatorio_z(resposta: httpx.Response, dados: Any) -> tuple[RelatorioZ, Any]:
    return RelatorioZOut.model_validate_json(resposta.content, strict=True).para_dominio(), dados


@dataclass(frozen=True, slots=True)
class DiaFechado:
    """A day close's answer: its snapshot, read into our types, and the JSON as it came."""

    relatorio: RelatorioZ
    json: Json
    repetida: bool


def _dia_fechado(resposta: httpx.Response, dados: Any) -> DiaFechado:
    relatorio = RelatorioZOut.model_validate(dados).para_dominio()
    return DiaFechado(relatorio, dados, _repetida(resposta))


def _reaberto(dados: Any) -> Json:
    if not isinstance(dados.get("versao"), int) or not isinstance(dados.get("motivo"), str):
        raise ValueError(dados)
    return dict(dados)
