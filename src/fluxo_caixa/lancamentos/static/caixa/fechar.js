// The Fechar o dia screen: the day's summary, the close (POST /dias/{dia}/fechamento) and
// the link to the relatório Z, ctx.relatorioZ(ctx.hoje()) (DESIGN §5a).
// Its markup lives in templates/caixa/tela_fechar.html; the module interface is in app.js.

export function montar(secao, ctx) {} // eslint-disable-line no-unused-vars

export function mostrar(ctx) {} // eslint-disable-line no-unused-vars
