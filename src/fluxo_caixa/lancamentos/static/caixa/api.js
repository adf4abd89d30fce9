// The lançamentos JSON API, from the app's own origin. The session cookie goes along
// (credentials "same-origin"; with FLUXO_API_TOKEN it is what signs the app in), answers
// are never taken from a cache, and every failure is one ErroApi: the service's
// {"erro", "detalhes"} shape, or status 0 when the server could not be reached.

/** A request that did not reach the server within this is given up (the queue retries). */
export const TEMPO_MS = 15000;

export class ErroApi extends Error {
  /**
   * @param {number} status  the HTTP status; 0 = no answer (offline, server down, timeout)
   * @param {string} mensagem  the server's "erro", in Portuguese
   * @param {{campo: string, mensagem: string}[]} detalhes
   */
  constructor(status, mensagem, detalhes = []) {
    super(mensagem);
    this.name = "ErroApi";
    this.status = status;
    this.mensagem = mensagem;
    this.detalhes = Array.isArray(detalhes) ? detalhes : [];
  }

  /** No answer at all: the network or the server is down. */
  get rede() {
    return this.status === 0;
  }

  /** Worth sending again later, unchanged: no answer, 408, 429, or the server's 5xx. */
  get temporario() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** The message and each detail, as one text for the merchant. */
  texto() {
    const partes = this.detalhes.map((d) => d.mensagem).filter(Boolean);
    const unicas = partes.filter((p) => p !== this.mensagem);
    return [this.mensagem, ...unicas].join(" ");
  }
}

// -- the server's clock: "today" is the server's day, even if this device's clock is off --

const RELOGIO = "fluxo-caixa:relogio";
// Below this the difference is the Date header's one-second resolution, not a wrong clock.
const DIFERENCA_MINIMA_MS = 5000;
let diferencaMs = Number(lerGuardado(RELOGIO)) || 0;

function lerGuardado(chave) {
  try {
    return localStorage.getItem(chave);
  } catch {
    return null;
  }
}

function aprenderRelogio(resposta, enviadoEm) {
  const data = Date.parse(resposta.headers.get("Date") || "");
  if (Number.isNaN(data)) return;
  const agora = Date.now();
  const diferenca = data + 500 - (enviadoEm + agora) / 2;
  const nova = Math.abs(diferenca) < DIFERENCA_MINIMA_MS ? 0 : Math.round(diferenca);
  if (nova !== diferencaMs) {
    diferencaMs = nova;
    try {
      localStorage.setItem(RELOGIO, String(nova));
    } catch {
      // private mode: remembered for this page only
    }
  }
}

/** Now by the server's clock (this device's clock, corrected by what the server said). */
export function agoraNoServidor() {
  return new Date(Date.now() + diferencaMs);
}

// -- requests -----------------------------------------------------------------------

const ouvintes = new Set();

/** `fn({ok, status})` after every request: ok = the server answered (any status). */
export function aoResponder(fn) {
  ouvintes.add(fn);
}

function avisarOuvintes(ok, status) {
  for (const fn of ouvintes) {
    try {
      fn({ ok, status });
    } catch (erro) {
      console.error(erro);
    }
  }
}

/**
 * One request. `corpo` is sent as JSON; `chave` as Idempotency-Key. Resolves to
 * {status, dados, repetida}; rejects with ErroApi.
 */
export async function pedir(metodo, caminho, { corpo, chave, tempoMs = TEMPO_MS } = {}) {
  const headers = { Accept: "application/json" };
  if (corpo !== undefined) headers["Content-Type"] = "application/json";
  if (chave) headers["Idempotency-Key"] = chave;
  const controle = new AbortController();
  const prazo = setTimeout(() => controle.abort(), tempoMs);
  const enviadoEm = Date.now();
  let resposta;
  let texto;
  try {
    resposta = await fetch(caminho, {
      method: metodo,
      headers,
      body: corpo === undefined ? undefined : JSON.stringify(corpo),
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
      signal: controle.signal,
    });
    texto = await resposta.text();
  } catch {
    avisarOuvintes(false, 0);
    throw new ErroApi(0, "Sem conexão com o servidor.");
  } finally {
    clearTimeout(prazo);
  }
  aprenderRelogio(resposta, enviadoEm);
  avisarOuvintes(true, resposta.status);
  let dados = null;
  if (texto) {
    try {
      dados = JSON.parse(texto);
    } catch {
      dados = null;
    }
  }
  if (!resposta.ok) {
    const mensagem =
      dados && typeof dados.erro === "string" ? dados.erro : `O servidor respondeu ${resposta.status}.`;
    throw new ErroApi(resposta.status, mensagem, dados && dados.detalhes);
  }
  return {
    status: resposta.status,
    dados,
    repetida: resposta.headers.get("Idempotent-Replayed") === "true",
  };
}

/** GET: the JSON answer. */
export async function get(caminho, opcoes) {
  return (await pedir("GET", caminho, opcoes)).dados;
}

/** POST: the JSON answer. Give `chave` (an Idempotency-Key) for anything that writes. */
export async function post(caminho, corpo = {}, opcoes = {}) {
  return (await pedir("POST", caminho, { ...opcoes, corpo })).dados;
}

/** A query string from an object, skipping empty values. */
export function consulta(parametros) {
  const busca = new URLSearchParams();
  for (const [nome, valor] of Object.entries(parametros)) {
    if (valor !== undefined && valor !== null && valor !== "") busca.set(nome, String(valor));
  }
  const texto = busca.toString();
  return texto ? "?" + texto : "";
}
