/**
 * The runtime names a generated module uses, collected while emitting so the module imports
 * exactly those (named imports keep hot calls direct).
 */
export type RuntimeModule = 'bits' | 'packet' | 'support' | 'v1model' | 'psa' | 'control' | 'hash' | 'p4ts';

const MODULE_PATHS: Record<RuntimeModule, string> = {
  bits: 'bits/index.ts',
  packet: 'packet/index.ts',
  support: 'support/index.ts',
  v1model: 'v1model/index.ts',
  psa: 'psa/index.ts',
  control: 'control/index.ts',
  hash: 'externs/hash.ts',
  p4ts: 'p4ts/index.ts',
};

export class RuntimeImports {
  private readonly used = new Map<RuntimeModule, Set<string>>();
  private readonly types = new Map<RuntimeModule, Set<string>>();

  /** Records a use of `name` from `module` and returns the name to write. */
  use(module: RuntimeModule, name: string): string {
    let names = this.used.get(module);
    if (names === undefined) this.used.set(module, (names = new Set()));
    names.add(name);
    return name;
  }

  useType(module: RuntimeModule, name: string): string {
    let names = this.types.get(module);
    if (names === undefined) this.types.set(module, (names = new Set()));
    names.add(name);
    return name;
  }

  /** The import declarations, `runtimeDir` being the path of the runtime folder as imported. */
  render(runtimeDir: string): string[] {
    const base = runtimeDir.endsWith('/') ? runtimeDir : `${runtimeDir}/`;
    const lines: string[] = [];
    for (const module of Object.keys(MODULE_PATHS) as RuntimeModule[]) {
      const values = [...(this.used.get(module) ?? [])].sort();
      const types = [...(this.types.get(module) ?? [])].filter((t) => !values.includes(t)).sort();
      if (values.length === 0 && types.length === 0) continue;
      const names = [...values, ...types.map((t) => `type ${t}`)];
      lines.push(`import { ${names.join(', ')} } from '${base}${MODULE_PATHS[module]}';`);
    }
    return lines;
  }
}
