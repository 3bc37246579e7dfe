declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set per request by server.ts; absent when a loader is called directly in a test. */
    cspNonce?: string;
    clientIp?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
