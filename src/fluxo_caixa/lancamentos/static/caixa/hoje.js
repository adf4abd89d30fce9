// The Hoje screen: today's movements and totals (filled in by a later commit).

export function montar(secao, ctx) {} // eslint-disable-line no-unused-vars

export function mostrar(ctx) {} // eslint-disable-line no-unused-vars
