"""A closed day's relatório Z with every kind of figure, for the report's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import EstornoDoDia, RelatorioZ, SessaoDoDia


def relatorio_fechado() -> RelatorioZ:
    return RelatorioZ(
        data=date(2026, 11, 25),
        numero=7,
        versao=2,
        fechado_em=datetime(2026, 11, 25, 21, 31, 0, 123000, tzinfo=UTC),
        observacao="Conferido",
        somas=Somas(15000, 3000, 2, 1),
        saldo_anterior=-12345,
        por_forma=(
            PorForma(FormaPagamento.DINHEIRO, 10000, 3000, 1, 1, 6667, 10000),
            PorForma(None, 5000, 0, 1, 0, 3333, 0),
        ),
        por_categoria=(
            PorCategoria(1, "Vendas", Tipo.ENTRADA, 15000, 2, 10000),
            PorCategoria(None, None, Tipo.SAIDA, 3000, 1, 10000),
        ),
        sessoes=(
            SessaoDoDia(
                id=3,
                caixa="Caixa 1",
                operador="Ana",
                aberta_em=datetime(2026, 11, 25, 11, 0, 12, tzinfo=UTC),
                fechada_em=datetime(2026, 11, 25, 21, 30, 40, tzinfo=UTC),
                fundo=20000,
                diferenca_abertura=-1000,
                suprimentos=2000,
                sangrias=5000,
                esperado_dinheiro=24000,
                contado_dinheiro=23500,
                quebra=-500,
            ),
            SessaoDoDia(
                4,
                "Caixa 2",
                None,
                datetime(2026, 11, 25, 12, tzinfo=UTC),
                None,
                0,
                0,
                0,
                0,
                0,
                None,
                None,
            ),
        ),
        estornos=(EstornoDoDia(9, 5, Tipo.SAIDA, 1000, "Venda 🍕 errada"),),
    )
