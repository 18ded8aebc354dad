-- /metrics: every worker process keeps its request counters in memory and writes them here every
-- few seconds, so one scrape through nginx sees the workers of every app host (the request lands on
-- one worker of one host, which reads them all). UNLOGGED: counters are no data worth WAL or a
-- standby; after a crash or a failover the live workers write their totals again within seconds.
CREATE UNLOGGED TABLE worker_metrics (
    worker text PRIMARY KEY,                      -- host:pid
    snapshot text NOT NULL,                       -- JSON, Handlers' MetricsSnapshot
    updated_at timestamptz NOT NULL DEFAULT now()
);
