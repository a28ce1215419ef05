/**
 * The runtime names a generated module uses, collected while emitting so the module imports
 * exactly those (named imports keep hot calls direct). The module imports the runtime by package
 * name, through the `exports` of p4ts's package.json (`p4ts/runtime/v1model`, ...): it runs in any
 * project that depends on p4ts, wherever it is written.
 */
export type RuntimeModule = 'bits' | 'packet' | 'support' | 'v1model' | 'psa' | 'control' | 'hash' | 'p4ts';

/** The package the runtime is imported from. */
export const RUNTIME_PACKAGE = 'p4ts/runtime';

/** Each runtime module's folder under `runtime/` (its `index.ts` is the entry the package exports). */
const MODULE_FOLDERS: Record<RuntimeModule, string> = {
  bits: 'bits',
  packet: 'packet',
  support: 'support',
  v1model: 'v1model',
  psa: 'psa',
  control: 'control',
  hash: 'externs',
  p4ts: 'p4ts',
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

  /** The import declarations. */
  render(): string[] {
    const lines: string[] = [];
    for (const module of Object.keys(MODULE_FOLDERS) as RuntimeModule[]) {
      const values = [...(this.used.get(module) ?? [])].sort();
      const types = [...(this.types.get(module) ?? [])].filter((t) => !values.includes(t)).sort();
      if (values.length === 0 && types.length === 0) continue;
      const names = [...values, ...types.map((t) => `type ${t}`)];
      lines.push(`import { ${names.join(', ')} } from '${RUNTIME_PACKAGE}/${MODULE_FOLDERS[module]}';`);
    }
    return lines;
  }
}
