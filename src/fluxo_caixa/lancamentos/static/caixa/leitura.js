// Reading the server's state for a screen, one reading at a time.

/**
 * umaPorVez(ler) -> carregar: `carregar()` starts `ler()` unless a reading is under way,
 * and either way returns the promise of the reading under way.
 */
export function umaPorVez(ler) {
  let emCurso = null;
  return () => {
    if (!emCurso) emCurso = ler().finally(() => (emCurso = null));
    return emCurso;
  };
}
