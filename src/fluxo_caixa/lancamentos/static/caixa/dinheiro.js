// Money in the caixa app: typed the Brazilian way ("10,50", "1.234,56"), sent to the API as
// the exact decimal string it takes ("10.50"), shown as "R$ 1.234,56". Never a float:
// amounts are strings or BigInt centavos from end to end (no parseFloat, no Number()).

/** R$ 99.999.999,99, the API's maximum (the seed's decimal(10,2)), in centavos. */
export const MAXIMO = 9999999999n;

/** What the merchant typed cannot be a valor; `message` says why, in Portuguese. */
export class ValorInvalido extends Error {}

const INVALIDO = "Digite o valor só com números, vírgula e pontos: 10,50 ou 1.234,56.";
const MILHARES = /^\d{1,3}(\.\d{3})+$/;

/**
 * "10,50", "1.234,56", "R$ 10", ",5", and (a keypad without a comma) "10.5" -> BigInt centavos.
 * A dot followed by three digits is a thousands separator ("1.234" is mil duzentos e trinta
 * e quatro reais), as a Brazilian reads it. Throws ValorInvalido.
 */
export function lerCentavos(texto) {
  const t = String(texto ?? "").trim().replace(/^R\$/i, "").replace(/[\s\u00a0]/g, "");
  if (t === "") throw new ValorInvalido("Informe o valor.");
  if (/^[-\u2212]/.test(t)) throw new ValorInvalido("O valor deve ser maior que zero.");
  let inteiro;
  let fracao = "";
  if (t.includes(",")) {
    const partes = t.split(",");
    if (partes.length !== 2) throw new ValorInvalido(INVALIDO);
    [inteiro, fracao] = partes;
    if (inteiro !== "" && !/^\d+$/.test(inteiro) && !MILHARES.test(inteiro)) {
      throw new ValorInvalido(INVALIDO);
    }
  } else if (t.includes(".")) {
    if (MILHARES.test(t)) {
      inteiro = t;
    } else if (/^\d*\.\d+$/.test(t)) {
      [inteiro, fracao] = t.split(".");
    } else {
      throw new ValorInvalido(INVALIDO);
    }
  } else {
    inteiro = t;
  }
  if (!/^\d*$/.test(inteiro) && !MILHARES.test(inteiro)) throw new ValorInvalido(INVALIDO);
  if (!/^\d*$/.test(fracao)) throw new ValorInvalido(INVALIDO);
  if (fracao.length > 2) {
    throw new ValorInvalido("Use no máximo dois dígitos de centavos (ex.: 10,50).");
  }
  const reais = inteiro.replace(/\./g, "");
  if (reais === "" && fracao === "") throw new ValorInvalido(INVALIDO);
  const centavos = BigInt(reais || "0") * 100n + BigInt(fracao.padEnd(2, "0"));
  if (centavos === 0n) throw new ValorInvalido("O valor deve ser maior que zero.");
  if (centavos > MAXIMO) throw new ValorInvalido("O valor máximo é R$ 99.999.999,99.");
  return centavos;
}

/** What the merchant typed -> the API's exact string: "1.234,5" -> "1234.50". */
export function paraApi(texto) {
  return decimal(lerCentavos(texto));
}

/** The API's money ("1110.05", "-50.00", "7") -> BigInt centavos. */
export function centavos(texto) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(texto));
  if (!m) throw new Error("valor inesperado da API: " + texto);
  const valor = BigInt(m[2]) * 100n + BigInt((m[3] || "").padEnd(2, "0"));
  return m[1] ? -valor : valor;
}

/** BigInt centavos -> the API's "1110.05". */
export function decimal(c) {
  const negativo = c < 0n;
  const a = negativo ? -c : c;
  return (negativo ? "-" : "") + (a / 100n).toString() + "." + (a % 100n).toString().padStart(2, "0");
}

function emCentavos(valor) {
  return typeof valor === "bigint" ? valor : centavos(valor);
}

/** BigInt centavos or the API's string -> "1.234,56" (what goes back into an input). */
export function paraCampo(valor) {
  const c = emCentavos(valor);
  const a = c < 0n ? -c : c;
  const reais = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (c < 0n ? "-" : "") + reais + "," + (a % 100n).toString().padStart(2, "0");
}

/**
 * BigInt centavos or the API's string -> "R$ 1.234,56" ("-R$ 50,00"), with a no-break
 * space as Intl writes it, so an amount never wraps.
 */
export function brl(valor) {
  const texto = paraCampo(valor);
  return texto.startsWith("-") ? "-R$\u00a0" + texto.slice(1) : "R$\u00a0" + texto;
}
