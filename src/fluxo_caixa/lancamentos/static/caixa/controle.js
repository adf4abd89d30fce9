// Cash-control requests (abertura, suprimento, sangria, fechamento, the day close and its
// reopening) for the Caixa and Fechar o dia screens. Unlike a movement, they never wait in
// the offline queue: they need the server now, and say so. Each tap gets an
// Idempotency-Key; a retry of the same request (same path and body) after no answer, a
// timeout or a 5xx reuses it, so the server records it once however often it is tapped.

/** A request refused before it left: the browser is offline. Nothing was sent. */
export class SemConexao extends Error {}

/** `acao` names what is being done, as the merchant says it: "A sangria", "O fechamento do dia". */
export function semConexao(acao) {
  return (
    `Sem conexão com o servidor: ${minuscula(acao)} precisa dele na hora e nada fica guardado ` +
    "neste aparelho. Nada foi registrado; tente de novo quando a conexão voltar."
  );
}

/** controle(ctx) -> {enviar, mensagem}: one per screen, it remembers the keys of its taps. */
export function controle(ctx) {
  const pendentes = new Map();

  /**
   * POST `corpo` to `caminho` for `acao` ("A sangria"). Resolves to the JSON answer;
   * rejects with SemConexao (offline, nothing sent) or ctx.ErroApi.
   */
  async function enviar(acao, caminho, corpo) {
    if (!navigator.onLine) throw new SemConexao(semConexao(acao));
    const texto = JSON.stringify([caminho, corpo]);
    let pendente = pendentes.get(acao);
    if (!pendente || pendente.texto !== texto) {
      pendente = { texto, chave: ctx.novaChave() };
      pendentes.set(acao, pendente);
    }
    try {
      const dados = await ctx.api.post(caminho, corpo, { chave: pendente.chave });
      pendentes.delete(acao);
      return dados;
    } catch (erro) {
      // An answer that will not change on a retry ends this tap; a lost one keeps its key.
      if (!(erro instanceof ctx.ErroApi) || !erro.temporario) pendentes.delete(acao);
      throw erro;
    }
  }

  /** The merchant's message for a failed request. */
  function mensagem(erro) {
    if (erro instanceof SemConexao) return erro.message;
    if (erro instanceof ctx.ErroApi && erro.rede) {
      return (
        "Sem resposta do servidor: nada foi confirmado. Toque de novo para tentar: o mesmo " +
        "pedido nunca é registrado duas vezes."
      );
    }
    if (erro instanceof ctx.ErroApi && erro.temporario) {
      return `${erro.texto()} Toque de novo para tentar: o mesmo pedido nunca é registrado duas vezes.`;
    }
    if (erro instanceof ctx.ErroApi) return erro.texto();
    return "Algo deu errado. Tente de novo.";
  }

  return { enviar, mensagem };
}

function minuscula(texto) {
  return texto.charAt(0).toLowerCase() + texto.slice(1);
}
