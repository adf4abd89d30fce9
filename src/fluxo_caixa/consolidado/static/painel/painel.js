// Fluxo de Caixa — painel (the seed's Power BI report as a web page).
//
// Kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
// Money rule: every amount shown comes from the API's exact decimal strings ("1110.00"),
// formatted by Intl.NumberFormat, which formats decimal strings exactly. Sums for weeks
// and months are done in BigInt centavos; floats only position bars and lines.
(function () {
  "use strict";

  const raiz = document.getElementById("painel");
  if (!raiz || typeof Chart === "undefined") return;

  const cfg = {
    api: raiz.dataset.api,
    apiDetalhado: raiz.dataset.apiDetalhado,
    tz: raiz.dataset.tz,
    hojeServidor: raiz.dataset.hoje,
    intervaloMs: Number(raiz.dataset.intervaloMs) || 3000,
    relatorioZ: raiz.dataset.relatorioZ,
    apiDias: raiz.dataset.apiDias,
    apiQuebras: raiz.dataset.apiQuebras,
    apiCaixas: raiz.dataset.apiCaixas,
    arquivos: {
      "baixar-consolidado-csv": raiz.dataset.consolidadoCsv,
      "baixar-consolidado-xlsx": raiz.dataset.consolidadoXlsx,
      "baixar-movimentacao-csv": raiz.dataset.movimentacaoCsv,
      "baixar-movimentacao-xlsx": raiz.dataset.movimentacaoXlsx,
    },
  };
  const ATALHOS = ["hoje", "7d", "30d", "mes"];
  const PADRAO = "30d";

  // -- money ------------------------------------------------------------------------
  const BRL = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
  const BRL_EIXO = new Intl.NumberFormat("pt-BR", {
    style: "currency",
    currency: "BRL",
    notation: "compact",
    maximumFractionDigits: 1,
  });
  const INTEIRO = new Intl.NumberFormat("pt-BR");
  const PERCENTUAL = new Intl.NumberFormat("pt-BR", { style: "percent", maximumFractionDigits: 1 });
  const DUAS_CASAS = new Intl.NumberFormat("pt-BR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /** The API's share "33.33" (of a hundred) -> "33,33%"; Intl reads the string exactly. */
  function percentual(texto) {
    return DUAS_CASAS.format(texto) + "%";
  }

  /** "-1110.05" -> -111005n: the API's money as exact integer centavos. */
  function centavos(texto) {
    const m = /^(-?)(\d+)\.(\d{2})$/.exec(texto);
    if (!m) throw new Error("valor inesperado da API: " + texto);
    const valor = BigInt(m[2]) * 100n + BigInt(m[3]);
    return m[1] ? -valor : valor;
  }

  /** -111005n -> "-1110.05" */
  function decimal(c) {
    const negativo = c < 0n;
    const a = negativo ? -c : c;
    return (negativo ? "-" : "") + (a / 100n).toString() + "." + (a % 100n).toString().padStart(2, "0");
  }

  /** "1110.00" -> "R$ 1.110,00" (Intl keeps a decimal string exact: no float involved). */
  function brl(texto) {
    return BRL.format(texto);
  }

  function plural(n, um, varios) {
    return INTEIRO.format(n) + " " + (n === 1 ? um : varios);
  }

  // -- dates: ISO strings, calendar arithmetic in UTC so no local offset can shift a day --
  const MESES = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
    "setembro", "outubro", "novembro", "dezembro"];
  const SEMANA = new Intl.DateTimeFormat("pt-BR", { weekday: "short", timeZone: "UTC" });

  function dataBr(iso) {
    const [a, m, d] = iso.split("-");
    return d + "/" + m + "/" + a;
  }
  function diaMes(iso) {
    const [, m, d] = iso.split("-");
    return d + "/" + m;
  }
  function utc(iso) {
    const [a, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(a, m - 1, d));
  }
  function iso(data) {
    return data.toISOString().slice(0, 10);
  }
  function somarDias(texto, n) {
    const d = utc(texto);
    d.setUTCDate(d.getUTCDate() + n);
    return iso(d);
  }
  function diasEntre(de, ate) {
    return Math.round((utc(ate) - utc(de)) / 86400000);
  }
  function diaDaSemana(texto) {
    return SEMANA.format(utc(texto)).replace(".", "");
  }
  function nomeDoMes(chave) {
    const [a, m] = chave.split("-");
    return MESES[Number(m) - 1] + " de " + a;
  }
  function mesCurto(chave) {
    const [a, m] = chave.split("-");
    return MESES[Number(m) - 1].slice(0, 3) + "/" + a.slice(2);
  }
  /** Today in the merchant's time zone, by this browser's clock. */
  function hojeNoNavegador() {
    const partes = {};
    new Intl.DateTimeFormat("en-US", { timeZone: cfg.tz, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date())
      .forEach(function (p) { partes[p.type] = p.value; });
    return partes.year + "-" + partes.month + "-" + partes.day;
  }
  // The server said which day it is; a browser whose clock is off by days still asks
  // for the merchant's real "hoje", and the page keeps rolling over at midnight.
  const desvioDias = cfg.hojeServidor ? diasEntre(hojeNoNavegador(), cfg.hojeServidor) : 0;
  function hoje() {
    return somarDias(hojeNoNavegador(), desvioDias);
  }
  const RELOGIO = new Intl.DateTimeFormat("pt-BR", { timeStyle: "medium", timeZone: cfg.tz });

  // -- formas de pagamento and categorias: the merchant's words ----------------------
  const FORMAS = {
    dinheiro: "Dinheiro",
    pix: "PIX",
    debito: "Débito",
    credito: "Crédito",
    boleto: "Boleto",
    transferencia: "Transferência",
    outro: "Outro",
  };
  const NAO_INFORMADA = "Não informada";
  const SEM_CATEGORIA = "Sem categoria";
  const COR_FORMA = {
    dinheiro: "#1b7f4b",
    pix: "#0f9b9b",
    debito: "#1677d2",
    credito: "#7b4fc9",
    boleto: "#e08a16",
    transferencia: "#a0522d",
    outro: "#7a8794",
    "": "#c3cbd4",
  };
  function rotuloForma(chave) {
    return chave ? FORMAS[chave] || chave : NAO_INFORMADA;
  }

  // -- state in the URL -------------------------------------------------------------
  function lerUrl() {
    const q = new URLSearchParams(location.search);
    const tipo = ["entrada", "saida"].includes(q.get("tipo")) ? q.get("tipo") : "";
    const forma = q.get("forma_pagamento") || "";
    const categoria = q.get("categoria") || "";
    const caixa = q.get("caixa") || "";
    const inicio = q.get("inicio") || "";
    const fim = q.get("fim") || "";
    let periodo = q.get("periodo");
    if (inicio || fim) periodo = "personalizado";
    else if (!ATALHOS.includes(periodo)) periodo = PADRAO;
    return { tipo: tipo, periodo: periodo, inicio: inicio, fim: fim, forma: forma, categoria: categoria, caixa: caixa };
  }

  function urlDe(e) {
    const q = new URLSearchParams();
    if (e.periodo === "personalizado") {
      if (e.inicio) q.set("inicio", e.inicio);
      if (e.fim) q.set("fim", e.fim);
    } else if (e.periodo !== PADRAO) {
      q.set("periodo", e.periodo);
    }
    if (e.tipo) q.set("tipo", e.tipo);
    if (e.forma) q.set("forma_pagamento", e.forma);
    if (e.categoria) q.set("categoria", e.categoria);
    if (e.caixa) q.set("caixa", e.caixa);
    const texto = q.toString();
    return location.pathname + (texto ? "?" + texto : "");
  }

  function gravarUrl(empilhar) {
    const url = urlDe(estado);
    if (url === location.pathname + location.search) return;
    if (empilhar) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  /** What to ask the API: quick picks are relative to today, so they move at midnight.
   *  `semFiltros` asks for the whole period (every tipo, forma and categoria). */
  function consulta(e, semFiltros) {
    const h = hoje();
    let inicio = e.inicio;
    let fim = e.fim;
    if (e.periodo === "hoje") { inicio = h; fim = h; }
    else if (e.periodo === "7d") { inicio = somarDias(h, -6); fim = h; }
    else if (e.periodo === "30d") { inicio = somarDias(h, -29); fim = h; }
    else if (e.periodo === "mes") { inicio = h.slice(0, 8) + "01"; fim = h; }
    const q = new URLSearchParams();
    if (inicio) q.set("inicio", inicio);
    if (fim) q.set("fim", fim);
    if (semFiltros) return q.toString();
    if (e.tipo) q.set("tipo", e.tipo);
    if (e.forma) q.set("forma_pagamento", e.forma);
    if (e.categoria) q.set("categoria", e.categoria);
    if (e.caixa) q.set("caixa", e.caixa);
    return q.toString();
  }

  /** The quebras of the period, of the chosen caixa only (tipo, forma and categoria do
   *  not apply to a drawer's count). */
  function consultaQuebras(e) {
    const q = new URLSearchParams(consulta(e, true));
    if (e.caixa) q.set("caixa", e.caixa);
    return q.toString();
  }

  let estado = lerUrl();

  // -- elements ---------------------------------------------------------------------
  const $ = function (id) { return document.getElementById(id); };
  const el = {
    filtros: $("filtros"),
    atalhos: $("atalhos"),
    personalizado: $("personalizado"),
    inicio: $("inicio"),
    fim: $("fim"),
    erro: $("erro"),
    estado: $("estado"),
    periodoTexto: $("periodo-texto"),
    vazio: $("vazio"),
    vazioTexto: $("vazio-texto"),
    conteudo: $("conteudo"),
    legendaPizza: $("legenda-pizza"),
    tituloBarras: $("titulo-barras"),
    notaBarras: $("nota-barras"),
    tituloArea: $("titulo-area"),
    notaArea: $("nota-area"),
    tituloTabela: $("titulo-tabela"),
    colunaData: $("tabela-coluna-data"),
    filtroForma: $("filtro-forma"),
    filtroCategoria: $("filtro-categoria"),
    filtroCaixa: $("filtro-caixa"),
    graficoQuebras: $("caixa-grafico-quebras"),
    tabelaQuebras: $("tabela-quebras"),
    corpoQuebras: document.querySelector("#tabela-quebras tbody"),
    rodapeQuebras: document.querySelector("#tabela-quebras tfoot"),
    quebrasVazio: $("quebras-vazio"),
    formasTipo: $("formas-tipo"),
    tituloFormas: $("titulo-formas"),
    notaFormas: $("nota-formas"),
    tabelaFormas: document.querySelector("#tabela-formas tbody"),
    legendaTabelaFormas: $("legenda-tabela-formas"),
    formasVazio: $("formas-vazio"),
    corpoTabela: document.querySelector("#tabela tbody"),
    rodapeTabela: document.querySelector("#tabela tfoot"),
  };

  function sincronizarControles() {
    el.filtros.querySelectorAll('input[name="tipo"]').forEach(function (r) {
      r.checked = r.value === estado.tipo;
    });
    el.atalhos.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.periodo === estado.periodo));
    });
    el.personalizado.hidden = estado.periodo !== "personalizado";
    el.filtroForma.value = estado.forma;
    if (el.filtroForma.value !== estado.forma) el.filtroForma.value = "";
    garantirOpcaoCategoria(estado.categoria);
    el.filtroCategoria.value = estado.categoria;
    garantirOpcao(el.filtroCaixa, estado.caixa);
    el.filtroCaixa.value = estado.caixa;
  }

  /** The chosen caixa is always an option, even before /caixas has answered. */
  function garantirOpcao(select, valor) {
    if (!valor) return;
    if (Array.prototype.some.call(select.options, function (o) { return o.value === valor; })) return;
    select.appendChild(new Option(valor, valor));
  }

  /** The caixa select: every caixa by name (the URL keeps the name, like a categoria). */
  function preencherCaixas(caixas) {
    const opcoes = [new Option("Todos", "")].concat(caixas.itens.map(function (c) { return new Option(c.nome, c.nome); }));
    el.filtroCaixa.replaceChildren(...opcoes);
    garantirOpcao(el.filtroCaixa, estado.caixa);
    el.filtroCaixa.value = estado.caixa;
  }

  /** The chosen categoria is always an option, even in a period where it has no movement. */
  function garantirOpcaoCategoria(nome) {
    if (!nome) return;
    const existe = Array.prototype.some.call(el.filtroCategoria.options, function (o) { return o.value === nome; });
    if (existe) return;
    const opcao = document.createElement("option");
    opcao.value = nome;
    opcao.textContent = nome;
    el.filtroCategoria.appendChild(opcao);
  }

  let assinaturaCategorias = null;

  /** The categoria options: those with movement in the whole period, by tipo. */
  function preencherCategorias(opcoes) {
    const nomes = { entrada: [], saida: [] };
    opcoes.por_categoria.forEach(function (c) {
      if (c.categoria !== null && !nomes[c.tipo].includes(c.categoria)) nomes[c.tipo].push(c.categoria);
    });
    Object.keys(nomes).forEach(function (t) { nomes[t].sort(function (a, b) { return a.localeCompare(b, "pt-BR"); }); });
    const assinatura = JSON.stringify([nomes, estado.tipo, estado.categoria]);
    // Rebuilt only when it changes, and never under the merchant's finger.
    if (assinatura === assinaturaCategorias || document.activeElement === el.filtroCategoria) return;
    assinaturaCategorias = assinatura;
    const todas = document.createElement("option");
    todas.value = "";
    todas.textContent = "Todas";
    const itens = [todas];
    [["entrada", "Entradas"], ["saida", "Saídas"]].forEach(function (par) {
      if ((estado.tipo && estado.tipo !== par[0]) || nomes[par[0]].length === 0) return;
      const grupo = document.createElement("optgroup");
      grupo.label = par[1];
      nomes[par[0]].forEach(function (nome) {
        const opcao = document.createElement("option");
        opcao.value = nome;
        opcao.textContent = nome;
        grupo.appendChild(opcao);
      });
      itens.push(grupo);
    });
    el.filtroCategoria.replaceChildren(...itens);
    garantirOpcaoCategoria(estado.categoria);
    el.filtroCategoria.value = estado.categoria;
  }

  // -- charts -----------------------------------------------------------------------
  const COR = { entrada: "#1677d2", saida: "#d0393f", saldo: "#1b7f4b" };
  const FUNDO = { entrada: "rgba(22, 119, 210, 0.22)", saida: "rgba(208, 57, 63, 0.18)" };

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#5d6b7a";
  Chart.defaults.locale = "pt-BR";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

  /** An HTML tooltip (readable, selectable, testable) positioned over the canvas. */
  function dicaExterna(conteudoDe) {
    return function (ctx) {
      const chart = ctx.chart;
      const tooltip = ctx.tooltip;
      const caixa = chart.canvas.parentNode;
      let dica = caixa.querySelector(".dica");
      if (!dica) {
        dica = document.createElement("div");
        dica.className = "dica escondida";
        dica.setAttribute("role", "tooltip");
        caixa.appendChild(dica);
      }
      if (tooltip.opacity === 0 || !tooltip.dataPoints || tooltip.dataPoints.length === 0) {
        dica.classList.add("escondida");
        return;
      }
      const conteudo = conteudoDe(tooltip.dataPoints);
      const titulo = document.createElement("div");
      titulo.className = "titulo";
      titulo.textContent = conteudo.titulo;
      const linhas = conteudo.linhas.map(function (linha) {
        const div = document.createElement("div");
        if (linha.classe) {
          const marca = document.createElement("span");
          marca.className = "marca-cor " + linha.classe;
          div.appendChild(marca);
        }
        div.appendChild(document.createTextNode(linha.texto));
        return div;
      });
      dica.replaceChildren(titulo, ...linhas);
      dica.classList.remove("escondida");
      const largura = caixa.clientWidth;
      const metade = dica.offsetWidth / 2;
      const x = Math.max(metade + 2, Math.min(largura - metade - 2, tooltip.caretX));
      dica.style.left = x + "px";
      dica.style.top = tooltip.caretY + "px";
      dica.classList.toggle("abaixo", tooltip.caretY - dica.offsetHeight - 12 < 0);
    };
  }

  let grupos = [];
  let escalaAtual = "dia";
  let totaisAtuais = null;

  function tituloDoGrupo(g) {
    if (escalaAtual === "dia") return diaDaSemana(g.inicio) + ", " + dataBr(g.inicio);
    if (escalaAtual === "semana") {
      return g.inicio === g.fim ? dataBr(g.inicio) : "Semana de " + dataBr(g.inicio) + " a " + dataBr(g.fim);
    }
    return nomeDoMes(g.chave);
  }

  const ROTULOS = { entradas: "Entradas", saidas: "Saídas", saldo_final: "Saldo acumulado" };
  const CLASSES = { entradas: "entrada", saidas: "saida", saldo_final: "saldo" };

  // Every series of the hovered day, even one without a bar there (a day of no saídas
  // still says "Saídas: R$ 0,00").
  function conteudoDaSerie(pontos) {
    const g = grupos[pontos[0].dataIndex];
    const linhas = pontos[0].chart.data.datasets.map(function (dataset) {
      const chave = dataset.chave;
      let texto = ROTULOS[chave] + ": " + brl(decimal(g[chave]));
      if (chave === "entradas") texto += " (" + plural(g.qtd_entradas, "movimentação", "movimentações") + ")";
      if (chave === "saidas") texto += " (" + plural(g.qtd_saidas, "movimentação", "movimentações") + ")";
      return { classe: CLASSES[chave], texto: texto };
    });
    return { titulo: tituloDoGrupo(g), linhas: linhas };
  }

  function conteudoDaPizza(pontos) {
    const p = pontos[0];
    const tipo = p.dataIndex === 0 ? "entrada" : "saida";
    const qtd = p.raw;
    const total = totaisAtuais.registros;
    const valor = tipo === "entrada" ? totaisAtuais.entradas : totaisAtuais.saidas;
    return {
      titulo: tipo === "entrada" ? "Entradas" : "Saídas",
      linhas: [
        { classe: tipo, texto: plural(qtd, "movimentação", "movimentações") + " (" + PERCENTUAL.format(total ? qtd / total : 0) + ")" },
        { texto: "Total: " + brl(valor) },
      ],
    };
  }

  const eixoReais = {
    beginAtZero: true,
    ticks: { callback: function (v) { return BRL_EIXO.format(v); }, maxTicksLimit: 6 },
    grid: { color: "#edf1f5" },
  };
  const eixoX = { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 8 } };

  const pizza = new Chart($("grafico-pizza"), {
    type: "doughnut",
    data: {
      labels: ["Entradas", "Saídas"],
      datasets: [{ data: [0, 0], backgroundColor: [COR.entrada, COR.saida], borderColor: "#fff", borderWidth: 2 }],
    },
    options: {
      cutout: "55%",
      plugins: { legend: { display: false }, tooltip: { enabled: false, external: dicaExterna(conteudoDaPizza) } },
    },
  });

  const barras = new Chart($("grafico-barras"), {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { x: eixoX, y: eixoReais },
      plugins: {
        legend: { position: "top", align: "end", labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: { enabled: false, external: dicaExterna(conteudoDaSerie) },
      },
    },
  });

  // The running balance is usually far larger than a day's sums: it gets its own axis
  // (right), so neither flattens the other.
  const area = new Chart($("grafico-area"), {
    type: "line",
    data: { labels: [], datasets: [] },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: {
        x: eixoX,
        y: eixoReais,
        saldo: {
          position: "right",
          ticks: { callback: function (v) { return BRL_EIXO.format(v); }, maxTicksLimit: 6, color: COR.saldo },
          grid: { display: false },
        },
      },
      // Monotone curves never swing below zero between two days without movement.
      elements: { line: { cubicInterpolationMode: "monotone", borderWidth: 2 } },
      plugins: {
        legend: { position: "top", align: "end", labels: { usePointStyle: true, pointStyle: "rectRounded", boxWidth: 10, boxHeight: 10 } },
        tooltip: { enabled: false, external: dicaExterna(conteudoDaSerie) },
      },
    },
  });

  // -- by forma de pagamento (a pie) and by categoria (horizontal bars) -------------
  let fatiasFormas = [];
  let tipoDaPizzaEscolhido = null; // the merchant's toggle; null lets the data decide
  let detalhadoAtual = null;
  const NOME_TIPO = { entrada: { um: "entrada", varios: "entradas", titulo: "Entradas" }, saida: { um: "saída", varios: "saídas", titulo: "Saídas" } };

  function conteudoDaForma(pontos) {
    const f = fatiasFormas[pontos[0].dataIndex];
    return {
      titulo: f.rotulo,
      linhas: [
        { texto: brl(f.valor) },
        { texto: plural(f.qtd, "movimentação", "movimentações") + " · " + percentual(f.percentual) + " das " + NOME_TIPO[f.tipo].varios },
      ],
    };
  }

  const pizzaFormas = new Chart($("grafico-formas"), {
    type: "doughnut",
    data: { labels: [], datasets: [{ data: [], backgroundColor: [], borderColor: "#fff", borderWidth: 2 }] },
    options: {
      cutout: "50%",
      plugins: { legend: { display: false }, tooltip: { enabled: false, external: dicaExterna(conteudoDaForma) } },
    },
  });

  // A long categoria name is cut on the axis (the tooltip has it whole).
  function rotuloCurto(texto) {
    const limite = window.innerWidth < 560 ? 14 : 22;
    return texto.length > limite ? texto.slice(0, limite - 1) + "…" : texto;
  }

  function graficoCategorias(tipo) {
    const itens = [];
    const chart = new Chart($("grafico-categorias-" + tipo), {
      type: "bar",
      data: { labels: [], datasets: [{ label: NOME_TIPO[tipo].titulo, data: [], backgroundColor: COR[tipo], borderRadius: 3, maxBarThickness: 26, minBarLength: 4 }] },
      options: {
        indexAxis: "y",
        scales: {
          x: { beginAtZero: true, ticks: { callback: function (v) { return BRL_EIXO.format(v); }, maxTicksLimit: 5 }, grid: { color: "#edf1f5" } },
          y: { grid: { display: false }, ticks: { autoSkip: false, callback: function (_, i) { return rotuloCurto(this.getLabelForValue(i)); } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            enabled: false,
            external: dicaExterna(function (pontos) {
              const c = itens[pontos[0].dataIndex];
              return {
                titulo: c.nome,
                linhas: [
                  { classe: tipo, texto: brl(c.valor) },
                  { texto: plural(c.qtd, "movimentação", "movimentações") + " · " + percentual(c.percentual) + " das " + NOME_TIPO[tipo].varios },
                ],
              };
            }),
          },
        },
      },
    });
    return { chart: chart, itens: itens, tipo: tipo };
  }

  const categorias = { saida: graficoCategorias("saida"), entrada: graficoCategorias("entrada") };

  function tipoDaPizza(d) {
    if (estado.tipo) return estado.tipo;
    if (tipoDaPizzaEscolhido) return tipoDaPizzaEscolhido;
    const temEntradas = d.por_forma.some(function (f) { return f.qtd_entradas > 0; });
    const temSaidas = d.por_forma.some(function (f) { return f.qtd_saidas > 0; });
    return !temEntradas && temSaidas ? "saida" : "entrada";
  }

  function desenharFormas(d) {
    const tipo = tipoDaPizza(d);
    const chaveValor = tipo === "entrada" ? "entradas" : "saidas";
    fatiasFormas = d.por_forma
      .filter(function (f) { return f["qtd_" + chaveValor] > 0; })
      .map(function (f) {
        return {
          chave: f.forma_pagamento || "",
          rotulo: rotuloForma(f.forma_pagamento),
          tipo: tipo,
          valor: f[chaveValor],
          qtd: f["qtd_" + chaveValor],
          percentual: f["percentual_" + chaveValor],
        };
      })
      .sort(function (a, b) {
        const diferenca = centavos(b.valor) - centavos(a.valor);
        return diferenca > 0n ? 1 : diferenca < 0n ? -1 : 0;
      });
    pizzaFormas.data.labels = fatiasFormas.map(function (f) { return f.rotulo; });
    pizzaFormas.data.datasets[0].data = fatiasFormas.map(function (f) { return Number(f.valor); });
    pizzaFormas.data.datasets[0].backgroundColor = fatiasFormas.map(function (f) { return COR_FORMA[f.chave] || COR_FORMA.outro; });
    pizzaFormas.update();

    const nomes = NOME_TIPO[tipo];
    el.tituloFormas.textContent = nomes.titulo + " por forma de pagamento";
    el.legendaTabelaFormas.textContent = nomes.titulo + " por forma de pagamento";
    el.formasTipo.hidden = Boolean(estado.tipo);
    el.formasTipo.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.tipo === tipo));
    });
    const vazio = fatiasFormas.length === 0;
    el.formasVazio.hidden = !vazio;
    el.formasVazio.textContent = vazio ? "Nenhuma " + nomes.um + " com estes filtros." : "";
    $("grafico-formas").parentNode.hidden = vazio;
    $("tabela-formas").hidden = vazio;
    $("grafico-formas").setAttribute("aria-label", "Pizza: " + nomes.varios + " por forma de pagamento");
    el.tabelaFormas.replaceChildren(...fatiasFormas.map(function (f) {
      const tr = document.createElement("tr");
      tr.dataset.forma = f.chave;
      const th = document.createElement("th");
      th.scope = "row";
      const marca = document.createElement("span");
      marca.className = "marca-forma forma-" + (f.chave || "nao-informada");
      th.append(marca, f.rotulo);
      tr.append(th, celula(brl(f.valor)), celula(INTEIRO.format(f.qtd)), celula(percentual(f.percentual)));
      return tr;
    }));
  }

  function desenharCategorias(d) {
    ["saida", "entrada"].forEach(function (tipo) {
      const g = categorias[tipo];
      const itens = d.por_categoria
        .filter(function (c) { return c.tipo === tipo; })
        .map(function (c) {
          return { nome: c.categoria === null ? SEM_CATEGORIA : c.categoria, valor: c.valor, qtd: c.qtd, percentual: c.percentual };
        })
        .sort(function (a, b) {
          const diferenca = centavos(b.valor) - centavos(a.valor);
          return diferenca > 0n ? 1 : diferenca < 0n ? -1 : a.nome.localeCompare(b.nome, "pt-BR");
        });
      g.itens.splice(0, g.itens.length, ...itens);
      const quadro = g.chart.canvas.closest(".quadro");
      // A tipo filtered away has nothing to show: its card leaves the grid.
      quadro.hidden = Boolean(estado.tipo) && estado.tipo !== tipo;
      const vazio = itens.length === 0;
      const aviso = $("categorias-" + tipo + "-vazio");
      aviso.hidden = !vazio;
      aviso.textContent = vazio ? "Nenhuma " + NOME_TIPO[tipo].um + " com estes filtros." : "";
      const caixa = $("caixa-categorias-" + tipo);
      caixa.hidden = vazio;
      // One row per categoria, so ten categorias never squeeze into the height of two.
      caixa.style.height = Math.max(110, 30 * itens.length + 40) + "px";
      g.chart.data.labels = itens.map(function (c) { return c.nome; });
      g.chart.data.datasets[0].data = itens.map(function (c) { return Number(c.valor); });
      g.chart.canvas.setAttribute("aria-label", NOME_TIPO[tipo].titulo + " por categoria: " + (vazio ? "nenhuma" : itens.map(function (c) {
        return c.nome + " " + brl(c.valor) + " (" + percentual(c.percentual) + ")";
      }).join("; ")));
      g.chart.resize();
      g.chart.update();
    });
  }

  function desenharDetalhado(d) {
    detalhadoAtual = d;
    desenharFormas(d);
    desenharCategorias(d);
  }

  el.formasTipo.addEventListener("click", function (ev) {
    const botao = ev.target.closest("button[data-tipo]");
    if (!botao || !detalhadoAtual) return;
    tipoDaPizzaEscolhido = botao.dataset.tipo;
    desenharFormas(detalhadoAtual);
  });

  // -- grouping: a day per bar up to two months, then weeks, then months ------------
  function escalaPara(dias) {
    if (dias <= 62) return "dia";
    if (dias <= 186) return "semana";
    return "mes";
  }

  function chaveDe(data, escala) {
    if (escala === "dia") return data;
    if (escala === "mes") return data.slice(0, 7);
    const semana = (utc(data).getUTCDay() + 6) % 7; // Monday starts the week, as in Brazil's calendars
    return somarDias(data, -semana);
  }

  function agrupar(dias, escala) {
    const saida = [];
    let atual = null;
    dias.forEach(function (d) {
      const chave = chaveDe(d.data, escala);
      if (!atual || atual.chave !== chave) {
        atual = {
          chave: chave,
          inicio: d.data,
          fim: d.data,
          entradas: 0n,
          saidas: 0n,
          qtd_entradas: 0,
          qtd_saidas: 0,
          saldo_anterior: centavos(d.saldo_anterior),
          saldo_final: 0n,
        };
        saida.push(atual);
      }
      atual.fim = d.data;
      atual.entradas += centavos(d.entradas);
      atual.saidas += centavos(d.saidas);
      atual.qtd_entradas += d.qtd_entradas;
      atual.qtd_saidas += d.qtd_saidas;
      atual.saldo_final = centavos(d.saldo_final);
    });
    saida.forEach(function (g) {
      g.saldo_dia = g.entradas - g.saidas;
      g.registros = g.qtd_entradas + g.qtd_saidas;
    });
    return saida;
  }

  function rotuloDoEixo(g) {
    if (escalaAtual === "dia") return diaMes(g.inicio);
    if (escalaAtual === "semana") return diaMes(g.inicio);
    return mesCurto(g.chave);
  }

  const NOMES_ESCALA = { dia: "dia", semana: "semana", mes: "mês" };

  function serie(chave, tipo, extra, semZeros) {
    return Object.assign(
      {
        chave: chave,
        label: ROTULOS[chave],
        data: grupos.map(function (g) {
          return semZeros && g[chave] === 0n ? null : Number(decimal(g[chave]));
        }),
        backgroundColor: FUNDO[tipo] || COR[tipo],
        borderColor: COR[tipo],
      },
      extra || {}
    );
  }

  function desenharGraficos(p) {
    const t = p.totais;
    pizza.data.datasets[0].data = [t.qtd_entradas, t.qtd_saidas];
    pizza.update();
    el.legendaPizza.replaceChildren(
      ...[["entrada", "Entradas", t.qtd_entradas], ["saida", "Saídas", t.qtd_saidas]].map(function (item) {
        const li = document.createElement("li");
        li.className = item[0];
        const forte = document.createElement("strong");
        forte.textContent = INTEIRO.format(item[2]);
        li.append(item[1] + " ", forte, " (" + PERCENTUAL.format(t.registros ? item[2] / t.registros : 0) + ")");
        return li;
      })
    );

    const rotulos = grupos.map(rotuloDoEixo);
    // Dots only while they stay apart: about 12 px per point.
    const ponto = grupos.length * 12 <= $("grafico-area").parentNode.clientWidth ? 3 : 0;
    const mostrar = { entradas: estado.tipo !== "saida", saidas: estado.tipo !== "entrada" };

    const seriesBarras = [];
    // A R$ 10 day next to a R$ 1.000 day still shows a bar (minBarLength); a day without
    // movement shows none (null, not a stub of minimum length).
    const barra = { borderRadius: 3, maxBarThickness: 48, minBarLength: 4 };
    if (mostrar.entradas) seriesBarras.push(serie("entradas", "entrada", Object.assign({ backgroundColor: COR.entrada }, barra), true));
    if (mostrar.saidas) seriesBarras.push(serie("saidas", "saida", Object.assign({ backgroundColor: COR.saida }, barra), true));
    barras.data.labels = rotulos;
    barras.data.datasets = seriesBarras;
    barras.update();

    const seriesArea = [];
    if (mostrar.entradas) seriesArea.push(serie("entradas", "entrada", { fill: "origin", pointRadius: ponto }));
    if (mostrar.saidas) seriesArea.push(serie("saidas", "saida", { fill: "origin", pointRadius: ponto }));
    seriesArea.push(serie("saldo_final", "saldo", {
      fill: false, pointRadius: ponto, borderDash: [6, 4], backgroundColor: COR.saldo, yAxisID: "saldo",
    }));
    area.data.labels = rotulos;
    area.data.datasets = seriesArea;
    area.update();

    const nome = NOMES_ESCALA[escalaAtual];
    el.tituloBarras.textContent = "Entradas e saídas por " + nome;
    el.notaBarras.textContent = escalaAtual === "dia"
      ? "soma dos valores de cada dia"
      : "período longo: valores somados por " + nome;
    el.tituloArea.textContent = "Somas por " + nome + " e saldo acumulado";
    el.notaArea.textContent = "entradas e saídas somadas; a linha tracejada (eixo à direita) é o saldo ao fim de cada " + nome;
  }

  function celula(texto, classe) {
    const td = document.createElement("td");
    td.textContent = texto;
    if (classe) td.className = classe;
    return td;
  }

  function celulaDinheiro(texto) {
    return celula(brl(texto), texto.startsWith("-") ? "negativo" : "");
  }

  function rotuloDaLinha(g) {
    if (escalaAtual === "dia") return dataBr(g.inicio);
    if (escalaAtual === "semana") return g.inicio === g.fim ? dataBr(g.inicio) : diaMes(g.inicio) + " a " + dataBr(g.fim);
    const nome = nomeDoMes(g.chave);
    return nome.charAt(0).toUpperCase() + nome.slice(1);
  }

  function desenharTabela(p) {
    const linhas = grupos.map(function (g) {
      const tr = document.createElement("tr");
      if (g.registros === 0) tr.className = "sem-movimento";
      const th = document.createElement("th");
      th.scope = "row";
      if (escalaAtual === "dia") {
        // Each day opens its relatório Z (PARCIAL while the day is not closed).
        const link = document.createElement("a");
        link.href = cfg.relatorioZ.replace("AAAA-MM-DD", g.inicio);
        link.title = "Relatório Z de " + dataBr(g.inicio) + " (PDF)";
        link.textContent = rotuloDaLinha(g);
        th.appendChild(link);
        const fechado = diasFechados[g.inicio];
        if (fechado) {
          const selo = document.createElement("span");
          selo.className = "selo-fechado";
          selo.textContent = "Fechado (v" + fechado.versao + ")";
          selo.title = "Dia fechado: fechamento nº " + fechado.numero + ", versão " + fechado.versao;
          th.appendChild(selo);
          link.title = "Relatório Z de " + dataBr(g.inicio) + ", versão " + fechado.versao + " (PDF)";
        }
      } else {
        th.textContent = rotuloDaLinha(g);
      }
      tr.append(
        th,
        celulaDinheiro(decimal(g.entradas)),
        celulaDinheiro(decimal(g.saidas)),
        celulaDinheiro(decimal(g.saldo_dia)),
        celulaDinheiro(decimal(g.saldo_anterior)),
        celulaDinheiro(decimal(g.saldo_final)),
        celula(INTEIRO.format(g.registros))
      );
      return tr;
    });
    el.corpoTabela.replaceChildren(...linhas);
    const t = p.totais;
    const total = document.createElement("tr");
    const rotulo = document.createElement("th");
    rotulo.scope = "row";
    rotulo.textContent = "Total do período";
    total.append(
      rotulo,
      celulaDinheiro(t.entradas),
      celulaDinheiro(t.saidas),
      celulaDinheiro(t.saldo),
      celulaDinheiro(t.saldo_anterior),
      celulaDinheiro(t.saldo_final),
      celula(INTEIRO.format(t.registros))
    );
    el.rodapeTabela.replaceChildren(total);
    const nome = NOMES_ESCALA[escalaAtual];
    el.tituloTabela.textContent = "Relatório por " + nome;
    el.colunaData.textContent = { dia: "Data", semana: "Semana", mes: "Mês" }[escalaAtual];
  }

  function desenharCartoes(p) {
    const t = p.totais;
    $("cartao-entradas").textContent = brl(t.entradas);
    $("cartao-entradas-qtd").textContent = plural(t.qtd_entradas, "entrada", "entradas");
    $("cartao-saidas").textContent = brl(t.saidas);
    $("cartao-saidas-qtd").textContent = plural(t.qtd_saidas, "saída", "saídas");
    const saldo = $("cartao-saldo");
    saldo.textContent = brl(t.saldo);
    saldo.classList.toggle("negativo", t.saldo.startsWith("-"));
    $("cartao-saldo-final").textContent = p.tipo
      ? (p.tipo === "saida" ? "só as saídas (filtro)" : "só as entradas (filtro)")
      : (estado.forma || estado.categoria || estado.caixa ? "acumulado no fim, com o filtro: " : "saldo acumulado no fim: ") + brl(t.saldo_final);
    $("cartao-registros").textContent = INTEIRO.format(t.registros);
    $("cartao-registros-detalhe").textContent = "movimentações no período";
  }

  function desenharArquivos(p) {
    const q = new URLSearchParams({ inicio: p.inicio, fim: p.fim });
    if (p.tipo) q.set("tipo", p.tipo);
    if (estado.forma) q.set("forma_pagamento", estado.forma);
    if (estado.categoria) q.set("categoria", estado.categoria);
    if (estado.caixa) q.set("caixa", estado.caixa);
    Object.keys(cfg.arquivos).forEach(function (id) {
      $(id).href = cfg.arquivos[id] + "?" + q.toString();
    });
  }

  // -- the caixa routine: closed days and quebras ------------------------------------
  let diasFechados = {};

  /** GET /dias -> { "2025-03-05": { numero, versao } } for the days closed now. */
  function lerDiasFechados(dias) {
    const mapa = {};
    dias.itens.forEach(function (d) {
      if (d.estado !== "fechado") return;
      const ultimo = d.fechamentos[d.fechamentos.length - 1];
      mapa[d.data] = { numero: ultimo.numero, versao: ultimo.versao };
    });
    return mapa;
  }

  const CORES_CAIXA = ["#1677d2", "#e08a16", "#7b4fc9", "#0f9b9b", "#a0522d", "#7a8794"];

  function conteudoDasQuebras(pontos) {
    const dataset = pontos[0].dataset;
    const item = dataset.itens[pontos[0].dataIndex];
    return {
      titulo: dataBr(item.data) + " · " + item.caixa,
      linhas: [{ texto: "Quebra: " + brl(item.quebra) + " (" + plural(item.sessoes, "sessão", "sessões") + ")" }],
    };
  }

  const graficoQuebras = new Chart($("grafico-quebras"), {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      scales: {
        x: eixoX,
        y: { ticks: { callback: function (v) { return BRL_EIXO.format(v); }, maxTicksLimit: 5 }, grid: { color: "#edf1f5" } },
      },
      plugins: {
        legend: { position: "top", align: "end", labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: { enabled: false, external: dicaExterna(conteudoDasQuebras) },
      },
    },
  });

  /** One bar per day and caixa (a caixa per color), and the same figures in a table. */
  function desenharQuebras(q) {
    const vazio = q.itens.length === 0;
    const estavaOculto = el.graficoQuebras.hidden;
    el.quebrasVazio.hidden = !vazio;
    el.graficoQuebras.hidden = vazio;
    el.tabelaQuebras.hidden = vazio;
    el.quebrasVazio.textContent = "Nenhuma sessão de caixa fechada no período" + (q.caixa ? " neste caixa." : ".");
    const datas = Array.from(new Set(q.itens.map(function (i) { return i.data; }))).sort();
    const caixas = Array.from(new Set(q.itens.map(function (i) { return i.caixa; })));
    graficoQuebras.data.labels = datas.map(dataBr);
    graficoQuebras.data.datasets = caixas.map(function (nome, n) {
      const itens = datas.map(function (data) {
        return q.itens.find(function (i) { return i.data === data && i.caixa === nome; }) || { data: data, caixa: nome, quebra: "0.00", sessoes: 0 };
      });
      return {
        label: nome,
        itens: itens,
        data: itens.map(function (i) { return Number(i.quebra); }),
        backgroundColor: CORES_CAIXA[n % CORES_CAIXA.length],
        borderRadius: 3,
        maxBarThickness: 48,
      };
    });
    graficoQuebras.canvas.setAttribute("aria-label", "Barras: quebras de caixa por dia e caixa: " + (vazio ? "nenhuma" : q.itens.map(function (i) {
      return dataBr(i.data) + ", " + i.caixa + ": " + brl(i.quebra);
    }).join("; ")));
    if (estavaOculto && !vazio) graficoQuebras.resize();
    graficoQuebras.update();
    el.corpoQuebras.replaceChildren(...q.itens.map(function (i) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = dataBr(i.data);
      tr.append(th, celula(i.caixa), celula(INTEIRO.format(i.sessoes)), celulaDinheiro(i.quebra));
      return tr;
    }));
    const total = document.createElement("tr");
    const rotulo = document.createElement("th");
    rotulo.scope = "row";
    rotulo.textContent = "Total do período";
    total.append(rotulo, celula(""), celula(INTEIRO.format(q.sessoes)), celulaDinheiro(q.total));
    el.rodapeQuebras.replaceChildren(total);
  }

  function desenhar(p, d, opcoes, novaConsulta, rotina) {
    totaisAtuais = p.totais;
    preencherCategorias(opcoes);
    preencherCaixas(rotina.caixas);
    diasFechados = lerDiasFechados(rotina.dias);
    desenharQuebras(rotina.quebras);
    let texto = p.inicio === p.fim ? dataBr(p.inicio) : dataBr(p.inicio) + " a " + dataBr(p.fim);
    if (p.tipo) texto += p.tipo === "saida" ? " · só saídas" : " · só entradas";
    if (estado.forma) texto += " · " + rotuloForma(estado.forma);
    if (estado.categoria) texto += " · " + estado.categoria;
    if (estado.caixa) texto += " · " + estado.caixa;
    el.periodoTexto.textContent = texto;
    document.title = "Fluxo de Caixa — " + texto;
    if (novaConsulta && document.activeElement !== el.inicio && document.activeElement !== el.fim) {
      el.inicio.value = p.inicio;
      el.fim.value = p.fim;
    }
    desenharCartoes(p);
    desenharArquivos(p);
    const vazio = p.totais.registros === 0;
    const estavaOculto = el.conteudo.hidden;
    el.vazio.hidden = !vazio;
    el.conteudo.hidden = vazio;
    if (vazio) {
      const oque = p.tipo === "saida" ? "nenhuma saída" : p.tipo === "entrada" ? "nenhuma entrada" : "nenhuma entrada ou saída";
      const filtro = estado.forma || estado.categoria || estado.caixa ? " com estes filtros" : "";
      el.vazioTexto.textContent = (p.inicio === p.fim ? "Em " + dataBr(p.inicio) : "De " + dataBr(p.inicio) + " a " + dataBr(p.fim)) +
        " não há " + oque + " registrada" + filtro + ". Escolha outro período" + (filtro ? " ou outro filtro" : "") +
        " ou registre movimentações no serviço de lançamentos; elas aparecem aqui em segundos.";
      return;
    }
    escalaAtual = escalaPara(p.dias.length);
    grupos = agrupar(p.dias, escalaAtual);
    if (estavaOculto) {
      // Charts made inside a hidden box have no size; measure now rather than on the
      // next ResizeObserver tick, so the first frame is drawn (and hoverable) at full size.
      [pizza, barras, area, pizzaFormas].forEach(function (c) { c.resize(); });
    }
    desenharGraficos(p);
    desenharDetalhado(d);
    desenharTabela(p);
  }

  // -- talking to the API ------------------------------------------------------------
  let controle = null;
  let relogio = null;
  let ultimaConsulta = null;
  let ultimoTexto = null;

  function mostrarErro(mensagem) {
    el.erro.textContent = mensagem;
    el.erro.hidden = !mensagem;
  }

  function marcarEstado(texto, classe) {
    el.estado.textContent = texto;
    el.estado.className = "estado " + classe;
  }

  function agendar() {
    clearTimeout(relogio);
    if (document.visibilityState === "visible") relogio = setTimeout(atualizar, cfg.intervaloMs);
  }

  /** One GET of the API: its status and text (a 401 sends the page back to the login). */
  async function buscar(url, sinal) {
    const resposta = await fetch(url, {
      signal: sinal,
      // Revalidate every time: the API's ETag turns an unchanged answer into a 304.
      cache: "no-cache",
      headers: { Accept: "application/json" },
    });
    return { status: resposta.status, ok: resposta.ok, texto: await resposta.text() };
  }

  async function atualizar() {
    clearTimeout(relogio);
    if (controle) controle.abort();
    const meu = new AbortController();
    controle = meu;
    const q = consulta(estado);
    const filtrado = q !== consulta(estado, true);
    try {
      // The period, its breakdowns, and (when filtered) the whole period's breakdowns,
      // which give the categoria options.
      // Then the caixa routine: closed days, quebras and the caixas (all on this service).
      const pedidos = [
        buscar(cfg.api + "?" + q, meu.signal),
        buscar(cfg.apiDetalhado + "?" + q, meu.signal),
        buscar(cfg.apiDias + "?" + consulta(estado, true), meu.signal),
        buscar(cfg.apiQuebras + "?" + consultaQuebras(estado), meu.signal),
        buscar(cfg.apiCaixas, meu.signal),
      ];
      if (filtrado) pedidos.push(buscar(cfg.apiDetalhado + "?" + consulta(estado, true), meu.signal));
      const respostas = await Promise.all(pedidos);
      if (meu !== controle) return;
      if (respostas.some(function (r) { return r.status === 401; })) {
        // The session ended (token changed or "Sair" in another tab): back to the login.
        marcarEstado("Sessão encerrada; entre de novo.", "falha");
        location.reload();
        return;
      }
      const falha = respostas.find(function (r) { return !r.ok; });
      if (falha) {
        let mensagem = "O servidor não respondeu como esperado (" + falha.status + ").";
        try {
          const erro = JSON.parse(falha.texto);
          const detalhes = (erro.detalhes || []).map(function (d) { return d.mensagem; });
          mensagem = detalhes.length ? detalhes.join(" ") : erro.erro || mensagem;
        } catch (_) { /* keep the generic message */ }
        mostrarErro(mensagem);
        if (falha.status >= 500) marcarEstado("Servidor indisponível; tentando de novo…", "falha");
        else { el.conteudo.hidden = true; el.vazio.hidden = true; ultimoTexto = null; }
      } else {
        mostrarErro("");
        const novaConsulta = q !== ultimaConsulta;
        const texto = respostas.map(function (r) { return r.texto; }).join("\n");
        if (novaConsulta || texto !== ultimoTexto) {
          ultimaConsulta = q;
          ultimoTexto = texto;
          const detalhado = JSON.parse(respostas[1].texto);
          const opcoes = filtrado ? JSON.parse(respostas[5].texto) : detalhado;
          const rotina = {
            dias: JSON.parse(respostas[2].texto),
            quebras: JSON.parse(respostas[3].texto),
            caixas: JSON.parse(respostas[4].texto),
          };
          desenhar(JSON.parse(respostas[0].texto), detalhado, opcoes, novaConsulta, rotina);
        }
        marcarEstado("Ao vivo · atualizado às " + RELOGIO.format(new Date()), "ao-vivo");
      }
    } catch (erro) {
      if (erro && erro.name === "AbortError") return;
      marcarEstado("Sem conexão com o servidor; tentando de novo…", "falha");
    }
    if (meu === controle) agendar();
  }

  // -- filters ----------------------------------------------------------------------
  function aplicar(novo) {
    estado = Object.assign({}, estado, novo);
    sincronizarControles();
    gravarUrl(true);
    atualizar();
  }

  el.filtros.addEventListener("change", function (ev) {
    if (ev.target.name === "tipo") aplicar({ tipo: ev.target.value });
    else if (ev.target.name === "forma_pagamento") aplicar({ forma: ev.target.value });
    else if (ev.target.name === "categoria") aplicar({ categoria: ev.target.value });
    else if (ev.target.name === "caixa") aplicar({ caixa: ev.target.value });
  });

  el.atalhos.addEventListener("click", function (ev) {
    const botao = ev.target.closest("button[data-periodo]");
    if (!botao) return;
    const periodo = botao.dataset.periodo;
    if (periodo === "personalizado") {
      estado = Object.assign({}, estado, { periodo: periodo, inicio: el.inicio.value, fim: el.fim.value });
      sincronizarControles();
      el.inicio.focus();
      return;
    }
    aplicar({ periodo: periodo, inicio: "", fim: "" });
  });

  el.filtros.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const inicio = el.inicio.value;
    const fim = el.fim.value;
    if (!inicio || !fim) {
      mostrarErro("Escolha o primeiro e o último dia do período.");
      return;
    }
    if (inicio > fim) {
      mostrarErro("O primeiro dia deve vir antes do último.");
      return;
    }
    mostrarErro("");
    aplicar({ periodo: "personalizado", inicio: inicio, fim: fim });
  });

  window.addEventListener("popstate", function () {
    estado = lerUrl();
    sincronizarControles();
    atualizar();
  });

  // Poll only while someone can see the page; catch up at once when it is shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") atualizar();
    else clearTimeout(relogio);
  });

  sincronizarControles();
  gravarUrl(false);
  atualizar();
})();
