#!/usr/bin/env node
// `redis-do-cluster`: the operator CLI (scripts/cluster.ts) through tsx's loader (a devDependency
// of this package), so there is no build step; it works from a checkout after `npm ci`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../scripts/cluster.ts");
await main();
