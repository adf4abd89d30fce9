// Fluxo de Caixa — the caixa app (DESIGN §5a). No build step: these ES modules are served
// as they are, under a CSP that forbids inline script and style.
//
// SCREENS. Each screen is a <section class="tela" data-tela="ID"> of the shell (its markup
// in templates/caixa/tela_ID.html, inside that section only) and an ES module (ID.js)
// registered in TELAS below. The router shows one section at a time, by the URL's hash
// (#lancar, #hoje, #caixa, #fechar). A screen module exports:
//
//   export function montar(secao, ctx)   once, at start-up: `secao` is its <section>;
//                                        wire events, fill what does not change.
//   export function mostrar(ctx)         each time the screen is shown (reload its data);
//                                        may return a promise.
//   export function esconder(ctx)        optional: another screen is being shown.
//
// A screen throwing in montar/mostrar is reported (console and a message) and leaves the
// other screens working. `ctx`, the same object for every screen:
//
//   ctx.api                 api.js: get(caminho) and post(caminho, corpo, {chave}) resolve to
//                           the JSON; every failure is an ErroApi {status (0 = no answer),
//                           mensagem, detalhes, rede, temporario, texto()}.
//   ctx.ErroApi             the class, for instanceof.
//   ctx.dinheiro            dinheiro.js: paraApi("1.234,5") -> "1234.50" (throws
//                           ValorInvalido with a message), brl(centavos | "10.50") ->
//                           "R$ 10,50", centavos("10.50") -> 1050n, paraCampo, decimal.
//   ctx.hoje()              the business day "AAAA-MM-DD" in FLUXO_TZ, by the server's clock
//                           (learned from its answers) — never the shell's render time,
//                           since the shell may come from the offline cache days later.
//   ctx.tz                  FLUXO_TZ, e.g. "America/Sao_Paulo".
//   ctx.dataBr(iso)         "2026-11-25" -> "25/11/2026".
//   ctx.hora(isoInstante)   "2026-11-25T10:05:39-03:00" -> "10:05" in FLUXO_TZ.
//   ctx.avisar(texto, {tipo, acao})  a short message at the bottom: tipo "ok" | "erro" |
//                           "info"; acao {rotulo, fazer()} adds a button.
//   ctx.online()            false when the browser is offline or the server did not answer
//                           the last request.
//   ctx.semConexao(acao)    the message for an action that needs the server now (cash
//                           control cannot wait in the queue): semConexao("A sangria") ->
//                           "Sem conexão com o servidor: a sangria precisa dele. …".
//   ctx.novaChave()         a fresh Idempotency-Key: make one per tap, reuse it on retries.
//   ctx.consolidado         the consolidado's address as this browser reaches it.
//   ctx.relatorioZ(dia)     the day's relatório Z (PDF) on the consolidado.
//   ctx.caixas()            promise of the drawers (GET /caixas items); the last known list
//                           when offline. ctx.caixas({atualizar: true}) asks the server.
//   ctx.categorias(tipo)    promise of the active categorias of a tipo (last known offline).
//   ctx.fila                the offline queue (fila.js): movements and estornos only.
//   ctx.formas              [{valor: "dinheiro", rotulo: "Dinheiro"}, …], dinheiro first.
//   ctx.rotuloForma(valor)  "pix" -> "PIX"; null -> "Não informada".
//   ctx.ir(id)              show another screen.

import * as api from "./api.js";
import * as dinheiro from "./dinheiro.js";
import { Fila } from "./fila.js";
import * as lancar from "./lancar.js";
import * as hoje from "./hoje.js";
import * as caixa from "./caixa.js";
import * as fechar from "./fechar.js";

const TELAS = { lancar, hoje, caixa, fechar };
const INICIAL = "lancar";
const AVISO_MS = 6000;

const raiz = document.getElementById("app");
const guardados = {
  caixas: "fluxo-caixa:caixas",
  categorias: "fluxo-caixa:categorias",
};

// -- small helpers shared through ctx -------------------------------------------------

function diaEm(tz, instante) {
  const partes = {};
  new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(instante)
    .forEach((p) => {
      partes[p.type] = p.value;
    });
  return `${partes.year}-${partes.month}-${partes.day}`;
}

function dataBr(iso) {
  const [a, m, d] = String(iso).split("-");
  return `${d}/${m}/${a}`;
}

function lerJson(chave) {
  try {
    return JSON.parse(localStorage.getItem(chave) || "null");
  } catch {
    return null;
  }
}

function guardarJson(chave, valor) {
  try {
    localStorage.setItem(chave, JSON.stringify(valor));
  } catch {
    // private mode or full: the lists are asked again next time
  }
}

/** An Idempotency-Key: a random UUID (crypto.randomUUID needs HTTPS; getRandomValues does not). */
function novaChave() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// -- messages -------------------------------------------------------------------------

const avisos = document.getElementById("avisos");

function avisar(texto, { tipo = "info", acao = null, duracaoMs = AVISO_MS } = {}) {
  const aviso = document.createElement("div");
  aviso.className = `aviso ${tipo}`;
  aviso.setAttribute("role", tipo === "erro" ? "alert" : "status");
  const p = document.createElement("p");
  p.textContent = texto;
  aviso.append(p);
  if (acao) {
    const botao = document.createElement("button");
    botao.type = "button";
    botao.textContent = acao.rotulo;
    botao.addEventListener("click", () => {
      aviso.remove();
      acao.fazer();
    });
    aviso.append(botao);
  }
  const fechar = document.createElement("button");
  fechar.type = "button";
  fechar.className = "fechar-aviso";
  fechar.setAttribute("aria-label", "Fechar aviso");
  fechar.textContent = "×";
  fechar.addEventListener("click", () => aviso.remove());
  aviso.append(fechar);
  avisos.append(aviso);
  const sumir = () => {
    // Not while the merchant is on its button.
    if (aviso.contains(document.activeElement)) setTimeout(sumir, 2000);
    else aviso.remove();
  };
  if (duracaoMs) setTimeout(sumir, duracaoMs);
  return aviso;
}

// -- connectivity ------------------------------------------------------------------------

let servidorRespondeu = true;
const estadoConexao = document.getElementById("conexao");
const avisoSessao = document.getElementById("aviso-sessao");
const ouvintesConexao = new Set();

function online() {
  return navigator.onLine && servidorRespondeu;
}

function semConexao(acao) {
  const minusculo = acao.charAt(0).toLowerCase() + acao.slice(1);
  return (
    `Sem conexão com o servidor: ${minusculo} precisa dele e não fica guardada neste aparelho. ` +
    "Tente de novo quando a conexão voltar."
  );
}

let pendentes = 0;

function mostrarConexao() {
  const partes = [online() ? "Conectado" : "Sem conexão"];
  if (pendentes > 0) partes.push(pendentes === 1 ? "1 pendente" : `${pendentes} pendentes`);
  estadoConexao.textContent = partes.join(" · ");
  estadoConexao.classList.toggle("offline", !online());
  estadoConexao.classList.toggle("com-pendentes", pendentes > 0);
  for (const fn of ouvintesConexao) fn(online());
}

api.aoResponder(({ ok, status }) => {
  const antes = online();
  servidorRespondeu = ok;
  if (status === 401 && raiz.hasAttribute("data-com-token")) avisoSessao.hidden = false;
  else if (ok && status < 400) avisoSessao.hidden = true;
  if (antes !== online()) mostrarConexao();
});
window.addEventListener("online", () => {
  servidorRespondeu = true;
  mostrarConexao();
});
window.addEventListener("offline", mostrarConexao);

// -- lists the screens share, kept for offline use -------------------------------------------

let caixasAtuais = lerJson(guardados.caixas);

async function caixas({ atualizar = false } = {}) {
  if (atualizar || caixasAtuais === null) {
    try {
      caixasAtuais = (await api.get("/caixas")).itens;
      guardarJson(guardados.caixas, caixasAtuais);
    } catch (erro) {
      if (!(erro instanceof api.ErroApi) || caixasAtuais === null) throw erro;
    }
  }
  return caixasAtuais;
}

let categoriasAtuais = lerJson(guardados.categorias);
let categoriasPedidas = null;

async function categorias(tipo) {
  if (categoriasPedidas === null) {
    categoriasPedidas = api
      .get("/categorias")
      .then((dados) => {
        categoriasAtuais = dados.itens;
        guardarJson(guardados.categorias, categoriasAtuais);
      })
      .catch((erro) => {
        categoriasPedidas = null; // ask again next time
        if (categoriasAtuais === null) throw erro;
      });
  }
  await categoriasPedidas;
  return categoriasAtuais.filter((c) => c.ativa && (!tipo || c.tipo === tipo));
}

// -- the context ----------------------------------------------------------------------

const tz = raiz.dataset.tz;
const consolidado = raiz.dataset.consolidado;
const formas = JSON.parse(raiz.dataset.formas);

export const ctx = {
  api,
  ErroApi: api.ErroApi,
  dinheiro,
  tz,
  hoje: () => diaEm(tz, api.agoraNoServidor()),
  dataBr,
  hora: (instante) =>
    new Intl.DateTimeFormat("pt-BR", { timeZone: tz, hour: "2-digit", minute: "2-digit" }).format(
      new Date(instante),
    ),
  avisar,
  online,
  semConexao,
  novaChave,
  consolidado,
  relatorioZ: (dia) => `${consolidado}/dias/${dia}/relatorio.pdf`,
  caixas,
  categorias,
  fila: new Fila(novaChave),
  formas,
  rotuloForma: (valor) => formas.find((f) => f.valor === valor)?.rotulo || "Não informada",
  ir,
  /** `fn(online)` whenever connectivity changes (screens that need the server). */
  aoMudarConexao: (fn) => ouvintesConexao.add(fn),
  /** The header's pending count (the queue calls this). */
  definirPendentes(n) {
    pendentes = n;
    mostrarConexao();
  },
};

// -- router ---------------------------------------------------------------------------------

const secoes = {};
let atual = null;

function falhou(id, erro) {
  console.error(`tela ${id}:`, erro);
  const texto = erro instanceof api.ErroApi ? erro.texto() : "Algo deu errado nesta tela.";
  avisar(texto, { tipo: "erro" });
}

function telaDoEndereco() {
  const id = location.hash.replace(/^#\/?/, "");
  return id in TELAS ? id : INICIAL;
}

function ir(id) {
  if (location.hash !== `#${id}`) location.hash = id;
  else mostrarTela(id);
}

function mostrarTela(id, { focar = true } = {}) {
  if (atual && atual !== id) {
    secoes[atual].hidden = true;
    try {
      TELAS[atual].esconder?.(ctx);
    } catch (erro) {
      falhou(atual, erro);
    }
  }
  atual = id;
  secoes[id].hidden = false;
  for (const link of document.querySelectorAll(".abas a[data-tela]")) {
    if (link.dataset.tela === id) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (focar) {
    // A screen reader hears the new screen's title; the keyboard continues from there.
    const titulo = secoes[id].querySelector("h2");
    if (titulo) {
      titulo.tabIndex = -1;
      titulo.focus({ preventScroll: true });
    }
  }
  return Promise.resolve()
    .then(() => TELAS[id].mostrar?.(ctx))
    .catch((erro) => falhou(id, erro));
}

function montarTelas() {
  for (const [id, modulo] of Object.entries(TELAS)) {
    secoes[id] = document.querySelector(`section.tela[data-tela="${id}"]`);
    try {
      modulo.montar(secoes[id], ctx);
    } catch (erro) {
      falhou(id, erro);
    }
  }
}

// -- service worker: the app opens with no network ----------------------------------------------

function registrarServiceWorker() {
  // Only on HTTPS or localhost: elsewhere browsers have no service workers (see README).
  if (!("serviceWorker" in navigator)) return;
  const jaControlada = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((erro) => {
    console.warn("service worker não registrado:", erro);
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!jaControlada) return; // the first install: nothing to reload
    avisar("Uma nova versão do caixa foi instalada.", {
      acao: { rotulo: "Recarregar", fazer: () => location.reload() },
      duracaoMs: 0,
    });
  });
}

async function iniciar() {
  document.getElementById("dia-texto").textContent = dataBr(ctx.hoje());
  const contar = async () => ctx.definirPendentes((await ctx.fila.itens()).length);
  ctx.fila.addEventListener("mudou", contar);
  try {
    await ctx.fila.abrir();
    await contar();
  } catch (erro) {
    console.error("fila:", erro);
    avisar("Este navegador não deixou o caixa guardar dados: sem conexão, nada poderá ser registrado.", {
      tipo: "erro",
      duracaoMs: 0,
    });
  }
  montarTelas();
  const primeira = mostrarTela(telaDoEndereco(), { focar: false });
  window.addEventListener("hashchange", () => mostrarTela(telaDoEndereco()));
  mostrarConexao();
  registrarServiceWorker();
  await primeira;
  raiz.dataset.pronto = ""; // the first screen has its data (tests wait for this)
}

iniciar();
