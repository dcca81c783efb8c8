-- Operator pauses of one task type or one persona, for the whole cluster and across restarts.
-- Claims skip the tasks a pause covers; they stay PENDING and run once it is lifted. Pausing the
-- picker or the runner as a whole is the Quartz job pause (qrtz_triggers), not a row here.
CREATE TABLE engine_pauses (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT engine_pauses_pk PRIMARY KEY,
    task_type  varchar(16)
               CONSTRAINT engine_pauses_type_ck
               CHECK (task_type IN ('COMMENT', 'REPLY', 'VOTE', 'POST', 'IMAGE_POST')),
    persona_id bigint       CONSTRAINT engine_pauses_persona_fk REFERENCES personas (id) ON DELETE CASCADE,
    paused_at  timestamptz  NOT NULL DEFAULT now(),
    -- who asked: "cli:<user>@<host>" or "jmx@<node id>"
    paused_by  varchar(200) NOT NULL,
    CONSTRAINT engine_pauses_one_ck CHECK ((task_type IS NULL) <> (persona_id IS NULL)),
    CONSTRAINT engine_pauses_type_uk UNIQUE (task_type),
    CONSTRAINT engine_pauses_persona_uk UNIQUE (persona_id)
);
