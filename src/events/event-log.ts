/**
 * A node's bounded event history, in SQLite so it survives a restart (a failover is exactly when
 * a node may be evicted or restarted, and the history is what explains it afterwards). Each
 * recorded event also goes to the sink (the log line). The newest EVENT_HISTORY_MAX are kept:
 * inserting the next one deletes the oldest, so the table never grows past the bound.
 */
import type { Clock, SqlPort } from "../node/ports";
import { EVENT_HISTORY_MAX, type ClusterEvent, type EventDraft, type EventSink } from "./cluster-event";

export { EVENT_HISTORY_MAX };

/** Who the events are about, read at record time (epochs move). */
export interface EventSubject {
  name: string;
  nodeId: string;
  epochs(): { epoch: number; configEpoch: number };
}

export class EventLog {
  private seq: number;

  constructor(
    private readonly sql: SqlPort,
    private readonly clock: Clock,
    private readonly subject: EventSubject,
    private readonly sink: EventSink | null,
  ) {
    sql.exec("CREATE TABLE IF NOT EXISTS cluster_events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    const row = sql.exec("SELECT MAX(seq) AS s FROM cluster_events").toArray()[0];
    this.seq = Number(row?.s ?? 0);
  }

  record(drafts: readonly EventDraft[]): void {
    for (const d of drafts) {
      const e: ClusterEvent = {
        event: d.event, node: this.subject.name, nodeId: this.subject.nodeId, ...this.subject.epochs(),
        ts: this.clock.now(), seq: ++this.seq, ...d.fields,
      };
      this.sql.exec("INSERT INTO cluster_events (seq, body) VALUES (?, ?)", e.seq, JSON.stringify(e));
      this.sql.exec("DELETE FROM cluster_events WHERE seq <= ?", e.seq - EVENT_HISTORY_MAX);
      this.sink?.(e);
    }
  }

  /** The newest `count` events, newest first. */
  recent(count: number): ClusterEvent[] {
    const rows = this.sql.exec("SELECT body FROM cluster_events ORDER BY seq DESC LIMIT ?", Math.max(0, Math.min(count, EVENT_HISTORY_MAX))).toArray();
    return rows.map((r) => JSON.parse(r.body as string) as ClusterEvent);
  }
}
