/**
 * A hand-written "compiled program" with a real control-plane table, for the STF runner tests:
 * ingress applies `MyIngress.forward` (exact on ethernet.dstAddr) whose actions are
 * `MyIngress.set_port(port)` and `MyIngress.drop()` (the default); `MyIngress.hits` counts hits
 * per port and the direct counter `MyIngress.forward_counter` counts hits per entry.
 * Parser and deparser are those of `test/runtime/v1model/programs.ts` (via makeL2).
 */
import { RuntimeTable, type TableDescription } from '../../../runtime/control/index.ts';
import { Counter, CounterType, DirectCounter, markToDrop, type SyncProgram } from '../../../runtime/v1model/index.ts';
import { makeL2, type State } from '../v1model/programs.ts';

const SET_PORT = 1;
const DROP = 2;

const forwardDescription: TableDescription = {
  name: 'MyIngress.forward',
  id: 1,
  keys: [{ name: 'hdr.ethernet.dstAddr', matchKind: 'exact', width: 48 }],
  actions: [
    { id: SET_PORT, name: 'MyIngress.set_port', params: [{ name: 'port', width: 9 }] },
    { id: DROP, name: 'MyIngress.drop', params: [] },
  ],
  defaultAction: { actionId: DROP, args: [], isConst: false },
};

export function makeTableProgram(): SyncProgram<State> {
  const base = makeL2().program;
  const objects = base.objects;
  const forward = objects.add('MyIngress.forward', 'table', new RuntimeTable(forwardDescription));
  const hits = objects.add('MyIngress.hits', 'counter', new Counter('MyIngress.hits', 512, CounterType.packets_and_bytes));
  const direct = objects.add('MyIngress.forward_counter', 'direct_counter', new DirectCounter('MyIngress.forward_counter', CounterType.packets_and_bytes));
  return {
    ...base,
    name: 'table',
    ingress(d) {
      const r = forward.lookup1(d.state.eth.dst);
      if (r.hit) direct.count(r.handle, d);
      if (r.actionId === SET_PORT) {
        const port = Number(r.args[0]);
        d.std.egress_spec = port;
        hits.count(port, d);
      } else markToDrop(d);
    },
    egress() {},
  };
}
