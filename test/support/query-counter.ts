import type { KyselyPlugin } from "kysely";

/** Counts every query the app issues (as a Kysely plugin), so a test can see how many a request needs. */
export function queryCounter() {
  const counter = { count: 0, plugin: undefined as unknown as KyselyPlugin };
  counter.plugin = {
    transformQuery(args) {
      counter.count += 1;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return counter;
}
