// The caixa app's service worker, served at /sw.js so its scope is the whole app.
//
// It keeps the app's files in a cache named after a hash of them: a new release has a new
// name, installs its files beside the old ones and deletes the old cache when it takes
// over. The shell (/) comes from the network first, so it is fresh when online, and from
// the cache when the network fails. API calls never pass through here: the ledger is never
// cached, and a movement that cannot be sent waits in IndexedDB (fila.js), not here.
"use strict";

const VERSAO = {{ versao|tojson }};
const PREFIXO = "fluxo-caixa-app-";
const CACHE = PREFIXO + VERSAO;
const ARQUIVOS = {{ arquivos|tojson }};
const SHELL = "/";
// The shell's marker header: a login form, answered at the same address, is never kept.
const MARCA = {{ marca|tojson }};
// A network that neither answers nor fails (a weak signal) gets this long, then the cache.
const ESPERA_REDE_MS = 4000;
const SEM_APP =
  "<!doctype html><html lang=\"pt-BR\"><meta charset=\"utf-8\"><title>Sem conexão</title>" +
  "<h1>Sem conexão</h1><p>O caixa ainda não foi aberto neste aparelho com a conexão ligada. " +
  "Conecte-se e abra de novo.</p></html>";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ARQUIVOS.map((url) => new Request(url, { cache: "reload" })));
      try {
        await guardarShell(cache, await fetch(SHELL, { cache: "reload", credentials: "same-origin" }));
      } catch {
        // Offline during the install: the next navigation keeps the shell.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const nome of await caches.keys()) {
        if (nome.startsWith(PREFIXO) && nome !== CACHE) await caches.delete(nome);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const pedido = event.request;
  if (pedido.method !== "GET") return;
  const url = new URL(pedido.url);
  if (url.origin !== self.location.origin) return;
  if (pedido.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(shell(pedido));
  } else if (ARQUIVOS.includes(url.pathname)) {
    event.respondWith(arquivo(pedido, url));
  }
  // Anything else (the API, /sw.js itself) goes to the network untouched.
});

async function guardarShell(cache, resposta) {
  if (!resposta.ok) return;
  if (resposta.headers.has(MARCA)) await cache.put(SHELL, resposta.clone());
  // The login form answered: this device is signed out, so the app no longer opens offline.
  else await cache.delete(SHELL);
}

function comPrazo(promessa, ms) {
  return new Promise((resolve, reject) => {
    const prazo = setTimeout(() => reject(new Error("sem resposta")), ms);
    promessa.then(
      (valor) => {
        clearTimeout(prazo);
        resolve(valor);
      },
      (erro) => {
        clearTimeout(prazo);
        reject(erro);
      },
    );
  });
}

async function shell(pedido) {
  const cache = await caches.open(CACHE);
  try {
    const resposta = await comPrazo(fetch(pedido), ESPERA_REDE_MS);
    if (resposta.ok) {
      await guardarShell(cache, resposta);
      return resposta;
    }
    // The server answered with an error (its database is down): the app still opens.
    return (await cache.match(SHELL)) || resposta;
  } catch {
    const guardada = await cache.match(SHELL);
    if (guardada) return guardada;
    return new Response(SEM_APP, {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
}

async function arquivo(pedido, url) {
  const cache = await caches.open(CACHE);
  const guardado = await cache.match(url.pathname);
  if (guardado) return guardado;
  const resposta = await fetch(pedido);
  if (resposta.ok) await cache.put(url.pathname, resposta.clone());
  return resposta;
}
