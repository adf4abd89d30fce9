// The Lançar screen: records a movement (filled in by the next commit).

export function montar(secao, ctx) {} // eslint-disable-line no-unused-vars

export function mostrar(ctx) {} // eslint-disable-line no-unused-vars
