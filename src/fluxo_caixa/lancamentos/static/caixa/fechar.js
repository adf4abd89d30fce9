// The Fechar o dia screen (DESIGN §5a): the day's summary, the close
// (POST /dias/{dia}/fechamento), its reopening with a motivo, and the link to the
// relatório Z on the consolidado. Markup: templates/caixa/tela_fechar.html; interface: app.js.
//
// The summary comes from the lançamentos API only. A closed day shows its stored snapshot
// (GET /dias/{dia}/fechamentos/{versao}, the relatório Z as the close wrote it); an open
// day is summed here, in BigInt centavos, from its movements and the cash sessions that
// hold them — the same figures the close will store.

import { controle } from "./controle.js";
import { umaPorVez } from "./leitura.js";

const PAGINA = 1000;

let ctx;
let pedidos;
let el;
let dia = null;
let estado = null;
let resumo = null;

function $(id) {
  return document.getElementById(id);
}

// -- the summary -------------------------------------------------------------------------------

/** The day's movements, every page of them. */
async function movimentos(d) {
  const itens = [];
  let cursor = null;
  do {
    const pagina = await ctx.api.get(
      "/movimentacao" + ctx.api.consulta({ inicio: d, fim: d, limite: PAGINA, cursor }),
    );
    itens.push(...pagina.itens);
    cursor = pagina.proximo;
  } while (cursor);
  return itens;
}

/** An open day's figures, in the snapshot's shape (por_forma, sessoes, ...). */
async function previa(d) {
  const { centavos, decimal } = ctx.dinheiro;
  const lista = await movimentos(d);
  const somas = { entrada: 0n, saida: 0n };
  const qtd = { entrada: 0, saida: 0 };
  const formas = new Map();
  const sessoes = new Set();
  let estornos = 0;
  for (const m of lista) {
    const valor = centavos(m.valor);
    somas[m.tipo] += valor;
    qtd[m.tipo] += 1;
    const chave = m.forma_pagamento;
    const f = formas.get(chave) || { entrada: 0n, saida: 0n };
    f[m.tipo] += valor;
    formas.set(chave, f);
    if (m.estorno_de !== null) estornos += 1;
    if (m.sessao_id !== null) sessoes.add(m.sessao_id);
  }
  const lidas = await Promise.all([...sessoes].sort((a, b) => a - b).map((id) => ctx.api.get(`/sessoes/${id}`)));
  return {
    parcial: true,
    entradas: decimal(somas.entrada),
    saidas: decimal(somas.saida),
    saldo_dia: decimal(somas.entrada - somas.saida),
    qtd_entradas: qtd.entrada,
    qtd_saidas: qtd.saida,
    por_forma: [...formas.entries()]
      .map(([forma, f]) => ({ forma_pagamento: forma, entradas: decimal(f.entrada), saidas: decimal(f.saida) }))
      .sort((a, b) => ordemForma(a.forma_pagamento) - ordemForma(b.forma_pagamento)),
    sessoes: lidas,
    estornos: estornos,
  };
}

function ordemForma(forma) {
  const ordem = ctx.formas.map((f) => f.valor);
  return forma === null ? ordem.length : ordem.indexOf(forma);
}

async function lerDia(d) {
  const lido = await ctx.api.get(`/dias/${d}`);
  if (lido.estado === "fechado") {
    const ultimo = lido.fechamentos[lido.fechamentos.length - 1];
    const snapshot = await ctx.api.get(`/dias/${d}/fechamentos/${ultimo.versao}`);
    return { lido, resumo: { ...snapshot, estornos: snapshot.estornos.length } };
  }
  return { lido, resumo: await previa(d) };
}

/** Reads the chosen day again (one reading at a time). */
const carregar = umaPorVez(carregarDia);

const SEM_LEITURA = "Sem conexão: não foi possível ler o dia agora.";

async function carregarDia() {
  const pedido = el.dia.value || ctx.hoje();
  if (pedido !== dia) {
    estado = null;
    resumo = null;
  }
  dia = pedido;
  if (!navigator.onLine) {
    // Nothing is asked of a network that is not there; what is on screen stays.
    el.semConexao.hidden = false;
    if (estado === null) el.estado.textContent = SEM_LEITURA;
    desenhar();
    return;
  }
  el.estado.textContent = "Carregando o dia…";
  try {
    ({ lido: estado, resumo } = await lerDia(dia));
  } catch (erro) {
    if (!(erro instanceof ctx.ErroApi)) throw erro;
    el.semConexao.hidden = !(erro.rede || !navigator.onLine);
    if (!erro.rede) {
      estado = null;
      resumo = null;
    }
    desenhar();
    el.estado.textContent = erro.rede ? SEM_LEITURA : erro.texto();
    return;
  }
  el.semConexao.hidden = true;
  desenhar();
}

function desenhar() {
  const fechado = estado !== null && estado.estado === "fechado";
  el.resumo.hidden = resumo === null;
  el.formFechar.hidden = estado === null || fechado;
  el.formReabrir.hidden = !fechado;
  if (estado !== null) el.estado.textContent = textoEstado();
  if (resumo !== null) desenharResumo();
  const bloqueio = resumo === null || fechado ? [] : abertas();
  el.bloqueio.hidden = bloqueio.length === 0;
  el.bloqueio.textContent = bloqueio.length
    ? `${lista(bloqueio)} ainda ${bloqueio.length === 1 ? "está aberto" : "estão abertos"} com ` +
      "movimentações deste dia: feche na tela Caixa antes de fechar o dia."
    : "";
  el.relatorio.href = ctx.relatorioZ(dia);
  el.relatorio.textContent = `Relatório Z de ${ctx.dataBr(dia)} (PDF)`;
  el.relatorioAjuda.textContent = fechado
    ? ""
    : "O dia ainda não foi fechado: o relatório sai marcado PARCIAL.";
}

function abertas() {
  const nomes = resumo.sessoes.filter((s) => s.fechada_em === null).map((s) => s.caixa);
  return [...new Set(nomes)].sort((a, b) => a.localeCompare(b, "pt-BR"));
}

function lista(nomes) {
  return nomes.length === 1 ? nomes[0] : `${nomes.slice(0, -1).join(", ")} e ${nomes[nomes.length - 1]}`;
}

function textoEstado() {
  const data = ctx.dataBr(dia);
  const reaberturas = estado.reaberturas.length;
  const reaberto = reaberturas === 0 ? "" : reaberturas === 1 ? " Reaberto 1 vez." : ` Reaberto ${reaberturas} vezes.`;
  if (estado.estado === "fechado") {
    const f = estado.fechamentos[estado.fechamentos.length - 1];
    return `Dia ${data}: fechado (fechamento nº ${f.numero}, versão ${f.versao}, às ${ctx.hora(f.fechado_em)}).${reaberto}`;
  }
  return `Dia ${data}: aberto.${reaberto}`;
}

function celula(tag, texto, classe) {
  const c = document.createElement(tag);
  c.textContent = texto;
  if (tag === "th") c.scope = "row";
  if (classe) c.className = classe;
  return c;
}

function dinheiro(texto) {
  return celula("td", texto, "dinheiro");
}

function desenharResumo() {
  const brl = ctx.dinheiro.brl;
  el.entradas.textContent = brl(resumo.entradas);
  el.saidas.textContent = brl(resumo.saidas);
  el.saldo.textContent = brl(resumo.saldo_dia);
  const partes = [
    `${resumo.qtd_entradas} ${resumo.qtd_entradas === 1 ? "entrada" : "entradas"}`,
    `${resumo.qtd_saidas} ${resumo.qtd_saidas === 1 ? "saída" : "saídas"}`,
    `${resumo.estornos} ${resumo.estornos === 1 ? "estorno" : "estornos"}`,
  ];
  if (!resumo.parcial) {
    partes.push(`saldo anterior ${brl(resumo.saldo_anterior)}`, `saldo final ${brl(resumo.saldo_final)}`);
  }
  el.contagens.textContent = partes.join(" · ") + ".";
  el.formas.tBodies[0].replaceChildren(
    ...resumo.por_forma.map((p) => {
      const tr = document.createElement("tr");
      tr.append(celula("th", ctx.rotuloForma(p.forma_pagamento)), dinheiro(brl(p.entradas)), dinheiro(brl(p.saidas)));
      return tr;
    }),
  );
  el.sessoes.tBodies[0].replaceChildren(
    ...resumo.sessoes.map((s) => {
      const tr = document.createElement("tr");
      const nome = s.operador ? `${s.caixa} (${s.operador})` : s.caixa;
      tr.append(
        celula("th", nome),
        celula("td", `${ctx.hora(s.aberta_em)}–${s.fechada_em === null ? "aberta" : ctx.hora(s.fechada_em)}`),
        dinheiro(s.quebra === null ? "—" : brl(s.quebra)),
        dinheiro(s.retirada_fechamento == null ? "—" : brl(s.retirada_fechamento)),
      );
      return tr;
    }),
  );
  el.sessoes.hidden = resumo.sessoes.length === 0;
  el.semSessoes.hidden = resumo.sessoes.length !== 0;
}

// -- closing and reopening ---------------------------------------------------------------

function confirmar(dialogo, texto) {
  return new Promise((resolver) => {
    dialogo.querySelector("p").textContent = texto;
    dialogo.returnValue = "";
    dialogo.addEventListener("close", () => resolver(dialogo.returnValue), { once: true });
    dialogo.showModal();
  });
}

function erro(paragrafo, texto) {
  paragrafo.textContent = texto;
  paragrafo.hidden = !texto;
}

async function enviar(form, acao, caminho, corpo, paragrafo) {
  const botao = form.querySelector('button[type="submit"]');
  botao.disabled = true;
  try {
    return await pedidos.enviar(acao, caminho, corpo);
  } catch (falha) {
    const mensagem = pedidos.mensagem(falha);
    erro(paragrafo, mensagem);
    ctx.avisar(mensagem, { tipo: "erro" });
    if (falha instanceof ctx.ErroApi && falha.status === 409) carregar().catch(falhou);
    return null;
  } finally {
    botao.disabled = false;
  }
}

async function fecharDia(evento) {
  evento.preventDefault();
  erro(el.erroFechar, "");
  el.resultado.hidden = true;
  const corpo = {};
  const observacao = $("fechar-observacao").value.trim();
  if (observacao) corpo.observacao = observacao;
  const alvo = dia;
  if (navigator.onLine) {
    const brl = ctx.dinheiro.brl;
    const texto = resumo
      ? `Dia ${ctx.dataBr(alvo)}: entradas ${brl(resumo.entradas)}, saídas ${brl(resumo.saidas)}, ` +
        `saldo do dia ${brl(resumo.saldo_dia)}.`
      : `Dia ${ctx.dataBr(alvo)}.`;
    if ((await confirmar(el.confirmarFechar, texto)) !== "fechar") return;
  }
  const z = await enviar(el.formFechar, "O fechamento do dia", `/dias/${alvo}/fechamento`, corpo, el.erroFechar);
  if (!z) return;
  $("fechar-observacao").value = "";
  await carregar();
  el.resultadoTitulo.textContent = `Dia ${ctx.dataBr(z.data)} fechado`;
  el.resultadoTexto.textContent =
    `Fechamento nº ${z.numero}, versão ${z.versao}, às ${ctx.hora(z.fechado_em)}. ` +
    "O relatório Z já pode ser baixado.";
  el.resultado.hidden = false;
  el.resultadoTitulo.focus();
}

async function reabrir(evento) {
  evento.preventDefault();
  erro(el.erroReabrir, "");
  el.resultado.hidden = true;
  const motivo = el.motivo.value.trim();
  if (motivo.length < 5) {
    erro(el.erroReabrir, "Diga o motivo da reabertura (pelo menos 5 caracteres).");
    el.motivo.setAttribute("aria-invalid", "true");
    el.motivo.focus();
    return;
  }
  el.motivo.removeAttribute("aria-invalid");
  const alvo = dia;
  if (navigator.onLine) {
    const texto = `Dia ${ctx.dataBr(alvo)}, motivo: “${motivo}”.`;
    if ((await confirmar(el.confirmarReabrir, texto)) !== "reabrir") return;
  }
  const feito = await enviar(el.formReabrir, "A reabertura do dia", `/dias/${alvo}/reabertura`, { motivo }, el.erroReabrir);
  if (!feito) return;
  el.motivo.value = "";
  ctx.avisar(`Dia ${ctx.dataBr(alvo)} reaberto.`, { tipo: "ok" });
  await carregar();
  el.estado.focus();
}

function falhou(falha) {
  console.error(falha);
  ctx.avisar("Algo deu errado na tela Fechar o dia.", { tipo: "erro" });
}

// -- the module interface (app.js) ---------------------------------------------------------------

export function montar(_secao, contexto) {
  ctx = contexto;
  pedidos = controle(ctx);
  el = {
    semConexao: $("fechar-sem-conexao"),
    dia: $("fechar-dia"),
    estado: $("fechar-estado"),
    resumo: $("fechar-resumo"),
    entradas: $("fechar-entradas"),
    saidas: $("fechar-saidas"),
    saldo: $("fechar-saldo"),
    contagens: $("fechar-contagens"),
    formas: $("fechar-formas"),
    sessoes: $("fechar-sessoes"),
    semSessoes: $("fechar-sem-sessoes"),
    bloqueio: $("fechar-bloqueio"),
    formFechar: $("form-fechar-dia"),
    erroFechar: $("fechar-erro"),
    resultado: $("fechar-resultado"),
    resultadoTitulo: $("fechar-resultado-titulo"),
    resultadoTexto: $("fechar-resultado-texto"),
    relatorio: $("fechar-relatorio-z"),
    relatorioAjuda: $("fechar-relatorio-ajuda"),
    formReabrir: $("form-reabrir"),
    motivo: $("reabrir-motivo"),
    erroReabrir: $("reabrir-erro"),
    confirmarFechar: $("confirmar-fechar-dia"),
    confirmarReabrir: $("confirmar-reabrir"),
  };
  el.dia.addEventListener("change", () => {
    el.resultado.hidden = true;
    carregar().catch(falhou);
  });
  el.formFechar.addEventListener("submit", (e) => fecharDia(e).catch(falhou));
  el.formReabrir.addEventListener("submit", (e) => reabrir(e).catch(falhou));
  $("fechar-atualizar").addEventListener("click", () => carregar().catch(falhou));
  ctx.aoMudarConexao((online) => {
    if (!online) el.semConexao.hidden = false;
    else if (!el.semConexao.hidden) carregar().catch(falhou);
  });
}

export function mostrar() {
  const hoje = ctx.hoje();
  el.dia.max = hoje;
  if (!el.dia.value || el.dia.value > hoje) el.dia.value = hoje;
  return carregar();
}
