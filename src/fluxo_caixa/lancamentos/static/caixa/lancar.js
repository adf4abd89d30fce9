// The Lançar screen: entrada or saída, the valor typed the Brazilian way, the forma as big
// buttons (dinheiro preselected), the categoria of that tipo, an optional descrição and,
// when several caixas are open, which one. Every movement goes through the offline queue
// (fila.js): its Idempotency-Key is made on the tap, so it is recorded once whether the
// server answers now, later, or after a reload. After saving, Desfazer for a few seconds.

const CONFIRMACAO_MS = 10000;
// How long the confirmation says "enviando" before it says "pendente".
const ESPERA_ENVIO_MS = 5000;
const ULTIMA_CATEGORIA = "fluxo-caixa:categoria:";
const ULTIMO_CAIXA = "fluxo-caixa:caixa";

let ctx;
let el;
let ultima = null; // {chave, texto} of the last tap, for Desfazer
let prazoConfirmacao = null;

function lembrar(chave, valor) {
  try {
    localStorage.setItem(chave, valor);
  } catch {
    // private mode: not remembered
  }
}

function lembrado(chave) {
  try {
    return localStorage.getItem(chave) || "";
  } catch {
    return "";
  }
}

function opcao(valor, texto) {
  const o = document.createElement("option");
  o.value = valor;
  o.textContent = texto;
  return o;
}

function tipo() {
  return el.form.elements.tipo.value;
}

/** "Entrada de R$ 10,50 (PIX, Vendas)" — what a movement is, in the merchant's words. */
export function descrever(ctx, resumo) {
  const nome = resumo.estornoDe ? "Estorno" : resumo.tipo === "saida" ? "Saída" : "Entrada";
  const extras = [ctx.rotuloForma(resumo.forma_pagamento)];
  if (resumo.categoria) extras.push(resumo.categoria);
  return `${nome} de ${ctx.dinheiro.brl(resumo.valor)} (${extras.join(", ")})`;
}

// -- the lists the form offers -------------------------------------------------------

async function preencherCategorias() {
  const qual = tipo();
  let lista = [];
  try {
    lista = await ctx.categorias(qual);
  } catch {
    lista = []; // never fetched and offline: "Sem categoria" still works
  }
  if (tipo() !== qual) return; // the merchant switched meanwhile
  const escolhida = el.categoria.value || lembrado(ULTIMA_CATEGORIA + qual);
  el.categoria.replaceChildren(
    opcao("", "Sem categoria"),
    ...lista.map((c) => opcao(c.nome, c.nome)),
  );
  el.categoria.value = lista.some((c) => c.nome === escolhida) ? escolhida : "";
}

async function preencherCaixas() {
  let lista = [];
  try {
    lista = await ctx.caixas({ atualizar: ctx.online() });
  } catch {
    lista = [];
  }
  const abertos = lista.filter((c) => c.estado === "aberto");
  // One open caixa (or none): the server picks it by itself.
  el.campoCaixa.hidden = abertos.length < 2;
  if (abertos.length < 2) return;
  const escolhido = el.caixa.value || lembrado(ULTIMO_CAIXA);
  el.caixa.replaceChildren(
    ...abertos.map((c) => opcao(c.nome, c.nome)),
    opcao("", "Nenhum (fora do caixa)"),
  );
  el.caixa.value = abertos.some((c) => c.nome === escolhido) ? escolhido : abertos[0].nome;
}

// -- the form ----------------------------------------------------------------------------

function mostrarErroValor(texto) {
  el.valorErro.textContent = texto;
  el.valorErro.hidden = false;
  el.valor.setAttribute("aria-invalid", "true");
}

function limparErroValor() {
  el.valorErro.hidden = true;
  el.valor.removeAttribute("aria-invalid");
}

function lerFormulario() {
  const corpo = {
    tipo: tipo(),
    valor: ctx.dinheiro.paraApi(el.valor.value),
    forma_pagamento: el.form.elements.forma.value,
    // The day the merchant tapped: a sale queued at 23:50 belongs to that day.
    data: ctx.hoje(),
  };
  if (el.categoria.value) corpo.categoria = el.categoria.value;
  const descricao = el.descricao.value.trim();
  if (descricao) corpo.descricao = descricao;
  if (!el.campoCaixa.hidden && el.caixa.value) corpo.caixa = el.caixa.value;
  return corpo;
}

function limparFormulario() {
  el.valor.value = "";
  el.descricao.value = "";
  el.form.querySelector('input[name="forma"][value="dinheiro"]').checked = true;
  limparErroValor();
}

/** Put a movement back in the form (Corrigir a refused one). */
function preencher(corpo) {
  el.form.querySelector(`input[name="tipo"][value="${corpo.tipo}"]`).checked = true;
  el.valor.value = ctx.dinheiro.paraCampo(corpo.valor);
  const forma = el.form.querySelector(`input[name="forma"][value="${corpo.forma_pagamento}"]`);
  if (forma) forma.checked = true;
  el.descricao.value = corpo.descricao || "";
  el.categoria.value = "";
  preencherCategorias().then(() => {
    if (corpo.categoria) el.categoria.value = corpo.categoria;
  });
}

async function registrar(evento) {
  evento.preventDefault();
  let corpo;
  try {
    corpo = lerFormulario();
  } catch (erro) {
    if (!(erro instanceof ctx.dinheiro.ValorInvalido)) throw erro;
    mostrarErroValor(erro.message);
    el.valor.focus();
    return;
  }
  const chave = ctx.novaChave(); // made on the tap: every resend of it is a replay
  const resumo = {
    tipo: corpo.tipo,
    valor: corpo.valor,
    forma_pagamento: corpo.forma_pagamento,
    categoria: corpo.categoria || null,
    descricao: corpo.descricao || null,
  };
  el.registrar.disabled = true;
  try {
    await ctx.fila.adicionar({ chave, caminho: "/movimentacao", corpo, resumo });
  } catch (erro) {
    console.error(erro);
    ctx.avisar("Não foi possível guardar a movimentação neste aparelho.", { tipo: "erro" });
    return;
  } finally {
    el.registrar.disabled = false;
  }
  if (corpo.categoria) lembrar(ULTIMA_CATEGORIA + corpo.tipo, corpo.categoria);
  if (corpo.caixa) lembrar(ULTIMO_CAIXA, corpo.caixa);
  limparFormulario();
  el.valor.focus();
  const texto = descrever(ctx, resumo);
  ultima = { chave, texto };
  confirmar(`${texto}: enviando…`, "pendente");
  const resultado = await ctx.fila.aguardar(chave, ESPERA_ENVIO_MS);
  if (!ultima || ultima.chave !== chave) return; // another tap or Desfazer came first
  if (resultado.estado === "enviado") confirmar(`${texto} registrada.`, "ok");
  else if (resultado.estado === "recusado") {
    confirmar(`${texto} não foi aceita: ${resultado.erro.mensagem}`, "erro", false);
  } else confirmar(`${texto} guardada neste aparelho: pendente, será enviada quando a conexão voltar.`, "pendente");
}

// -- confirmation and Desfazer ----------------------------------------------------------------

function confirmar(texto, estado, comDesfazer = true) {
  el.confirmacao.hidden = false;
  el.confirmacao.className = `confirmacao ${estado}`;
  el.confirmacaoTexto.textContent = texto;
  el.desfazer.hidden = !comDesfazer;
  clearTimeout(prazoConfirmacao);
  prazoConfirmacao = setTimeout(esconderConfirmacao, CONFIRMACAO_MS);
}

function esconderConfirmacao() {
  if (el.confirmacao.contains(document.activeElement)) {
    prazoConfirmacao = setTimeout(esconderConfirmacao, 2000); // not under the merchant's finger
    return;
  }
  el.confirmacao.hidden = true;
  ultima = null;
}

async function desfazer() {
  if (!ultima) return;
  const { chave, texto } = ultima;
  ultima = null;
  clearTimeout(prazoConfirmacao);
  el.confirmacao.hidden = true;
  el.valor.focus();
  const resultado = await ctx.fila.desfazer(chave);
  if (resultado.estado === "removido") {
    ctx.avisar(`Desfeito: ${texto} não será enviada.`, { tipo: "ok" });
  } else if (resultado.estado === "marcado") {
    ctx.avisar(`Desfazer guardado: ${texto} será estornada assim que chegar ao servidor.`);
  } else if (resultado.estado === "estorno") {
    const estorno = await ctx.fila.aguardar(resultado.chave, ESPERA_ENVIO_MS);
    if (estorno.estado === "enviado") ctx.avisar(`Desfeito: ${texto} foi estornada.`, { tipo: "ok" });
    else if (estorno.estado === "recusado") {
      ctx.avisar(`O estorno não foi aceito: ${estorno.erro.mensagem}`, { tipo: "erro" });
    } else ctx.avisar("Desfazer guardado: o estorno está pendente e será enviado quando a conexão voltar.");
  } else {
    ctx.avisar("Não há o que desfazer.");
  }
}

// -- the queue ----------------------------------------------------------------------------------

function botao(texto, rotulo, classe, fazer) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = classe;
  b.textContent = texto;
  b.setAttribute("aria-label", rotulo);
  b.addEventListener("click", fazer);
  return b;
}

/** One queued item as a list row (shared with Hoje, without the buttons). */
export function linhaPendente(ctx, item, { comAcoes = false, aoCorrigir = null } = {}) {
  const li = document.createElement("li");
  li.className = `item ${item.resumo.tipo === "saida" ? "saida" : "entrada"} pendente`;
  li.dataset.chave = item.chave;
  const texto = descrever(ctx, item.resumo);
  const linha1 = document.createElement("p");
  linha1.className = "linha1";
  linha1.textContent = texto;
  const etiqueta = document.createElement("span");
  etiqueta.className = item.erro ? "etiqueta recusado" : "etiqueta pendente";
  etiqueta.textContent = item.erro ? "não aceita" : "pendente";
  linha1.append(etiqueta);
  const linha2 = document.createElement("p");
  linha2.className = "linha2";
  const partes = [];
  if (item.resumo.descricao) partes.push(item.resumo.descricao);
  if (item.corpo && item.corpo.data) partes.push(`dia ${ctx.dataBr(item.corpo.data)}`);
  partes.push(`registrada às ${ctx.hora(item.criadoEm)}`);
  if (item.desfazer) partes.push("será estornada ao chegar");
  linha2.textContent = partes.join(" · ");
  li.append(linha1, linha2);
  if (item.erro) {
    const mensagem = document.createElement("p");
    mensagem.className = "mensagem";
    mensagem.textContent = item.erro.mensagem;
    li.append(mensagem);
    if (comAcoes) {
      const acoes = document.createElement("div");
      acoes.className = "acoes";
      acoes.append(
        botao("Descartar", `Descartar: ${texto}`, "secundario", async () => {
          await ctx.fila.descartar(item.chave);
          ctx.avisar(`Descartada: ${texto}.`);
          el.valor.focus();
        }),
      );
      if (!item.resumo.estornoDe && aoCorrigir) {
        acoes.append(botao("Corrigir", `Corrigir: ${texto}`, "secundario", () => aoCorrigir(item)));
      }
      li.append(acoes);
    }
  }
  return li;
}

async function corrigir(item) {
  const tirado = await ctx.fila.descartar(item.chave);
  if (!tirado) return;
  preencher(tirado.corpo);
  ctx.avisar("Corrija e toque em Registrar para enviar de novo.");
  el.valor.focus();
}

async function mostrarFila() {
  let itens;
  try {
    itens = await ctx.fila.itens();
  } catch {
    return; // the queue could not open: app.js said so
  }
  el.fila.hidden = itens.length === 0;
  el.filaQtd.textContent = String(itens.length);
  el.filaItens.replaceChildren(
    ...itens.map((item) => linhaPendente(ctx, item, { comAcoes: true, aoCorrigir: corrigir })),
  );
}

// -- the screen interface (app.js) -------------------------------------------------------------------

export function montar(secao, contexto) {
  ctx = contexto;
  const $ = (seletor) => secao.querySelector(seletor);
  el = {
    form: $("#form-lancar"),
    valor: $("#valor"),
    valorErro: $("#valor-erro"),
    categoria: $("#categoria"),
    descricao: $("#descricao"),
    campoCaixa: $("#campo-caixa"),
    caixa: $("#caixa"),
    registrar: $("#registrar"),
    confirmacao: $("#confirmacao"),
    confirmacaoTexto: $("#confirmacao-texto"),
    desfazer: $("#desfazer"),
    fila: $("#fila"),
    filaQtd: $("#fila-qtd"),
    filaItens: $("#fila-itens"),
  };
  el.form.addEventListener("submit", (evento) => {
    registrar(evento).catch((erro) => {
      console.error(erro);
      ctx.avisar("Não foi possível registrar.", { tipo: "erro" });
    });
  });
  el.form.addEventListener("change", (evento) => {
    if (evento.target.name === "tipo") {
      el.categoria.value = "";
      preencherCategorias();
    }
  });
  el.valor.addEventListener("input", limparErroValor);
  el.desfazer.addEventListener("click", () => desfazer().catch((erro) => console.error(erro)));
  ctx.fila.addEventListener("mudou", mostrarFila);
}

export function mostrar() {
  return Promise.all([preencherCategorias(), preencherCaixas(), mostrarFila()]);
}
