"""The relatório Z as a PDF (fpdf2, pure Python): A4, pt-BR, one page for a usual day.

The core fonts (Helvetica) carry Windows-1252, which holds every Portuguese character and
the em dash. Text outside it (a descricao may hold any Unicode: emoji, CJK) is replaced by
"?" so the report always renders; the JSON keeps the original text.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fluxo_caixa.domain.categoria import SEM_CATEGORIA
from fluxo_caixa.domain.dinheiro import formatar_brl
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import rotulo
from fluxo_caixa.domain.relatorio import RelatorioZ, SessaoDoDia
from fluxo_caixa.domain.texto import neutralizado

MEDIA_TYPE = "application/pdf"
PARCIAL = "PARCIAL — dia não fechado"
_ENCODING = "windows-1252"
_FONTE = "Helvetica"
_ALTURA = 5.0  # mm, one table row
_TIPOS = {Tipo.ENTRADA: "Entrada", Tipo.SAIDA: "Saída"}


def imprimivel(texto: str) -> str:
    """`texto` as the core fonts can print it: what Windows-1252 lacks becomes '?'."""
    texto = unicodedata.normalize("NFC", neutralizado(texto))
    return "".join(c if _cabe(c) else "?" for c in texto)


def _cabe(caractere: str) -> bool:
    try:
        caractere.encode(_ENCODING)
    except UnicodeEncodeError:
        return False
    return caractere.isprintable() or caractere == " "


def dia_br(dia: date) -> str:
    return dia.strftime("%d/%m/%Y")


def _instante(momento: datetime, tz: ZoneInfo, dia: date) -> str:
    """Hour and minute in the merchant's zone; the date too when it is not the report's."""
    local = momento.astimezone(tz)
    if local.date() == dia:
        return local.strftime("%H:%M")
    return local.strftime("%d/%m/%Y %H:%M")


def _percentual(centesimos: int) -> str:
    return f"{centesimos // 100},{centesimos % 100:02d}%"


class _Pdf(FPDF):
    def __init__(self, rodape: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = _ENCODING
        self._rodape = rodape
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(_FONTE, size=7)
        self.cell(0, 5, self._rodape, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="R")


def relatorio_pdf(relatorio: RelatorioZ, tz: ZoneInfo, emitido_em: datetime) -> bytes:
    dia = dia_br(relatorio.data)
    pdf = _Pdf(f"Relatório Z de {dia} — emitido em {emitido_em.astimezone(tz):%d/%m/%Y %H:%M}")
    pdf.set_title(f"Relatório Z {dia}")
    pdf.set_creator("Fluxo de Caixa")
    pdf.add_page()
    _cabecalho(pdf, relatorio, tz)
    _saldos(pdf, relatorio)
    _por_forma(pdf, relatorio)
    _por_categoria(pdf, relatorio)
    _sessoes(pdf, relatorio, tz)
    _estornos(pdf, relatorio)
    _totais(pdf, relatorio)
    _assinaturas(pdf)
    return bytes(pdf.output())


def _titulo(pdf: FPDF, texto: str) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(_FONTE, "B", 11)
    pdf.cell(0, 7, texto, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONTE, size=9)


def _linha(pdf: FPDF, texto: str, estilo: str = "", tamanho: float = 9) -> None:
    pdf.set_font(_FONTE, estilo, tamanho)
    pdf.multi_cell(0, 5, texto, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _cabendo(pdf: FPDF, texto: str, largura: float) -> str:
    """`texto` cut to the column's width (with an ellipsis): a row is always one line."""
    util = largura - 2 * pdf.c_margin
    if pdf.get_string_width(texto) <= util:
        return texto
    while texto and pdf.get_string_width(texto + "…") > util:
        texto = texto[:-1]
    return texto + "…"


def _tabela(
    pdf: FPDF,
    larguras: tuple[int, ...],
    alinhamento: tuple[str, ...],
    linhas: list[list[str]],
    destaques: frozenset[int] = frozenset({0}),
) -> None:
    """Rows of plain cells (fpdf2's table() took 4 s for a thousand estornos); the first
    row is the heading, repeated on each new page."""
    total = sum(larguras)
    colunas = [(pdf.epw * w / total, a[0]) for w, a in zip(larguras, alinhamento, strict=True)]
    pdf.set_draw_color(190, 190, 190)
    pdf.set_fill_color(230, 230, 230)

    def linha(textos: list[str], destaque: bool) -> None:
        pdf.set_font(_FONTE, "B" if destaque else "", 8.5)
        for (largura, alinhado), texto in zip(colunas, textos, strict=True):
            pdf.cell(
                largura, _ALTURA, _cabendo(pdf, texto, largura), border="B", align=alinhado,
                fill=destaque,
            )  # fmt: skip
        pdf.ln(_ALTURA)

    for n, textos in enumerate(linhas):
        if pdf.get_y() + _ALTURA > pdf.page_break_trigger:
            pdf.add_page()
            if n not in destaques:
                linha(linhas[0], True)
        linha(textos, n in destaques)
    pdf.set_font(_FONTE, size=9)


def _cabecalho(pdf: FPDF, r: RelatorioZ, tz: ZoneInfo) -> None:
    pdf.set_font(_FONTE, "B", 16)
    pdf.cell(0, 9, "Relatório Z — fechamento do dia", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _linha(pdf, f"Dia {dia_br(r.data)}", "B", 13)
    if r.parcial:
        pdf.set_text_color(170, 0, 0)
        _linha(pdf, PARCIAL, "B", 12)
        pdf.set_text_color(0, 0, 0)
        _linha(pdf, "Os valores podem mudar até o fechamento do dia.", tamanho=8)
    else:
        fechado = (
            "" if r.fechado_em is None else f" — fechado em {_instante(r.fechado_em, tz, date.min)}"
        )
        _linha(pdf, f"Fechamento nº {r.numero} — versão {r.versao}{fechado}", "B", 11)
    if r.observacao:
        _linha(pdf, f"Observação: {imprimivel(r.observacao)}", tamanho=9)


def _saldos(pdf: FPDF, r: RelatorioZ) -> None:
    s = r.somas
    _titulo(pdf, "Resumo do dia")
    _tabela(
        pdf,
        (70, 40, 70),
        ("LEFT", "RIGHT", "RIGHT"),
        [
            ["", "Quantidade", "Valor"],
            ["Saldo anterior", "", formatar_brl(r.saldo_anterior)],
            ["Entradas", str(s.qtd_entradas), formatar_brl(s.entradas)],
            ["Saídas", str(s.qtd_saidas), formatar_brl(s.saidas)],
            ["Saldo do dia", str(s.registros), formatar_brl(s.saldo)],
            ["Saldo final", "", formatar_brl(r.saldo_final)],
        ],
    )


def _por_forma(pdf: FPDF, r: RelatorioZ) -> None:
    _titulo(pdf, "Entradas e saídas por forma de pagamento")
    if not r.por_forma:
        _linha(pdf, "Nenhuma movimentação no dia.")
        return
    linhas = [["Forma", "Entradas", "Qtd", "%", "Saídas", "Qtd", "%"]]
    linhas += [
        [
            rotulo(p.forma),
            formatar_brl(p.entradas),
            str(p.qtd_entradas),
            _percentual(p.centesimos_entradas),
            formatar_brl(p.saidas),
            str(p.qtd_saidas),
            _percentual(p.centesimos_saidas),
        ]
        for p in r.por_forma
    ]
    _tabela(pdf, (34, 34, 14, 16, 34, 14, 16), ("LEFT", *("RIGHT",) * 6), linhas)


def _por_categoria(pdf: FPDF, r: RelatorioZ) -> None:
    _titulo(pdf, "Entradas e saídas por categoria")
    if not r.por_categoria:
        _linha(pdf, "Nenhuma movimentação no dia.")
        return
    linhas = [["Categoria", "Tipo", "Valor", "Qtd", "%"]]
    linhas += [
        [
            imprimivel(c.categoria or SEM_CATEGORIA),
            _TIPOS[c.tipo],
            formatar_brl(c.valor),
            str(c.quantidade),
            _percentual(c.centesimos),
        ]
        for c in r.por_categoria
    ]
    _tabela(pdf, (72, 24, 40, 18, 20), ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"), linhas)


def _valor(centavos: int | None) -> str:
    return "—" if centavos is None else formatar_brl(centavos)


def _sessoes(pdf: FPDF, r: RelatorioZ, tz: ZoneInfo) -> None:
    _titulo(pdf, "Sessões de caixa")
    if not r.sessoes:
        _linha(pdf, "Nenhuma sessão de caixa com movimentos do dia.")
        return
    for s in r.sessoes:
        _sessao(pdf, s, tz, r.data)
    quebras = [s.quebra for s in r.sessoes if s.quebra is not None]
    _linha(pdf, f"Quebra de caixa do dia: {formatar_brl(sum(quebras))}", "B")


def _sessao(pdf: FPDF, s: SessaoDoDia, tz: ZoneInfo, dia: date) -> None:
    fechada = (
        "ainda aberta" if s.fechada_em is None else f"fechada às {_instante(s.fechada_em, tz, dia)}"
    )
    operador = imprimivel(s.operador) if s.operador else "não informado"
    _linha(
        pdf,
        f"{imprimivel(s.caixa)} (sessão {s.id}) — operador: {operador} — "
        f"aberta às {_instante(s.aberta_em, tz, dia)}, {fechada}",
        "B",
    )
    _tabela(
        pdf,
        (23, 23, 23, 22, 22, 22, 22, 23),
        ("RIGHT",) * 8,
        [
            [
                "Fundo",
                "Dif. abertura",
                "Suprimentos",
                "Sangrias",
                "Esperado",
                "Contado",
                "Quebra",
                "Retirada",
            ],
            [
                formatar_brl(s.fundo),
                formatar_brl(s.diferenca_abertura),
                formatar_brl(s.suprimentos),
                formatar_brl(s.sangrias),
                formatar_brl(s.esperado_dinheiro),
                _valor(s.contado_dinheiro),
                _valor(s.quebra),
                _valor(s.retirada),
            ],
        ],
    )
    pdf.ln(1)


def _estornos(pdf: FPDF, r: RelatorioZ) -> None:
    _titulo(pdf, "Estornos do dia")
    if not r.estornos:
        _linha(pdf, "Nenhum estorno no dia.")
        return
    linhas = [["Nº", "Estorna o nº", "Tipo", "Valor", "Descrição"]]
    linhas += [
        [str(e.id), str(e.estorno_de), _TIPOS[e.tipo], formatar_brl(e.valor),
         imprimivel(e.descricao or "")]
        for e in r.estornos
    ]  # fmt: skip
    _tabela(pdf, (18, 22, 18, 34, 88), ("RIGHT", "RIGHT", "LEFT", "RIGHT", "LEFT"), linhas)


def _totais(pdf: FPDF, r: RelatorioZ) -> None:
    s = r.somas
    quebras = sum(x.quebra for x in r.sessoes if x.quebra is not None)
    _titulo(pdf, "Totais")
    _tabela(
        pdf,
        (60, 60, 60),
        ("LEFT", "RIGHT", "RIGHT"),
        [
            ["Movimentações", "Estornos", "Sessões de caixa"],
            [str(s.registros), str(len(r.estornos)), str(len(r.sessoes))],
            ["Entradas", "Saídas", "Saldo do dia"],
            [formatar_brl(s.entradas), formatar_brl(s.saidas), formatar_brl(s.saldo)],
            ["Saldo anterior", "Saldo final", "Quebra de caixa"],
            [formatar_brl(r.saldo_anterior), formatar_brl(r.saldo_final), formatar_brl(quebras)],
        ],
        frozenset({0, 2, 4}),
    )


def _assinaturas(pdf: FPDF) -> None:
    if pdf.get_y() + 14 + 6 > pdf.page_break_trigger:  # the lines and their names together
        pdf.add_page()
    pdf.ln(14)
    y = pdf.get_y()
    pdf.set_font(_FONTE, size=9)
    for x, papel in ((15, "Responsável pelo caixa"), (115, "Conferido por")):
        pdf.line(x, y, x + 80, y)
        pdf.set_xy(x, y + 1)
        pdf.cell(80, 5, papel, align="C")
