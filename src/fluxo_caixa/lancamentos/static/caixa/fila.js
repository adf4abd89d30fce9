// The offline queue: every movement (and estorno) the app records waits here, in
// IndexedDB, until the server has answered it.
//
// - Its Idempotency-Key is made when the merchant taps and stored with the item, so any
//   resend (a retry, a reload mid-send, another tab) is a replay the server answers with
//   the first answer: recorded once, whatever happens to the page or the server.
// - Items go in order, one request at a time across every tab of this browser (a Web
//   Lock, held for one request), as soon as the app opens or the connection returns.
// - No answer, 408, 429 or a 5xx: the item stays and is tried again, waiting longer each
//   time (1 s up to 30 s). 401: the session ended; nothing is sent until the merchant signs
//   in again. Any other 4xx (e.g. 409, the day was closed meanwhile): the item stays, with
//   the server's message, until the merchant discards or fixes it; later items go on.
// - Only what the server answered 2xx leaves the queue; "enviados" keeps the last ones (the
//   movement's id) so Desfazer can reverse a movement that has already gone.
//
// Events (EventTarget): "mudou" (the list changed, here or in another tab), "enviado"
// {item, dados}, "recusado" {item}, "parado" (the sender stopped: offline, server down,
// session over), "sessao" (a 401).

import { ErroApi, pedir } from "./api.js";

const BANCO = "fluxo-caixa";
const VERSAO_BANCO = 1;
const FILA = "fila";
const ENVIADOS = "enviados";
const TRAVA = "fluxo-caixa-fila";
const CANAL = "fluxo-caixa-fila";
const ENVIADOS_GUARDADOS = 200;
const ESPERAS_MS = [1000, 2000, 4000, 8000, 15000, 30000];

function esperar(pedido) {
  return new Promise((resolve, reject) => {
    pedido.onsuccess = () => resolve(pedido.result);
    pedido.onerror = () => reject(pedido.error);
  });
}

function concluida(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transação abortada"));
  });
}

function abrirBanco() {
  const pedido = indexedDB.open(BANCO, VERSAO_BANCO);
  pedido.onupgradeneeded = () => {
    const db = pedido.result;
    const fila = db.createObjectStore(FILA, { keyPath: "seq", autoIncrement: true });
    fila.createIndex("chave", "chave", { unique: true });
    const enviados = db.createObjectStore(ENVIADOS, { keyPath: "chave" });
    enviados.createIndex("enviadoEm", "enviadoEm");
  };
  return esperar(pedido);
}

// Without Web Locks (plain HTTP on the shop's network), one sender per tab at least.
let travaLocal = Promise.resolve();

function comTrava(fn) {
  if (navigator.locks) return navigator.locks.request(TRAVA, () => fn());
  const vez = travaLocal.then(() => fn());
  travaLocal = vez.catch(() => {});
  return vez;
}

export class Fila extends EventTarget {
  /** @param {() => string} novaChave  makes an Idempotency-Key */
  constructor(novaChave) {
    super();
    this.novaChave = novaChave;
    this.db = null;
    this.semSessao = false;
    this._enviando = null;
    this._outraVez = false;
    this._proxima = null;
    this._canal = "BroadcastChannel" in self ? new BroadcastChannel(CANAL) : null;
  }

  async abrir() {
    this.db = await abrirBanco();
    if (this._canal) {
      this._canal.onmessage = () => this.dispatchEvent(new Event("mudou"));
    }
    window.addEventListener("online", () => this.enviar());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.enviar();
    });
    this.enviar();
  }

  // -- reading ----------------------------------------------------------------------

  /** Every item waiting, oldest first. */
  async itens() {
    const tx = this.db.transaction(FILA);
    return esperar(tx.objectStore(FILA).getAll());
  }

  async _porChave(chave) {
    const tx = this.db.transaction(FILA);
    return esperar(tx.objectStore(FILA).index("chave").get(chave));
  }

  /** What the server answered for a key that has left the queue, if kept. */
  async enviado(chave) {
    const tx = this.db.transaction(ENVIADOS);
    return esperar(tx.objectStore(ENVIADOS).get(chave));
  }

  // -- writing ----------------------------------------------------------------------

  /**
   * Queue a POST and start sending. `chave` is the Idempotency-Key made when the merchant
   * tapped (a new one if absent); `resumo` is what the lists show of it.
   */
  async adicionar({ caminho, corpo, resumo, chave }) {
    const item = {
      chave: chave || this.novaChave(),
      caminho,
      corpo,
      resumo,
      criadoEm: new Date().toISOString(),
      tentativas: 0,
      tentado: false,
      desfazer: false,
      erro: null,
    };
    const tx = this.db.transaction(FILA, "readwrite");
    item.seq = await esperar(tx.objectStore(FILA).add(item));
    await concluida(tx);
    this._mudou();
    this.enviar();
    return item;
  }

  async _guardar(item) {
    const tx = this.db.transaction(FILA, "readwrite");
    tx.objectStore(FILA).put(item);
    await concluida(tx);
  }

  async _remover(item) {
    const tx = this.db.transaction(FILA, "readwrite");
    tx.objectStore(FILA).delete(item.seq);
    await concluida(tx);
  }

  /** Take an item out of the queue (a refused one the merchant discards or fixes). */
  async descartar(chave) {
    const item = await comTrava(async () => {
      const achado = await this._porChave(chave);
      if (achado) await this._remover(achado);
      return achado;
    });
    this._mudou();
    return item || null;
  }

  /**
   * Undo what a tap recorded. Still waiting and never tried: it just leaves the queue
   * ("removido"). Already sent: an estorno is queued with its own key ("estorno", with its
   * `chave`). Tried but unanswered (it may have reached the server): it stays, marked, and
   * is reversed as soon as the server confirms it ("marcado").
   */
  async desfazer(chave) {
    const resultado = await comTrava(async () => {
      const item = await this._porChave(chave);
      if (item) {
        if (!item.tentado || item.erro) {
          await this._remover(item);
          return { estado: "removido" };
        }
        item.desfazer = true;
        await this._guardar(item);
        return { estado: "marcado" };
      }
      const enviado = await this.enviado(chave);
      if (!enviado || !enviado.id) return { estado: "desconhecido" };
      if (enviado.estornoChave) return { estado: "estorno", chave: enviado.estornoChave };
      return { estado: "estorno", chave: (await this._estornar(enviado)).chave };
    });
    this._mudou();
    this.enviar();
    return resultado;
  }

  async _estornar(enviado) {
    const estorno = await this.adicionar({
      caminho: `/movimentacao/${enviado.id}/estorno`,
      corpo: {},
      resumo: { ...enviado.resumo, estornoDe: enviado.id },
    });
    enviado.estornoChave = estorno.chave;
    const tx = this.db.transaction(ENVIADOS, "readwrite");
    tx.objectStore(ENVIADOS).put(enviado);
    await concluida(tx);
    return estorno;
  }

  // -- sending ----------------------------------------------------------------------

  /** Send what is waiting (one loop per page; a call during a round asks for another). */
  enviar() {
    if (!this.db) return Promise.resolve();
    if (this._enviando) {
      this._outraVez = true;
      return this._enviando;
    }
    this._enviando = (async () => {
      do {
        this._outraVez = false;
        await this._rodada();
      } while (this._outraVez);
    })()
      .catch((erro) => console.error("fila:", erro))
      .finally(() => {
        this._enviando = null;
      });
    return this._enviando;
  }

  async _rodada() {
    clearTimeout(this._proxima);
    if (!navigator.onLine) {
      this.dispatchEvent(new Event("parado")); // the "online" event sends again
      return;
    }
    for (;;) {
      const seguir = await comTrava(() => this._enviarUm());
      if (!seguir) return;
    }
  }

  /** Send the oldest item that is not refused; whether to go on with the next. */
  async _enviarUm() {
    const item = (await this.itens()).find((i) => !i.erro);
    if (!item) return false;
    if (!item.tentado) {
      item.tentado = true; // from now on it may be on the server: Desfazer must reverse it
      await this._guardar(item);
    }
    let resposta;
    try {
      resposta = await pedir("POST", item.caminho, { corpo: item.corpo, chave: item.chave });
    } catch (erro) {
      if (!(erro instanceof ErroApi)) throw erro;
      return this._falhou(item, erro);
    }
    await this._concluir(item, resposta.dados || {});
    return true;
  }

  async _falhou(item, erro) {
    if (erro.status === 401) {
      this.semSessao = true;
      this.dispatchEvent(new Event("sessao"));
      this.dispatchEvent(new Event("parado"));
      return false;
    }
    if (erro.temporario) {
      item.tentativas += 1;
      await this._guardar(item);
      const espera = ESPERAS_MS[Math.min(item.tentativas, ESPERAS_MS.length) - 1];
      this._proxima = setTimeout(() => this.enviar(), espera);
      this._mudou();
      this.dispatchEvent(new Event("parado"));
      return false;
    }
    if (item.desfazer) {
      // Refused, so never recorded; and the merchant no longer wants it.
      await this._remover(item);
      this._mudou();
      return true;
    }
    item.erro = { status: erro.status, mensagem: erro.texto(), detalhes: erro.detalhes };
    await this._guardar(item);
    this._mudou();
    this.dispatchEvent(new CustomEvent("recusado", { detail: { item } }));
    return true;
  }

  async _concluir(item, dados) {
    this.semSessao = false;
    const enviado = {
      chave: item.chave,
      id: dados.id,
      caminho: item.caminho,
      resumo: item.resumo,
      enviadoEm: new Date().toISOString(),
    };
    const tx = this.db.transaction([FILA, ENVIADOS], "readwrite");
    tx.objectStore(FILA).delete(item.seq);
    const enviados = tx.objectStore(ENVIADOS);
    enviados.put(enviado);
    const total = await esperar(enviados.count());
    if (total > ENVIADOS_GUARDADOS) {
      // The oldest go: Desfazer is for the last few taps, not for history.
      let sobra = total - ENVIADOS_GUARDADOS;
      const cursor = enviados.index("enviadoEm").openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (c && sobra > 0) {
          c.delete();
          sobra -= 1;
          c.continue();
        }
      };
    }
    await concluida(tx);
    if (item.desfazer && enviado.id) await this._estornar(enviado);
    this._mudou();
    this.dispatchEvent(new CustomEvent("enviado", { detail: { item, dados } }));
  }

  /**
   * What became of a key within `ms`: {estado: "enviado", dados} | {estado: "recusado",
   * erro} | {estado: "pendente"} (offline, the server did not answer, or still waiting).
   */
  aguardar(chave, ms) {
    return new Promise((resolve) => {
      const fim = (resultado) => {
        clearTimeout(prazo);
        this.removeEventListener("enviado", enviado);
        this.removeEventListener("recusado", recusado);
        this.removeEventListener("parado", parado);
        resolve(resultado);
      };
      const enviado = (e) => {
        if (e.detail.item.chave === chave) fim({ estado: "enviado", dados: e.detail.dados });
      };
      const recusado = (e) => {
        if (e.detail.item.chave === chave) fim({ estado: "recusado", erro: e.detail.item.erro });
      };
      const parado = () => fim({ estado: "pendente" });
      const prazo = setTimeout(parado, ms);
      this.addEventListener("enviado", enviado);
      this.addEventListener("recusado", recusado);
      this.addEventListener("parado", parado);
      if (!navigator.onLine) parado();
    });
  }

  _mudou() {
    this.dispatchEvent(new Event("mudou"));
    if (this._canal) this._canal.postMessage("mudou");
  }
}
