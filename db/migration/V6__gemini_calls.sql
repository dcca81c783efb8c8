-- The cluster-wide Gemini budget (DESIGN.md §3, invariant 3): every call any node sends is counted
-- here first, on the database clock, and a 429 pauses the whole cluster through gemini_cooldowns.

-- One row per permit granted, i.e. per request sent upstream (retries included). Rows older than a
-- few minutes are pruned as new ones arrive; the window itself is one minute.
CREATE TABLE gemini_calls (
    id        bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT gemini_calls_pk PRIMARY KEY,
    node_id   varchar(200) NOT NULL,
    model     varchar(100) NOT NULL,
    called_at timestamptz  NOT NULL
);
-- The permit check reads the newest calls of the window; pruning reads the oldest.
CREATE INDEX gemini_calls_called_at_ix ON gemini_calls (called_at);

-- A pause of calls to one model after upstream said "too many requests": until the RetryInfo delay
-- has passed, or until the daily quota resets. One row per model; a pause only ever grows.
CREATE TABLE gemini_cooldowns (
    model          varchar(100) CONSTRAINT gemini_cooldowns_pk PRIMARY KEY,
    cooldown_until timestamptz  NOT NULL,
    started_at     timestamptz  NOT NULL,
    node_id        varchar(200) NOT NULL,
    reason         text         NOT NULL
);
