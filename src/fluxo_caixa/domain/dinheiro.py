"""Money as integer centavos. No binary float ever takes part."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

MAXIMO_CENTAVOS = 99_999_999_99  # the seed's decimal(10,2)
_MAXIMO = Decimal(MAXIMO_CENTAVOS).scaleb(-2)
_CENTAVO = Decimal("0.01")
_ESPACOS = " \t\r\n"
_CARACTERES_NUMERO = frozenset("0123456789.-+")


class ValorInvalido(ValueError):
    """A valor that is not positive money with at most two decimals."""


def centavos_de(valor: object) -> int:
    """Parse a JSON valor (int, Decimal or dotted string) into positive centavos."""
    if isinstance(valor, bool) or valor is None:
        raise ValorInvalido("O valor deve ser um número, como 100 ou 10.50.")
    if isinstance(valor, float):
        # Floats never reach here from our JSON parser; refuse rather than guess.
        raise ValorInvalido("O valor deve ser um número decimal exato, como 10.50.")
    if isinstance(valor, int):
        numero = Decimal(valor)
    elif isinstance(valor, Decimal):
        numero = valor
    elif isinstance(valor, str):
        # ASCII only: str.isdigit() would let "٧" (Arabic-Indic seven) through as 7.
        texto = valor.strip(_ESPACOS)
        if not texto or not all(c in _CARACTERES_NUMERO for c in texto):
            raise ValorInvalido("O valor deve ser um número, como 100 ou 10.50.")
        try:
            numero = Decimal(texto)
        except InvalidOperation:
            raise ValorInvalido("O valor deve ser um número, como 100 ou 10.50.") from None
    else:
        raise ValorInvalido("O valor deve ser um número, como 100 ou 10.50.")
    return _centavos_de_decimal(numero)


def _centavos_de_decimal(numero: Decimal) -> int:
    if not numero.is_finite():
        raise ValorInvalido("O valor deve ser um número finito.")
    if numero <= 0:
        raise ValorInvalido("O valor deve ser maior que zero.")
    # Compare before any arithmetic: 1e999999 must not overflow the context.
    if numero > _MAXIMO:
        raise ValorInvalido("O valor deve ser no máximo 99999999.99.")
    if numero != numero.quantize(_CENTAVO):
        raise ValorInvalido("O valor deve ter no máximo duas casas decimais.")
    return int(numero.quantize(_CENTAVO).scaleb(2))


_DIGITOS = frozenset("0123456789")
_FORMATO_BRASILEIRO = "Valor inválido. Use, por exemplo, 10,50 ou 1.234,56."


def centavos_de_texto_brasileiro(texto: str) -> int:
    """Parse what a person types: '100', '10,50', '1.234,56', '10.50', 'R$ 10,50'."""
    limpo = texto.strip()
    # A minus may come before or after the currency sign ('-R$ 5,00', 'R$ -5,00'); we keep
    # it so the person is told the valor must be positive, not that it is gibberish.
    sinal = ""
    if limpo.startswith("-"):
        sinal, limpo = "-", limpo[1:].lstrip()
    if limpo[:2].upper() == "R$":
        limpo = limpo[2:].lstrip()
    if not sinal and limpo.startswith("-"):
        sinal, limpo = "-", limpo[1:]
    # ASCII digits only: str.isdigit() would let '١٢' or '²' through to Decimal. No inner
    # spaces either: '10 50' is a typo, not one thousand and fifty reais.
    if not limpo or not set(limpo) <= _DIGITOS | {".", ","}:
        raise ValorInvalido(_FORMATO_BRASILEIRO)
    if "," in limpo:
        inteiro, _, fracao = limpo.rpartition(",")
        if "," in inteiro or "." in fracao or (inteiro and not _milhar_valido(inteiro)):
            raise ValorInvalido(_FORMATO_BRASILEIRO)
        limpo = inteiro.replace(".", "") + "." + fracao
    elif limpo.count(".") > 1 or (limpo.count(".") == 1 and len(limpo.rpartition(".")[2]) == 3):
        # '1.234' is one thousand two hundred thirty-four to a Brazilian.
        if not _milhar_valido(limpo):
            raise ValorInvalido(_FORMATO_BRASILEIRO)
        limpo = limpo.replace(".", "")
    if not limpo.strip(".") or not any(c in _DIGITOS for c in limpo):
        raise ValorInvalido(_FORMATO_BRASILEIRO)
    numero = Decimal(sinal + limpo)
    if numero > _MAXIMO:
        raise ValorInvalido(f"O valor deve ser no máximo {formatar_brl(MAXIMO_CENTAVOS)}.")
    return _centavos_de_decimal(numero)


def _milhar_valido(texto: str) -> bool:
    if "." not in texto:
        return texto.lstrip("-").isdigit()
    grupos = texto.lstrip("-").split(".")
    return (
        grupos[0].isdigit()
        and 1 <= len(grupos[0]) <= 3
        and all(len(g) == 3 and g.isdigit() for g in grupos[1:])
    )


def formatar(centavos: int) -> str:
    """Centavos as the API writes money: '1110.00', '-50.00'."""
    # The digits' own text, cut before the last two: a third of divmod's time, and a
    # 30-day period writes 155 of these.
    sinal = ""
    if centavos < 0:
        sinal, centavos = "-", -centavos
    if centavos < 100:
        return f"{sinal}0.{centavos:02d}"
    texto = str(centavos)
    return f"{sinal}{texto[:-2]}.{texto[-2:]}"


def formatar_brl(centavos: int) -> str:
    """Centavos as a Brazilian reads money: 'R$ 1.110,00', '-R$ 50,00'."""
    sinal = "-" if centavos < 0 else ""
    inteiro, resto = divmod(abs(centavos), 100)
    return f"{sinal}R$ {inteiro:,}".replace(",", ".") + f",{resto:02d}"


def para_decimal(centavos: int) -> Decimal:
    """Exact reais, for spreadsheets and database views."""
    return Decimal(centavos).scaleb(-2)


def centavos_formatados(texto: str) -> int:
    """The inverse of `formatar`: '1110.00' or '-50.00' (as the API writes money) to centavos."""
    corpo = texto.removeprefix("-")
    inteiro, ponto, fracao = corpo.partition(".")
    if not ponto or not inteiro or len(fracao) != 2 or not set(inteiro + fracao) <= _DIGITOS:
        raise ValorInvalido(f"Valor monetário malformado: {texto!r}.")
    centavos = int(inteiro) * 100 + int(fracao)
    return -centavos if texto.startswith("-") else centavos
