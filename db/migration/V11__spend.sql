-- Daily budgets in US dollars. Limits now also hold prices and budgets, which are not whole numbers:
-- GEMINI_PRICE_INPUT_PER_M, GEMINI_PRICE_OUTPUT_PER_M (USD per million tokens), GEMINI_PRICE_PER_IMAGE
-- (USD per image), BUDGET_USD_PER_DAY (the cluster) and PERSONA_BUDGET_USD_PER_DAY (each persona).
-- A price may be 0; every other limit is positive (checked by the application, per key).
ALTER TABLE gemini_limits DROP CONSTRAINT gemini_limits_value_ck;
ALTER TABLE gemini_limits ALTER COLUMN value TYPE numeric(20, 6);
ALTER TABLE gemini_limits ADD CONSTRAINT gemini_limits_value_ck CHECK (value IS NULL OR value >= 0);

-- What each attempt cost: images generated (priced per image; their tokens are not in output_tokens)
-- and the estimated cost in USD at the prices in force when it finished; null while no price is set.
ALTER TABLE persona_task_attempts ADD COLUMN images integer NOT NULL DEFAULT 0;
ALTER TABLE persona_task_attempts ADD COLUMN cost_usd numeric(14, 8);

-- What each persona spent on Gemini per day, the day in Los Angeles time as Gemini's daily quotas
-- (and Google's billing days) count it. Written with each attempt that cost something, in the same
-- statement; the cluster's spend of a day is the sum of that day's rows. Claims skip a persona whose
-- row reached PERSONA_BUDGET_USD_PER_DAY, and claim nothing once the day's sum reached
-- BUDGET_USD_PER_DAY, until the next day.
CREATE TABLE gemini_spend (
    day        date          NOT NULL,
    persona_id bigint        NOT NULL CONSTRAINT gemini_spend_persona_fk REFERENCES personas (id) ON DELETE CASCADE,
    spent_usd  numeric(18, 8) NOT NULL,
    attempts   integer       NOT NULL,
    CONSTRAINT gemini_spend_pk PRIMARY KEY (day, persona_id)
);
