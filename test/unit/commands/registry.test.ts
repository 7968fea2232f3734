/** The command table (commands/registry.ts): data only, one row per name. */
import { describe, expect, it } from "vitest";
import { COMMANDS, CONTAINER_COMMANDS, GATEWAY_COMMANDS, NO_AUTH_COMMANDS } from "../../../src/commands/registry";
import { connectionSpecs } from "../../../src/commands/specs/connection";
import { hashSpecs } from "../../../src/commands/specs/hashes";
import { hashTtlSpecs } from "../../../src/commands/specs/hash-ttl";
import { keySpecs } from "../../../src/commands/specs/keys";
import { listSpecs } from "../../../src/commands/specs/lists";
import { serverSpecs } from "../../../src/commands/specs/server";
import { setSpecs } from "../../../src/commands/specs/sets";
import { stringSpecs } from "../../../src/commands/specs/strings";
import { zsetSpecs } from "../../../src/commands/specs/zsets";
import { geoSpecs } from "../../../src/commands/specs/geo";
import { pubsubSpecs } from "../../../src/commands/specs/pubsub";
import { scriptingSpecs } from "../../../src/commands/specs/scripting";
import { hllSpecs } from "../../../src/commands/specs/hyperloglog";
import { sortSpecs } from "../../../src/commands/specs/sort";
import { streamSpecs } from "../../../src/commands/specs/streams";
import { bitmapSpecs } from "../../../src/commands/specs/bitmaps";
import { CLUSTER_SUBCOMMAND_NAMES } from "../../../src/cluster/commands";
import { SLOT_MIGRATION_SUBCOMMANDS } from "../../../src/commands/specs/server";
import { EVENTS_SUBCOMMAND } from "../../../src/events/events-command";

describe("command table", () => {
  it("has one row per lower-case name (a second row would silently replace the first)", () => {
    const rows = [
      stringSpecs,
      keySpecs,
      hashSpecs,
      listSpecs,
      setSpecs,
      zsetSpecs,
      geoSpecs,
      serverSpecs,
      connectionSpecs,
      pubsubSpecs,
      scriptingSpecs,
      hllSpecs,
      sortSpecs,
      streamSpecs,
      hashTtlSpecs,
      bitmapSpecs,
    ].flat();
    expect(rows.length).toBe(COMMANDS.size);
    for (const r of rows) expect(r.name).toBe(r.name.toLowerCase());
  });

  it("lists the CLUSTER subcommands the cluster core serves (and the node's EVENTS)", () => {
    expect([...(COMMANDS.get("cluster")!.subcommands ?? [])].sort()).toEqual([...CLUSTER_SUBCOMMAND_NAMES, ...SLOT_MIGRATION_SUBCOMMANDS, EVENTS_SUBCOMMAND].sort());
  });

  it("derives the gateway's name sets from the table", () => {
    expect([...NO_AUTH_COMMANDS].sort()).toEqual(["auth", "hello", "quit", "reset"]);
    expect([...CONTAINER_COMMANDS].sort()).toEqual([
      "acl", "client", "cluster", "command", "config", "function", "latency", "memory", "module", "object", "pubsub", "script", "slowlog",
      "xgroup", "xinfo",
    ]);
    expect(GATEWAY_COMMANDS.has("multi") && GATEWAY_COMMANDS.has("readwrite") && !GATEWAY_COMMANDS.has("get")).toBe(true);
  });
});
