"""Our CSV: what Excel in pt-BR reads right, and what the importer reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain.consolidado import Somas, consolidar
from fluxo_caixa.domain.exportacao import em_paginas
from fluxo_caixa.domain.movimentacao import Movimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.texto import PROIBIDOS, texto_limpo
from fluxo_caixa.formats.csv_br import (
    ArquivoInvalido,
    ErroLinha,
    LinhaMovimentacao,
    abrir,
    consolidado_csv,
    ler_movimentacoes,
    movimentacao_csv,
)

SP = ZoneInfo("America/Sao_Paulo")


def mov(ident: int, tipo: Tipo, centavos: int, descricao: str | None = None) -> Movimentacao:
    return Movimentacao(
        id=ident,
        tipo=tipo,
        valor_centavos=centavos,
        data=date(2025, 3, 4),
        data_inclusao=datetime(2025, 3, 5, 2, 43, 8, 921000, tzinfo=UTC),
        descricao=descricao,
        estorno_de=None if ident == 1 else 1,
    )


def test_consolidado_csv_is_excel_pt_br() -> None:
    periodo = consolidar(
        date(2025, 3, 5),
        date(2025, 3, 6),
        {date(2025, 3, 6): Somas(123456, 5000, 2, 1)},
        Somas(10000, 0, 1, 0),
    )
    texto = "".join(consolidado_csv(periodo))
    assert texto == (
        "\ufeffdata;entradas;saidas;saldo_dia;saldo_anterior;saldo_final;"
        "qtd_entradas;qtd_saidas;registros\r\n"
        "05/03/2025;0,00;0,00;0,00;100,00;100,00;0;0;0\r\n"
        "06/03/2025;1234,56;50,00;1184,56;100,00;1284,56;2;1;3\r\n"
    )


def test_movimentacao_csv_quotes_and_defuses_formulas() -> None:
    texto = "".join(
        movimentacao_csv(
            em_paginas(
                [
                    mov(1, Tipo.ENTRADA, 10000, 'venda; "fiado" segunda linha'),
                    mov(2, Tipo.SAIDA, 10000, '=HYPERLINK("x")'),
                ]
            ),
            SP,
        )
    )
    linhas = texto.split("\r\n")
    assert linhas[0] == (
        "\ufeffid;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria"
    )
    assert linhas[1] == (
        '1;04/03/2025;entrada;100,00;"venda; ""fiado"" segunda linha";'
        "2025-03-04T23:43:08.921000-03:00;;;"
    )
    assert linhas[2] == (
        '2;04/03/2025;saida;100,00;"\'=HYPERLINK(""x"")";2025-03-04T23:43:08.921000-03:00;1;;'
    )


def test_export_reads_back_exactly() -> None:
    originais = [
        mov(1, Tipo.ENTRADA, 1),
        mov(2, Tipo.SAIDA, 9999999999, "-troco"),
        mov(3, Tipo.ENTRADA, 1050, 'Açúcar; "café" fiado'),
    ]
    texto = "".join(movimentacao_csv(em_paginas(originais), SP)).removeprefix("\ufeff")
    lidas = list(ler_movimentacoes(texto))
    assert [
        (x.id, x.data, x.tipo, x.valor_centavos, x.descricao, x.data_inclusao, x.estorno_de)
        for x in lidas
        if isinstance(x, LinhaMovimentacao)
    ] == [
        (m.id, m.data, m.tipo, m.valor_centavos, m.descricao, m.data_inclusao, m.estorno_de)
        for m in originais
    ]
    assert [x.linha for x in lidas] == [2, 3, 4]


def test_what_excel_saves_back_is_read_too(tmp_path: Path) -> None:
    # Excel pt-BR "CSV (separado por vírgulas)": Windows-1252, no BOM, "1110" without ",00".
    arquivo = tmp_path / "movimentacao.csv"
    arquivo.write_bytes(
        (
            "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
            "7;05/03/2025;Saída;1.110,5;pão de açúcar;2025-03-05T10:00:00.000-03:00;\r\n"
            "8;2025-03-05;ENTRADA;1110;;2025-03-05T13:00:00+00:00;\r\n"
        ).encode("cp1252")
    )
    with abrir(arquivo) as texto:
        linhas = list(ler_movimentacoes(texto))
    assert [(x.tipo, x.valor_centavos, x.descricao) for x in linhas] == [  # type: ignore[union-attr]
        (Tipo.SAIDA, 111050, "pão de açúcar"),
        (Tipo.ENTRADA, 111000, None),
    ]


@pytest.mark.parametrize(
    ("linha", "mensagem"),
    [
        ("1;05/03/2025;entrada;10,001;;2025-03-05T10:00:00-03:00;", "duas casas"),
        ("1;05/03/2025;entrada;0;;2025-03-05T10:00:00-03:00;", "maior que zero"),
        ("1;05/03/2025;credito;10;;2025-03-05T10:00:00-03:00;", "tipo"),
        ("1;31/02/2025;entrada;10;;2025-03-05T10:00:00-03:00;", "data inválida"),
        ("1;05/03/2025;entrada;10;;2025-03-05 10:00:00;", "fuso"),
        ("x;05/03/2025;entrada;10;;2025-03-05T10:00:00-03:00;", "id inválido"),
        ("1;05/03/2025;entrada;10", "esperados 7 campos"),
    ],
)
def test_bad_lines_are_reported_with_their_number(linha: str, mensagem: str) -> None:
    texto = "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n" + linha + "\r\n"
    (erro,) = ler_movimentacoes(texto)
    assert isinstance(erro, ErroLinha)
    assert erro.linha == 2 and mensagem in erro.mensagem


def test_consolidado_csv_is_refused_by_name() -> None:
    periodo = consolidar(date(2025, 3, 5), date(2025, 3, 5), {}, Somas())
    with pytest.raises(ArquivoInvalido, match="consolidado"):
        list(ler_movimentacoes("".join(consolidado_csv(periodo)).removeprefix("\ufeff")))


def test_unknown_header_is_refused() -> None:
    with pytest.raises(ArquivoInvalido, match="Cabeçalho"):
        list(ler_movimentacoes("a,b,c\r\n1,2,3\r\n"))


def _de_volta(descricao: str) -> str | None:
    texto = "".join(movimentacao_csv(em_paginas([mov(1, Tipo.ENTRADA, 100, descricao)]), SP))
    (lida,) = ler_movimentacoes(texto.removeprefix("\ufeff"))
    assert isinstance(lida, LinhaMovimentacao), lida
    return lida.descricao


@pytest.mark.parametrize(
    "descricao", ["'=1+1", "'abc", "''x", "'", "''", "'-5", "=1+1", "@SUM(A1)", "-troco", "ok'"]
)
def test_a_descricao_with_quotes_round_trips_exactly(descricao: str) -> None:
    assert _de_volta(descricao) == descricao


# What the API accepts: no forbidden character, trimmed, not blank, at most 200.
descricoes = (
    st.text(st.characters(codec="utf-8").filter(lambda c: not PROIBIDOS.match(c)), max_size=30)
    .flatmap(
        lambda t: st.sampled_from(["", "'", "''", "'=", "=", "+", "-", "@"]).map(lambda p: p + t)
    )
    .map(str.strip)
    .filter(lambda t: t and texto_limpo(t, "A descrição", 200) == t)
)


@given(descricoes)
def test_any_allowed_descricao_round_trips_exactly(descricao: str) -> None:
    assert _de_volta(descricao) == descricao


def test_old_text_with_control_characters_is_neutralised_and_reads_back() -> None:
    assert _de_volta("a\x1bb\tc\nd\uffff\U0001fffe") == "a\ufffdb\ufffdc\ufffdd\ufffd\ufffd"


def test_an_old_date_keeps_four_digits_and_is_refused_by_name() -> None:
    antiga = Movimentacao(
        id=1,
        tipo=Tipo.ENTRADA,
        valor_centavos=100,
        data=date(999, 1, 2),
        data_inclusao=datetime(2025, 3, 5, tzinfo=UTC),
        descricao=None,
        estorno_de=None,
    )
    texto = "".join(movimentacao_csv(em_paginas([antiga]), SP))
    assert ";02/01/0999;" in texto
    (erro,) = ler_movimentacoes(texto.removeprefix("\ufeff"))
    assert isinstance(erro, ErroLinha)
    assert erro.mensagem == "data 02/01/0999 anterior a 01/03/1900."


@pytest.mark.parametrize("data", ["28/02/1900", "1899-12-31", "31/12/0999"])
def test_a_csv_date_before_march_1900_is_refused(data: str) -> None:
    texto = (
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        f"1;{data};entrada;10;;2025-03-05T10:00:00-03:00;\r\n"
    )
    (erro,) = ler_movimentacoes(texto)
    assert isinstance(erro, ErroLinha) and "anterior a 01/03/1900" in erro.mensagem


def test_forma_and_categoria_are_readable_columns_and_read_back() -> None:
    originais = [
        replace(mov(1, Tipo.ENTRADA, 1000), forma_pagamento=FormaPagamento.PIX, categoria="Vendas"),
        replace(
            mov(2, Tipo.SAIDA, 1000),
            forma_pagamento=FormaPagamento.DEBITO,
            categoria="Água, luz e internet",
        ),
        replace(mov(3, Tipo.SAIDA, 500), categoria="-Descontos"),
        mov(4, Tipo.ENTRADA, 700),
    ]
    texto = "".join(movimentacao_csv(em_paginas(originais), SP)).removeprefix("\ufeff")
    linhas = texto.split("\r\n")
    assert linhas[1].endswith(";PIX;Vendas")
    assert linhas[2].endswith(";Débito;Água, luz e internet")
    assert linhas[3].endswith(";;'-Descontos")  # defused like a descricao
    assert linhas[4].endswith(";;")
    lidas = [x for x in ler_movimentacoes(texto) if isinstance(x, LinhaMovimentacao)]
    assert [(x.forma_pagamento, x.categoria) for x in lidas] == [
        (FormaPagamento.PIX, "Vendas"),
        (FormaPagamento.DEBITO, "Água, luz e internet"),
        (None, "-Descontos"),
        (None, None),
    ]


@pytest.mark.parametrize(
    ("forma", "esperada"),
    [
        ("pix", FormaPagamento.PIX),
        ("Crédito", FormaPagamento.CREDITO),
        ("credito", FormaPagamento.CREDITO),
        (" TRANSFERÊNCIA ", FormaPagamento.TRANSFERENCIA),
        ("Não informada", None),
        ("", None),
    ],
)
def test_forma_is_read_by_label_or_value(forma: str, esperada: FormaPagamento | None) -> None:
    texto = (
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria\r\n"
        f"1;05/03/2025;entrada;10;;2025-03-05T10:00:00-03:00;;{forma};\r\n"
    )
    (linha,) = ler_movimentacoes(texto)
    assert isinstance(linha, LinhaMovimentacao)
    assert linha.forma_pagamento is esperada


@pytest.mark.parametrize(
    ("fim", "mensagem"),
    [
        (";cheque;", "forma_pagamento 'cheque'"),
        (";pix;" + "x" * 81, "no máximo 80"),
        (";pix", "esperados 9 campos"),
    ],
)
def test_bad_forma_or_categoria_is_reported(fim: str, mensagem: str) -> None:
    texto = (
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria\r\n"
        f"1;05/03/2025;entrada;10;;2025-03-05T10:00:00-03:00;{fim}\r\n"
    )
    (erro,) = ler_movimentacoes(texto)
    assert isinstance(erro, ErroLinha)
    assert mensagem in erro.mensagem
