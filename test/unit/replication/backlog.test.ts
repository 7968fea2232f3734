/** Backlog arithmetic (Redis's histlen / first byte offset), the chunked store, and the stream codec. */
import { describe, expect, it } from "vitest";
import {
  backlogEnd, backlogReadLength, chunkSlice, chunksToDrop, createBacklogMeta, encodeCommand, feed, feedBacklogMeta,
  MemoryBacklog, parseCommands, resizeBacklogMeta, StreamProtocolError,
} from "../../../src/replication";
import { TestNode } from "./helpers";

describe("backlog arithmetic", () => {
  it("a new backlog is empty and its first byte is the next one produced", () => {
    expect(createBacklogMeta(0)).toEqual({ histlen: 0, offset: 1 });
    expect(createBacklogMeta(1234)).toEqual({ histlen: 1234 - 1234, offset: 1235 });
  });

  it("histlen grows up to the size; offset = master_repl_offset - histlen + 1", () => {
    const meta = createBacklogMeta(0);
    let mro = 0;
    const step = (len: number): void => {
      mro += len;
      feedBacklogMeta(meta, mro, len, 100);
    };
    step(60);
    expect(meta).toEqual({ histlen: 60, offset: 1 });
    step(40);
    expect(meta).toEqual({ histlen: 100, offset: 1 });
    step(1); // the ring wraps: byte 1 is overwritten
    expect(meta).toEqual({ histlen: 100, offset: 2 });
    step(250); // one write larger than the whole ring
    expect(meta).toEqual({ histlen: 100, offset: 252 });
    expect(backlogEnd(meta)).toBe(mro);
  });

  it("a backlog created mid-history counts from there", () => {
    const meta = createBacklogMeta(5000);
    feedBacklogMeta(meta, 5010, 10, 100);
    expect(meta).toEqual({ histlen: 10, offset: 5001 });
  });

  it("shrinking keeps the newest bytes", () => {
    const meta = { histlen: 100, offset: 401 };
    expect(resizeBacklogMeta(meta, 500, 30)).toBe(true);
    expect(meta).toEqual({ histlen: 30, offset: 471 });
    expect(resizeBacklogMeta(meta, 500, 1000)).toBe(false);
  });

  it("reads are bounded by the first byte held, the end and the batch size", () => {
    const meta = { histlen: 100, offset: 401 };
    expect(backlogReadLength(meta, 400, 10)).toBe(0);
    expect(backlogReadLength(meta, 401, 10)).toBe(10);
    expect(backlogReadLength(meta, 495, 10)).toBe(6);
    expect(backlogReadLength(meta, 501, 10)).toBe(0);
  });

  it("drops only chunks wholly before the first byte held", () => {
    const chunks = [{ start: 1, length: 10 }, { start: 11, length: 10 }, { start: 21, length: 10 }];
    expect(chunksToDrop(chunks, 11)).toEqual([{ start: 1, length: 10 }]);
    expect(chunksToDrop(chunks, 15)).toEqual([{ start: 1, length: 10 }]);
    expect(chunksToDrop(chunks, 21)).toEqual(chunks.slice(0, 2));
    expect(chunkSlice({ start: 11, length: 10 }, 15, 100)).toEqual([4, 10]);
    expect(chunkSlice({ start: 11, length: 10 }, 1, 12)).toEqual([0, 2]);
    expect(chunkSlice({ start: 11, length: 10 }, 21, 30)).toBeNull();
  });
});

describe("MemoryBacklog", () => {
  it("reads across chunks and skips the stale head of a straddling chunk", () => {
    const b = new MemoryBacklog();
    b.append(1, "abcde");
    b.append(6, "fghij");
    b.append(11, "klmno");
    b.trim(8);
    expect(b.chunkCount).toBe(2);
    expect(b.read(8, 100)).toBe("hijklmno");
    expect(b.read(9, 3)).toBe("ijk");
  });

  it("refuses a non-contiguous append", () => {
    const b = new MemoryBacklog();
    b.append(1, "abc");
    expect(() => b.append(5, "x")).toThrow(/not contiguous/);
  });
});

describe("the master's backlog", () => {
  it("wraps: after more than repl-backlog-size bytes only the newest remain, old chunks are trimmed", () => {
    const m = new TestNode("m");
    m.config.backlogSizeBytes = 100;
    m.receive({ type: "psync", from: "r", replid: "?", offset: -1, port: 1, attempt: 1 });
    const cmd = ["SET", "key", "x".repeat(11)]; // 40 bytes
    expect(encodeCommand(cmd).length).toBe(40);
    for (let i = 0; i < 5; i++) feed(m.st, [cmd], m.env);
    expect(m.st.master_repl_offset).toBe(200);
    expect(m.st.backlog).toEqual({ histlen: 100, offset: 101 });
    expect(m.backlog.chunkCount).toBe(3); // 81..120 straddles, 121..160, 161..200
    expect(m.backlog.read(101, 1000)).toBe((encodeCommand(cmd) + encodeCommand(cmd) + encodeCommand(cmd)).slice(20));
  });

  it("a master with neither backlog nor replicas does not move its offset", () => {
    const m = new TestNode("m");
    const out = feed(m.st, [["SET", "a", "b"]], m.env);
    expect(m.st.master_repl_offset).toBe(0);
    expect(out.changed).toBe(false);
  });
});

describe("stream codec", () => {
  it("encodes commands as RESP multibulks and parses them back", () => {
    const bytes = encodeCommand(["SET", "k", "v\r\n"]) + encodeCommand(["DEL", ""]);
    expect(parseCommands(bytes)).toEqual({ commands: [["SET", "k", "v\r\n"], ["DEL", ""]], consumed: bytes.length });
  });

  it("stops before an incomplete command", () => {
    const one = encodeCommand(["SET", "k", "v"]);
    for (let cut = 0; cut < one.length; cut++) {
      expect(parseCommands(one + one.slice(0, cut))).toEqual({ commands: [["SET", "k", "v"]], consumed: one.length });
    }
  });

  it("rejects bytes that are not a multibulk stream", () => {
    expect(() => parseCommands("+OK\r\n")).toThrow(StreamProtocolError);
    expect(() => parseCommands("*1\r\n$3\r\nabcXY")).toThrow(StreamProtocolError);
  });
});
