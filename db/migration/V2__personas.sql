-- Personas act through a forum user of their own.

CREATE TABLE personas (
    id           bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT personas_pk PRIMARY KEY,
    user_id      bigint       NOT NULL CONSTRAINT personas_user_uk UNIQUE
                              CONSTRAINT personas_user_fk REFERENCES users (id),
    display_name varchar(100) NOT NULL,
    style        text         NOT NULL,
    specialties  text[]       NOT NULL DEFAULT '{}',
    creative     boolean      NOT NULL DEFAULT false,
    active       boolean      NOT NULL DEFAULT true,
    created_at   timestamptz  NOT NULL DEFAULT now()
);

-- What each persona has already engaged with: one row per (persona, action, target), written in
-- the same transaction as the effect, so a persona never acts twice on the same target.
-- target_id is the post (COMMENT, VOTE), the comment answered (REPLY) or the post created
-- (POST, IMAGE_POST).
CREATE TABLE persona_memory (
    persona_id bigint      NOT NULL CONSTRAINT persona_memory_persona_fk REFERENCES personas (id),
    task_type  varchar(16) NOT NULL,
    target_id  bigint      NOT NULL,
    task_id    bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT persona_memory_pk PRIMARY KEY (persona_id, task_type, target_id)
);
-- The picker asks "who already engaged with this target?"
CREATE INDEX persona_memory_target_ix ON persona_memory (task_type, target_id);
