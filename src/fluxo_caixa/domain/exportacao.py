"""One movement as the export files take it: a plain tuple, as the database hands it over.

A file of a million movements cannot afford an object per row (`Movimentacao`, its enums)
before writing it: the exports read these tuples in pages (db.exportacao) and write each
page at once (formats); this is the shape both sides agree on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fluxo_caixa.domain.movimentacao import Movimentacao
from fluxo_caixa.domain.pagamento import FormaPagamento

# id, data, tipo ("entrada"/"saida"), valor_centavos, descricao, data_inclusao (naive,
# in UTC: how every backend stores it), estorno_de, forma_pagamento (its value, "pix"),
# categoria (its name). The day and the instant come as the driver gives them: objects,
# or ISO text from SQLite ("2025-03-04", "2025-03-05 02:43:08.921651", never an offset).
Dia = date | str
Instante = datetime | str
LinhaExportada = tuple[int, Dia, str, int, str | None, Instante, int | None, str | None, str | None]
Pagina = list[LinhaExportada]
# A forma's value ("debito") to what the merchant reads ("Débito").
ROTULO_DA_FORMA: dict[str, str] = {f.value: f.rotulo for f in FormaPagamento}


def dia_de(valor: Dia) -> date:
    return date.fromisoformat(valor) if isinstance(valor, str) else valor


_UMA_HORA = timedelta(hours=1, microseconds=-1)


class Fuso:
    """Stored instants in the merchant's zone, for the rows of one page.

    The zone's offset is looked up once per hour of UTC (the rows of a page fall in a few
    hours) instead of twice per row. Exact while a zone changes its offset at most once
    within an hour, as every zone of the tz database does: an hour whose first and last
    microseconds have different offsets holds a change, and its instants are converted
    one by one.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._horas: dict[object, tuple[timedelta, str] | None] = {}

    def _hora(self, momento: datetime) -> tuple[timedelta, str] | None:
        hora = momento.replace(minute=0, second=0, microsecond=0, tzinfo=UTC)
        # From UTC: arithmetic on an aware local time moves its wall clock, not the instant.
        inicio, fim = hora.astimezone(self.tz), (hora + _UMA_HORA).astimezone(self.tz)
        deslocamento = inicio.utcoffset()
        if deslocamento is None or deslocamento != fim.utcoffset():
            return None
        return deslocamento, inicio.isoformat()[19:]  # "-03:00" after "2025-03-04T23:00:00"

    def _local(self, valor: Instante) -> tuple[datetime, str | None]:
        """The local time, naive with the offset's text, or aware (and None) in an hour
        that holds a change of offset."""
        if isinstance(valor, str):
            momento = datetime.fromisoformat(valor)
            chave: object = valor[:13]  # the hour: "2025-03-05 02"
        else:
            momento = valor
            chave = valor.replace(minute=0, second=0, microsecond=0)
        try:
            hora = self._horas[chave]
        except KeyError:  # the first instant of this hour
            hora = self._horas[chave] = self._hora(momento)
        if hora is None:
            return momento.replace(tzinfo=UTC).astimezone(self.tz), None
        deslocamento, sufixo = hora
        return momento + deslocamento, sufixo

    def iso(self, valor: Instante) -> str:
        """`2025-03-04T23:43:08.921651-03:00`: the instant to the microsecond, with its offset."""
        local, sufixo = self._local(valor)
        if sufixo is None:
            return local.isoformat(timespec="microseconds")
        return local.isoformat(timespec="microseconds") + sufixo

    def local(self, valor: Instante) -> datetime:
        """The merchant's wall clock, naive."""
        return self._local(valor)[0].replace(tzinfo=None)


def linha_exportada(mov: Movimentacao) -> LinhaExportada:
    """The tuple of a movement already read as an object."""
    return (
        mov.id,
        mov.data,
        mov.tipo.value,
        mov.valor_centavos,
        mov.descricao,
        mov.data_inclusao.astimezone(UTC).replace(tzinfo=None),
        mov.estorno_de,
        None if mov.forma_pagamento is None else mov.forma_pagamento.value,
        mov.categoria,
    )


def em_paginas(movimentacoes: Iterable[Movimentacao], tamanho: int = 1000) -> Iterator[Pagina]:
    """Movements already read as objects, as the pages the writers take."""
    pagina: Pagina = []
    for mov in movimentacoes:
        pagina.append(linha_exportada(mov))
        if len(pagina) == tamanho:
            yield pagina
            pagina = []
    if pagina:
        yield pagina
