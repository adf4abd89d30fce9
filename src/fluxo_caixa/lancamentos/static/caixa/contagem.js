// The counting form of the Caixa screen (abertura and fechamento): notes and coins whose
// quantities add up on screen as they are typed, or only the total. Its markup is the
// `contagem` macro of templates/caixa/tela_caixa.html. Sums are BigInt centavos.

import { brl, lerCentavos, ValorInvalido } from "./dinheiro.js";

const QUANTIDADE = /^\d{1,7}$/;
// A drawer may hold nothing: "0", "0,00", "R$ 0" are a count (lerCentavos refuses zero).
const ZERO = /^(R\$)?\s*0*([,.]0{0,2})?$/i;

/** What the merchant typed as an amount that may be zero -> BigInt centavos. */
export function lerContado(texto) {
  const t = String(texto ?? "").trim();
  if (t !== "" && ZERO.test(t) && /0/.test(t)) return 0n;
  return lerCentavos(t);
}

/** A count that cannot be sent: `campo` is the input to focus. */
export class ContagemInvalida extends ValorInvalido {
  constructor(mensagem, campo) {
    super(mensagem);
    this.campo = campo;
  }
}

/**
 * Wires the counting fieldset. Returns {ler(), limpar(), focar()}: ler() answers
 * {centavos, cedulas} (cedulas null when only the total was typed) or throws ContagemInvalida.
 */
export function contagem(fieldset) {
  const radios = [...fieldset.querySelectorAll('input[type="radio"]')];
  const blocoCedulas = fieldset.querySelector('[data-modo="cedulas"]');
  const blocoTotal = fieldset.querySelector('[data-modo="total"]');
  const quantidades = [...fieldset.querySelectorAll("input[data-cedula]")];
  const campoTotal = blocoTotal.querySelector("input");
  const soma = fieldset.querySelector(`#${fieldset.id}-soma`);
  const erro = fieldset.querySelector(`#${fieldset.id}-erro`);

  function modo() {
    return radios.find((r) => r.checked).value;
  }

  function subtotal(input) {
    return input.closest("tr").querySelector(".subtotal");
  }

  /** One quantity: null when empty; throws on anything but digits. */
  function quantidade(input) {
    const t = input.value.trim();
    if (t === "") return null;
    if (!QUANTIDADE.test(t)) {
      throw new ContagemInvalida("Quantidade é um número inteiro: 0, 1, 2…", input);
    }
    return BigInt(t);
  }

  function contarCedulas() {
    let total = 0n;
    let alguma = false;
    const cedulas = {};
    for (const input of quantidades) {
      const q = quantidade(input);
      if (q === null) continue;
      alguma = true;
      total += q * BigInt(input.dataset.centavos);
      if (q > 0n) cedulas[input.dataset.cedula] = Number(q);
    }
    if (!alguma) {
      throw new ContagemInvalida(
        "Informe quantas notas e moedas há (pelo menos uma linha), ou escolha “Só o total”.",
        quantidades[0],
      );
    }
    return { centavos: total, cedulas };
  }

  function ler() {
    if (modo() === "total") {
      try {
        return { centavos: lerContado(campoTotal.value), cedulas: null };
      } catch (e) {
        if (e instanceof ValorInvalido) throw new ContagemInvalida(e.message, campoTotal);
        throw e;
      }
    }
    return contarCedulas();
  }

  function mostrarErro(texto, campo) {
    erro.textContent = texto;
    erro.hidden = !texto;
    for (const input of [...quantidades, campoTotal]) {
      if (input === campo) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  // The live sum: each row's subtotal and the total, as the merchant types.
  function atualizar() {
    let total = 0n;
    let invalido = null;
    for (const input of quantidades) {
      const celula = subtotal(input);
      try {
        const q = quantidade(input);
        const valor = q === null ? null : q * BigInt(input.dataset.centavos);
        celula.textContent = valor === null ? "—" : brl(valor);
        if (valor !== null) total += valor;
      } catch (e) {
        celula.textContent = "?";
        invalido = invalido || e;
      }
    }
    if (modo() === "total") {
      try {
        soma.textContent = brl(campoTotal.value.trim() ? lerContado(campoTotal.value) : 0n);
      } catch {
        soma.textContent = "—";
      }
      mostrarErro("", null);
    } else if (invalido) {
      soma.textContent = "—";
      mostrarErro(invalido.message, invalido.campo);
    } else {
      soma.textContent = brl(total);
      mostrarErro("", null);
    }
  }

  function trocarModo() {
    const total = modo() === "total";
    blocoCedulas.hidden = total;
    blocoTotal.hidden = !total;
    atualizar();
  }

  for (const r of radios) r.addEventListener("change", trocarModo);
  for (const input of [...quantidades, campoTotal]) input.addEventListener("input", atualizar);

  return {
    ler() {
      try {
        const lido = ler();
        mostrarErro("", null);
        return lido;
      } catch (e) {
        if (e instanceof ContagemInvalida) mostrarErro(e.message, e.campo);
        throw e;
      }
    },
    limpar() {
      for (const input of [...quantidades, campoTotal]) input.value = "";
      radios[0].checked = true;
      trocarModo();
    },
    focar() {
      (modo() === "total" ? campoTotal : quantidades[0]).focus();
    },
  };
}
