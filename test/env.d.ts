// Types `env` from "cloudflare:workers" in tests as the project's Worker environment.
type ProjectEnv = import("../src/env").Env;
declare namespace Cloudflare {
  interface Env extends ProjectEnv {}
}
