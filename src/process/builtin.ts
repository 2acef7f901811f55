/**
 * A Node builtin loaded on first need. `process.getBuiltinModule` (Node 20.16+) loads it without
 * starting Node's ES module loader, which the hooks' CommonJS bundle otherwise starts on its first
 * dynamic import() (about 3 ms of a cold commit); an older Node imports it.
 */
export function builtin<T>(name: string, viaImport: () => Promise<T>): Promise<T> {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return typeof get === 'function' ? Promise.resolve(get.call(process, name) as T) : viaImport();
}
