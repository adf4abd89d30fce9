// The Hoje screen: today's movements, newest first, the day's totals by tipo and by forma,
// and an estorno per row (after a confirmation dialog). Totals are summed in BigInt
// centavos from the API's exact strings. Movements still in this device's queue are shown
// apart: they are not on the server yet, so they are not in the totals.

import { descrever, linhaPendente } from "./lancar.js";

const ESPERA_ENVIO_MS = 5000;

let ctx;
let el;
let secao;
let vez = 0; // the latest load: an older answer arriving late is dropped
let alvo = null; // the movement the dialog asks about

async function doDia(dia) {
  const itens = [];
  let cursor = null;
  do {
    const pagina = await ctx.api.get(
      "/movimentacao" + ctx.api.consulta({ inicio: dia, fim: dia, limite: 1000, cursor }),
    );
    itens.push(...pagina.itens);
    cursor = pagina.proximo;
  } while (cursor);
  return itens;
}

function celula(tag, texto) {
  const c = document.createElement(tag);
  c.textContent = texto;
  return c;
}

function mostrarTotais(movimentos) {
  const { brl, centavos } = ctx.dinheiro;
  let entradas = 0n;
  let saidas = 0n;
  const porForma = new Map();
  for (const m of movimentos) {
    const valor = centavos(m.valor);
    const forma = m.forma_pagamento;
    if (!porForma.has(forma)) porForma.set(forma, { entradas: 0n, saidas: 0n });
    if (m.tipo === "entrada") {
      entradas += valor;
      porForma.get(forma).entradas += valor;
    } else {
      saidas += valor;
      porForma.get(forma).saidas += valor;
    }
  }
  el.entradas.textContent = brl(entradas);
  el.saidas.textContent = brl(saidas);
  el.saldo.textContent = brl(entradas - saidas);
  // The formas in the Lançar order, "não informada" last.
  const ordem = [...ctx.formas.map((f) => f.valor), null];
  el.porForma.replaceChildren(
    ...ordem
      .filter((forma) => porForma.has(forma))
      .map((forma) => {
        const linha = document.createElement("tr");
        const soma = porForma.get(forma);
        linha.append(
          celula("th", ctx.rotuloForma(forma)),
          celula("td", brl(soma.entradas)),
          celula("td", brl(soma.saidas)),
        );
        linha.firstChild.scope = "row";
        return linha;
      }),
  );
  el.tabelaFormas.hidden = porForma.size === 0;
}

function linha(m) {
  const li = document.createElement("li");
  li.className = `item ${m.tipo}${m.estornado_por ? " estornado" : ""}`;
  li.dataset.id = String(m.id);
  const resumo = { ...m, estornoDe: m.estorno_de };
  const nome = m.estorno_de ? "Estorno" : m.tipo === "saida" ? "Saída" : "Entrada";
  const linha1 = document.createElement("p");
  linha1.className = "linha1";
  linha1.textContent = `${nome} · ${ctx.dinheiro.brl(m.valor)}`;
  if (m.estorno_de) {
    const e = celula("span", `estorno do nº ${m.estorno_de}`);
    e.className = "etiqueta estorno";
    linha1.append(e);
  } else if (m.estornado_por) {
    const e = celula("span", "estornada");
    e.className = "etiqueta estorno";
    linha1.append(e);
  }
  const partes = [ctx.hora(m.data_inclusao), ctx.rotuloForma(m.forma_pagamento)];
  if (m.categoria) partes.push(m.categoria);
  if (m.descricao) partes.push(m.descricao);
  if (m.caixa) partes.push(m.caixa);
  const linha2 = celula("p", partes.join(" · "));
  linha2.className = "linha2";
  li.append(linha1, linha2);
  if (!m.estorno_de && !m.estornado_por) {
    const acoes = document.createElement("div");
    acoes.className = "acoes";
    const botao = celula("button", "Estornar");
    botao.type = "button";
    botao.className = "secundario";
    botao.setAttribute("aria-label", `Estornar: ${descrever(ctx, resumo)}, às ${ctx.hora(m.data_inclusao)}`);
    botao.addEventListener("click", () => perguntar(m));
    acoes.append(botao);
    li.append(acoes);
  }
  return li;
}

async function mostrarPendentes() {
  let itens = [];
  try {
    itens = await ctx.fila.itens();
  } catch {
    itens = [];
  }
  el.fila.hidden = itens.length === 0;
  el.filaQtd.textContent = String(itens.length);
  el.filaItens.replaceChildren(...itens.map((item) => linhaPendente(ctx, item)));
}

async function carregar() {
  const minha = ++vez;
  const dia = ctx.hoje();
  mostrarPendentes();
  let movimentos;
  try {
    movimentos = await doDia(dia);
  } catch (erro) {
    if (minha !== vez) return;
    if (!(erro instanceof ctx.ErroApi)) throw erro;
    el.estado.textContent = erro.rede
      ? "Sem conexão: as movimentações de hoje aparecem quando a conexão voltar."
      : erro.texto();
    return;
  }
  if (minha !== vez) return;
  mostrarTotais(movimentos);
  const recentes = movimentos.slice().sort((a, b) => b.id - a.id);
  el.itens.replaceChildren(...recentes.map(linha));
  el.vazio.hidden = recentes.length > 0;
  const n = recentes.length;
  el.estado.textContent = `${ctx.dataBr(dia)} · ${n === 1 ? "1 movimentação" : `${n} movimentações`}`;
}

// -- estorno ------------------------------------------------------------------------------

function perguntar(m) {
  alvo = m;
  el.dialogoTexto.textContent = `${descrever(ctx, m)}, às ${ctx.hora(m.data_inclusao)}.`;
  el.dialogo.returnValue = ""; // Esc keeps the last value otherwise
  el.dialogo.showModal();
}

async function estornar(m) {
  const item = await ctx.fila.adicionar({
    caminho: `/movimentacao/${m.id}/estorno`,
    corpo: {},
    resumo: {
      tipo: m.tipo === "entrada" ? "saida" : "entrada",
      valor: m.valor,
      forma_pagamento: m.forma_pagamento,
      categoria: m.categoria,
      estornoDe: m.id,
    },
  });
  const resultado = await ctx.fila.aguardar(item.chave, ESPERA_ENVIO_MS);
  const texto = descrever(ctx, m);
  if (resultado.estado === "enviado") {
    ctx.avisar(`Estornada: ${texto}.`, { tipo: "ok" });
  } else if (resultado.estado === "recusado") {
    ctx.avisar(`O estorno não foi aceito: ${resultado.erro.mensagem}`, { tipo: "erro" });
  } else {
    ctx.avisar("Estorno guardado neste aparelho: pendente, será enviado quando a conexão voltar.");
  }
  await carregar();
  el.tituloMovimentos.focus(); // the row's button may be gone
}

// -- the screen interface (app.js) -------------------------------------------------------------

export function montar(s, contexto) {
  secao = s;
  ctx = contexto;
  const $ = (seletor) => secao.querySelector(seletor);
  el = {
    atualizar: $("#hoje-atualizar"),
    estado: $("#hoje-estado"),
    entradas: $("#total-entradas"),
    saidas: $("#total-saidas"),
    saldo: $("#total-saldo"),
    tabelaFormas: $("#totais-forma"),
    porForma: $("#totais-forma tbody"),
    fila: $("#hoje-fila"),
    filaQtd: $("#hoje-fila-qtd"),
    filaItens: $("#hoje-fila-itens"),
    tituloMovimentos: $("#titulo-movimentos"),
    itens: $("#hoje-itens"),
    vazio: $("#hoje-vazio"),
    dialogo: $("#confirmar-estorno"),
    dialogoTexto: $("#estorno-texto"),
  };
  el.atualizar.addEventListener("click", () => carregar());
  el.dialogo.addEventListener("close", () => {
    const m = alvo;
    alvo = null;
    if (m && el.dialogo.returnValue === "estornar") {
      estornar(m).catch((erro) => console.error(erro));
    }
  });
  // What the queue sends shows up here; what it holds, too.
  ctx.fila.addEventListener("enviado", () => {
    if (!secao.hidden) carregar();
  });
  ctx.fila.addEventListener("mudou", () => {
    if (!secao.hidden) mostrarPendentes();
  });
  ctx.aoMudarConexao((online) => {
    if (online && !secao.hidden) carregar();
  });
}

export function mostrar() {
  return carregar();
}
