// The Caixa screen: abertura, suprimento, sangria and the fechamento cego (DESIGN §5a).
// Its markup lives in templates/caixa/tela_caixa.html; the module interface is in app.js.
// Cash control needs the server: when !ctx.online(), say ctx.semConexao("A abertura do caixa").

export function montar(secao, ctx) {} // eslint-disable-line no-unused-vars

export function mostrar(ctx) {} // eslint-disable-line no-unused-vars
