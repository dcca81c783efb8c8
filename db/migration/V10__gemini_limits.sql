-- The cluster's Gemini limits, one source of truth: the first node to start on a cluster without
-- them seeds them from its configuration, `limits set` changes them, and every node reads them
-- again with each heartbeat. A null value means no limit. Keys are the configuration keys.
CREATE TABLE gemini_limits (
    limit_key varchar(64)  CONSTRAINT gemini_limits_pk PRIMARY KEY,
    value     bigint       CONSTRAINT gemini_limits_value_ck CHECK (value IS NULL OR value > 0),
    set_at    timestamptz  NOT NULL DEFAULT now(),
    -- who set it: "seed:<node id>" or "cli:<user>@<host>"
    set_by    varchar(200) NOT NULL
);

-- Each model now has its own budget row (scope = model id) counting calls and input tokens per
-- bucket, and its calls of the current day in Los Angeles time, when Gemini's daily quotas reset.
-- The one row all models shared goes: its counts would mean nothing per model.
DELETE FROM gemini_budget;
ALTER TABLE gemini_budget ADD COLUMN tokens bigint[] NOT NULL;
ALTER TABLE gemini_budget ADD COLUMN day date;
ALTER TABLE gemini_budget ADD COLUMN day_calls integer NOT NULL DEFAULT 0;
-- After a 429 the cluster lowers its call rate to the model below the limit (multiplicative
-- decrease) and raises it again window by window (additive increase) until the limit is back:
-- adaptive_calls is that lowered rate, null when the limit itself applies. adaptive_at is its last
-- change, decreased_at its last decrease (one per half window, however many calls the 429 hit).
ALTER TABLE gemini_budget ADD COLUMN adaptive_calls integer;
ALTER TABLE gemini_budget ADD COLUMN adaptive_at timestamptz;
ALTER TABLE gemini_budget ADD COLUMN decreased_at timestamptz;
