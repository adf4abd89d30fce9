// The Caixa screen (DESIGN §5a): the drawers and their state; abertura (counting the
// fund), suprimento, sangria and the fechamento cego, whose expected amount appears only
// in the answer to the count. Markup: templates/caixa/tela_caixa.html; interface: app.js.
//
// Blind close: this screen never puts the expected cash on the page before the count is
// sent. The open session's X report is read for the fund, suprimentos and sangrias only.

import { contagem, ContagemInvalida, lerContado } from "./contagem.js";
import { controle, semConexao } from "./controle.js";
import { umaPorVez } from "./leitura.js";

const ESCOLHIDO = "fluxo-caixa:caixa-escolhido";

let ctx;
let pedidos;
let el;
let contagemAbertura;
let contagemFechamento;
let caixas = [];
let escolhido = null;
let sessao = null;

function $(id) {
  return document.getElementById(id);
}

function lerEscolhido() {
  try {
    return Number(localStorage.getItem(ESCOLHIDO)) || null;
  } catch {
    return null;
  }
}

function guardarEscolhido(id) {
  try {
    localStorage.setItem(ESCOLHIDO, String(id));
  } catch {
    // private mode: chosen again next time
  }
}

// -- reading and drawing -----------------------------------------------------------------

function avisoSemConexao(mostrar) {
  el.semConexao.hidden = !mostrar;
}

/** Reads the drawers again (one reading at a time). */
const carregar = umaPorVez(lerCaixas);

const SEM_LEITURA = "Sem conexão: não foi possível ler a situação dos caixas agora.";

async function lerCaixas() {
  if (!navigator.onLine) {
    // Nothing is asked of a network that is not there; what is on screen stays.
    avisoSemConexao(true);
    el.carregando.textContent = caixas.length ? "" : SEM_LEITURA;
    return;
  }
  el.carregando.textContent = "Carregando os caixas…";
  try {
    caixas = (await ctx.api.get("/caixas")).itens;
  } catch (erro) {
    if (!(erro instanceof ctx.ErroApi)) throw erro;
    avisoSemConexao(erro.rede || !navigator.onLine);
    el.carregando.textContent = erro.rede ? SEM_LEITURA : erro.texto();
    return;
  }
  avisoSemConexao(false);
  el.carregando.textContent = "";
  if (!caixas.some((c) => c.id === escolhido)) {
    const guardado = lerEscolhido();
    const aberto = caixas.find((c) => c.estado === "aberto");
    escolhido = (caixas.find((c) => c.id === guardado) || aberto || caixas[0] || {}).id ?? null;
  }
  sessao = null;
  const caixa = caixas.find((c) => c.id === escolhido);
  if (caixa && caixa.estado === "aberto") {
    try {
      sessao = await ctx.api.get(`/caixas/${caixa.id}/sessao`);
    } catch (erro) {
      if (!(erro instanceof ctx.ErroApi)) throw erro;
      if (erro.status !== 404) {
        // Not knowing the session, the screen keeps what it showed.
        el.carregando.textContent = erro.rede ? SEM_LEITURA : erro.texto();
        avisoSemConexao(erro.rede);
        return;
      }
    }
  }
  desenhar();
}

function desenhar() {
  // A keyboard on the list of caixas stays there when it is drawn again.
  const naLista = el.lista.contains(document.activeElement);
  el.lista.replaceChildren(
    ...caixas.map((c) => {
      const label = document.createElement("label");
      label.className = `opcao caixa-${c.estado}`;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "caixa-escolhido";
      input.value = String(c.id);
      input.checked = c.id === escolhido;
      input.addEventListener("change", () => {
        escolhido = c.id;
        guardarEscolhido(c.id);
        carregar().catch(falhou);
      });
      const span = document.createElement("span");
      const nome = document.createElement("strong");
      nome.textContent = c.nome;
      const estado = document.createElement("small");
      estado.className = "estado-caixa";
      estado.textContent = c.estado === "aberto" ? "aberto" : "fechado";
      span.append(nome, " ", estado);
      label.append(input, span);
      return label;
    }),
  );
  el.escolha.hidden = caixas.length === 0;
  if (naLista) el.lista.querySelector("input:checked")?.focus();
  const caixa = caixas.find((c) => c.id === escolhido);
  el.painel.hidden = !caixa;
  if (!caixa) {
    el.carregando.textContent = "Nenhum caixa cadastrado.";
    return;
  }
  const aberto = caixa.estado === "aberto" && sessao !== null;
  el.nome.textContent = `${caixa.nome} — ${aberto ? "aberto" : "fechado"}`;
  el.situacao.replaceChildren(...situacao(aberto));
  el.formAbertura.hidden = aberto;
  el.acoes.hidden = !aberto;
}

/** What the merchant may see of the session: never the expected cash (blind close). */
function situacao(aberto) {
  if (!aberto) return [texto("Fechado. Conte o fundo de troco na gaveta para abrir.")];
  const partes = [`Aberto às ${ctx.hora(sessao.aberta_em)}`];
  if (sessao.operador) partes[0] += ` por ${sessao.operador}`;
  partes.push(`fundo ${ctx.dinheiro.brl(sessao.fundo)}`);
  partes.push(`suprimentos ${ctx.dinheiro.brl(sessao.suprimentos)}`);
  partes.push(`sangrias ${ctx.dinheiro.brl(sessao.sangrias)}`);
  const linhas = [texto(partes.join(" · ") + ".")];
  const diferenca = ctx.dinheiro.centavos(sessao.diferenca_abertura);
  if (diferenca !== 0n) linhas.push(texto(diferencaAbertura(diferenca), "aviso-abertura"));
  return linhas;
}

function diferencaAbertura(diferenca) {
  const quanto = ctx.dinheiro.brl(diferenca < 0n ? -diferenca : diferenca);
  return diferenca < 0n
    ? `Diferença de abertura: faltam ${quanto} do que ficou no último fechamento.`
    : `Diferença de abertura: sobram ${quanto} além do que ficou no último fechamento.`;
}

function texto(conteudo, classe) {
  const p = document.createElement("p");
  p.textContent = conteudo;
  if (classe) p.className = classe;
  return p;
}

function falhou(erro) {
  console.error(erro);
  ctx.avisar("Algo deu errado na tela do caixa.", { tipo: "erro" });
}

// -- actions --------------------------------------------------------------------------------

function erroNoCampo(paragrafo, mensagem, campo) {
  paragrafo.textContent = mensagem;
  paragrafo.hidden = !mensagem;
  if (campo) {
    campo.setAttribute("aria-invalid", "true");
    campo.focus();
  }
}

function limparErro(paragrafo, ...campos) {
  paragrafo.textContent = "";
  paragrafo.hidden = true;
  for (const campo of campos) campo.removeAttribute("aria-invalid");
}

/** Sends a cash-control request from `form`; on failure says why there and returns null. */
async function enviar(form, acao, caminho, corpo, paragrafoErro) {
  const botao = form.querySelector('button[type="submit"]');
  botao.disabled = true;
  try {
    return await pedidos.enviar(acao, caminho, corpo);
  } catch (erro) {
    const mensagem = pedidos.mensagem(erro);
    if (paragrafoErro) erroNoCampo(paragrafoErro, mensagem);
    ctx.avisar(mensagem, { tipo: "erro" });
    if (erro instanceof ctx.ErroApi && erro.status === 409) carregar().catch(falhou);
    if (erro instanceof ctx.ErroApi && erro.rede) avisoSemConexao(true);
    return null;
  } finally {
    botao.disabled = false;
  }
}

async function abrir(evento) {
  evento.preventDefault();
  const erro = $("abertura-contagem-erro");
  let contado;
  try {
    contado = contagemAbertura.ler().centavos;
  } catch (e) {
    if (e instanceof ContagemInvalida) return e.campo.focus();
    throw e;
  }
  const corpo = { contado: ctx.dinheiro.decimal(contado) };
  const operador = el.operador.value.trim();
  if (operador) corpo.operador = operador;
  const caixa = caixas.find((c) => c.id === escolhido);
  const aberta = await enviar(
    el.formAbertura, "A abertura do caixa", `/caixas/${caixa.id}/abertura`, corpo, erro,
  );
  if (!aberta) return;
  contagemAbertura.limpar();
  // The shared list (Lançar's choice of caixa) follows what happened here.
  ctx.caixas({ atualizar: true }).catch(() => {});
  const diferenca = ctx.dinheiro.centavos(aberta.diferenca_abertura);
  const mensagem = `${aberta.caixa} aberto com fundo de ${ctx.dinheiro.brl(aberta.fundo)}.`;
  ctx.avisar(diferenca === 0n ? mensagem : `${mensagem} ${diferencaAbertura(diferenca)}`, {
    tipo: "ok",
  });
  await carregar();
  el.nome.focus();
}

function evento(tipo, acao) {
  const form = $(`form-${tipo}`);
  const valor = $(`${tipo}-valor`);
  const motivo = $(`${tipo}-motivo`);
  const erro = $(`${tipo}-erro`);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    limparErro(erro, valor);
    let decimal;
    try {
      decimal = ctx.dinheiro.paraApi(valor.value);
    } catch (falha) {
      if (falha instanceof ctx.dinheiro.ValorInvalido) return erroNoCampo(erro, falha.message, valor);
      throw falha;
    }
    const corpo = { valor: decimal };
    if (motivo.value.trim()) corpo.descricao = motivo.value.trim();
    const feito = await enviar(form, acao, `/caixas/${escolhido}/${tipo}`, corpo, erro);
    if (!feito) return;
    valor.value = "";
    motivo.value = "";
    const quanto = `${ctx.dinheiro.brl(feito.valor)} no ${feito.caixa}`;
    ctx.avisar(
      tipo === "sangria"
        ? `Sangria de ${quanto} registrada.`
        : `Suprimento de ${quanto} registrado.`,
      { tipo: "ok" },
    );
    await carregar();
  });
}

/** The closing count, read and checked; null when something is wrong (said on screen). */
function lerFechamento() {
  const erro = $("fechamento-erro");
  const deixado = $("fechamento-deixado");
  limparErro(erro, deixado, ...outrasFormas());
  let contado;
  try {
    contado = contagemFechamento.ler();
  } catch (e) {
    if (e instanceof ContagemInvalida) {
      e.campo.focus();
      return null;
    }
    throw e;
  }
  const corpo = { contado: { dinheiro: ctx.dinheiro.decimal(contado.centavos) } };
  if (contado.cedulas !== null) corpo.cedulas = contado.cedulas;
  for (const input of outrasFormas()) {
    if (!input.value.trim()) continue;
    try {
      corpo.contado[input.dataset.forma] = ctx.dinheiro.decimal(lerContado(input.value));
    } catch (e) {
      if (!(e instanceof ctx.dinheiro.ValorInvalido)) throw e;
      input.closest("details").open = true;
      erroNoCampo(erro, `${ctx.rotuloForma(input.dataset.forma)}: ${e.message}`, input);
      return null;
    }
  }
  if (deixado.value.trim()) {
    try {
      corpo.deixado = ctx.dinheiro.decimal(lerContado(deixado.value));
    } catch (e) {
      if (!(e instanceof ctx.dinheiro.ValorInvalido)) throw e;
      erroNoCampo(erro, `Deixar no caixa: ${e.message}`, deixado);
      return null;
    }
  }
  const observacao = $("fechamento-observacao").value.trim();
  if (observacao) corpo.observacao = observacao;
  return corpo;
}

function outrasFormas() {
  return [...el.formFechamento.querySelectorAll("input[data-forma]")];
}

function confirmar(dialogo, texto) {
  return new Promise((resolver) => {
    dialogo.querySelector("p").textContent = texto;
    dialogo.returnValue = "";
    dialogo.addEventListener("close", () => resolver(dialogo.returnValue), { once: true });
    dialogo.showModal();
  });
}

async function fechar(evento) {
  evento.preventDefault();
  const corpo = lerFechamento();
  if (!corpo) return;
  const caixa = caixas.find((c) => c.id === escolhido);
  if (!navigator.onLine) {
    // Said before asking to confirm: nothing can be sent now.
    const mensagem = semConexao("O fechamento do caixa");
    erroNoCampo($("fechamento-erro"), mensagem);
    ctx.avisar(mensagem, { tipo: "erro" });
    return;
  }
  const resposta = await confirmar(
    el.confirmar,
    `${caixa.nome}: ${ctx.dinheiro.brl(corpo.contado.dinheiro)} contados em dinheiro.`,
  );
  if (resposta !== "fechar") return;
  const fechada = await enviar(
    el.formFechamento, "O fechamento do caixa", `/caixas/${caixa.id}/fechamento`, corpo,
    $("fechamento-erro"),
  );
  if (!fechada) return;
  contagemFechamento.limpar();
  for (const input of [...outrasFormas(), $("fechamento-deixado"), $("fechamento-observacao")]) {
    input.value = "";
  }
  mostrarResultado(fechada);
  ctx.caixas({ atualizar: true }).catch(() => {});
}

// -- the result of the closing count: only now the expected amount and the quebra -------------

function mostrarResultado(s) {
  const brl = ctx.dinheiro.brl;
  const quebra = ctx.dinheiro.centavos(s.quebra);
  $("resultado-titulo").textContent = `${s.caixa} fechado`;
  const q = $("resultado-quebra");
  const absoluta = brl(quebra < 0n ? -quebra : quebra);
  q.className = `quebra ${quebra < 0n ? "falta" : quebra > 0n ? "sobra" : "certo"}`;
  q.textContent =
    quebra < 0n
      ? `Quebra de caixa: falta de ${absoluta}.`
      : quebra > 0n
        ? `Quebra de caixa: sobra de ${absoluta}.`
        : "Sem quebra: o dinheiro contado é o esperado.";
  const figuras = [
    ["Esperado em dinheiro", brl(s.esperado_dinheiro)],
    ["Contado em dinheiro", brl(s.contado_dinheiro)],
    ["Quebra", brl(s.quebra)],
    ["Deixado para a próxima abertura", brl(s.deixado)],
    ["Retirada no fechamento", brl(s.retirada_fechamento)],
  ];
  $("resultado-figuras").replaceChildren(
    ...figuras.map(([rotulo, valor]) => {
      const div = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = rotulo;
      const dd = document.createElement("dd");
      dd.textContent = valor;
      div.append(dt, dd);
      return div;
    }),
  );
  $("resultado-formas").tBodies[0].replaceChildren(
    ...s.por_forma.map((p) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = ctx.rotuloForma(p.forma_pagamento);
      tr.append(th);
      for (const v of [p.esperado, p.contado, p.diferenca]) {
        const td = document.createElement("td");
        td.textContent = v === null ? "não conferido" : brl(v);
        tr.append(td);
      }
      return tr;
    }),
  );
  el.escolha.hidden = true;
  el.painel.hidden = true;
  el.resultado.hidden = false;
  $("resultado-titulo").focus();
}

function voltar() {
  el.resultado.hidden = true;
  carregar().catch(falhou);
}

// -- the module interface (app.js) ---------------------------------------------------------------

export function montar(_secao, contexto) {
  ctx = contexto;
  pedidos = controle(ctx);
  el = {
    semConexao: $("caixa-sem-conexao"),
    carregando: $("caixa-carregando"),
    escolha: $("caixa-escolha"),
    lista: $("caixa-lista"),
    painel: $("caixa-painel"),
    nome: $("caixa-nome"),
    situacao: $("caixa-situacao"),
    formAbertura: $("form-abertura"),
    operador: $("abertura-operador"),
    acoes: $("caixa-acoes"),
    formFechamento: $("form-fechamento"),
    resultado: $("caixa-resultado"),
    confirmar: $("confirmar-fechamento"),
  };
  contagemAbertura = contagem($("abertura-contagem"));
  contagemFechamento = contagem($("fechamento-contagem"));
  el.formAbertura.addEventListener("submit", (e) => abrir(e).catch(falhou));
  evento("suprimento", "O suprimento");
  evento("sangria", "A sangria");
  el.formFechamento.addEventListener("submit", (e) => fechar(e).catch(falhou));
  $("resultado-voltar").addEventListener("click", voltar);
  $("caixa-atualizar").addEventListener("click", voltar);
  ctx.aoMudarConexao((online) => {
    if (!online) avisoSemConexao(true);
    else if (!el.semConexao.hidden && el.resultado.hidden) carregar().catch(falhou);
  });
}

export function mostrar() {
  // The closing result stays until the merchant leaves it ("Voltar aos caixas").
  if (!el.resultado.hidden) return undefined;
  return carregar();
}
