/**
 * CLUSTER NODES text, parsed: one `NodeLine` per node (REFERENCE §2's format). The overview reads
 * each node's own view through it; only a node's `myself` line carries its open slots.
 */

export interface NodeLine {
  id: string;
  name: string;
  port: number;
  flags: string[];
  masterId: string | null;
  configEpoch: number;
  link: "connected" | "disconnected";
  slots: [number, number][];
  /** `[slot->-id]`: migrating to `id`; `[slot-<-id]`: importing from it (myself line only). */
  migrating: { slot: number; to: string }[];
  importing: { slot: number; from: string }[];
}

const OPEN_SLOT = /^\[(\d+)-([<>])-([0-9a-z]+)\]$/;

export function parseNodeLine(line: string): NodeLine | null {
  const f = line.trim().split(" ");
  if (f.length < 8) return null;
  const [id, addr, flags, master, , , epoch, link] = f as [string, string, string, string, string, string, string, string];
  const host = addr.split(",")[0]!;
  const colon = host.lastIndexOf(":");
  const n: NodeLine = {
    id, name: colon > 0 ? host.slice(0, colon) : host, port: Number.parseInt(host.slice(colon + 1), 10) || 0,
    flags: flags === "noflags" ? [] : flags.split(","), masterId: master === "-" ? null : master,
    configEpoch: Number(epoch) || 0, link: link === "connected" ? "connected" : "disconnected",
    slots: [], migrating: [], importing: [],
  };
  for (const s of f.slice(8)) {
    const open = OPEN_SLOT.exec(s);
    if (open) {
      if (open[2] === ">") n.migrating.push({ slot: Number(open[1]), to: open[3]! });
      else n.importing.push({ slot: Number(open[1]), from: open[3]! });
      continue;
    }
    const dash = s.indexOf("-");
    const a = Number(dash < 0 ? s : s.slice(0, dash));
    const b = Number(dash < 0 ? s : s.slice(dash + 1));
    if (Number.isInteger(a) && Number.isInteger(b)) n.slots.push([a, b]);
  }
  return n;
}

export function parseNodes(text: string): NodeLine[] {
  return text.split("\n").flatMap((l) => {
    const n = l.trim() === "" ? null : parseNodeLine(l);
    return n ? [n] : [];
  });
}

/** "k:v" lines (INFO, CLUSTER INFO) as a record; "#" headers and blank lines skipped. */
export function parseInfoText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}
