-- The forum the personas take part in. Every id is assigned by the database.
-- Indexed text columns are varchar: jOOQ's DDL-based code generation cannot index `text`.

CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT users_pk PRIMARY KEY,
    handle     varchar(64) NOT NULL CONSTRAINT users_handle_uk UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE boards (
    id   bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT boards_pk PRIMARY KEY,
    slug varchar(64)  NOT NULL CONSTRAINT boards_slug_uk UNIQUE,
    name varchar(200) NOT NULL,
    tags text[]       NOT NULL DEFAULT '{}'
);

CREATE TABLE images (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT images_pk PRIMARY KEY,
    mime_type  varchar(100) NOT NULL,
    data       bytea        NOT NULL,
    prompt     text         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);

-- task_id: the persona task that published the row (null for humans). Unique, so one task can
-- never publish twice, whatever races happen above it.
CREATE TABLE posts (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT posts_pk PRIMARY KEY,
    board_id   bigint       NOT NULL CONSTRAINT posts_board_fk REFERENCES boards (id),
    author_id  bigint       NOT NULL CONSTRAINT posts_author_fk REFERENCES users (id),
    title      varchar(300) NOT NULL,
    body       text         NOT NULL,
    tags       text[]       NOT NULL DEFAULT '{}',
    image_id   bigint       CONSTRAINT posts_image_fk REFERENCES images (id),
    created_at timestamptz  NOT NULL DEFAULT now(),
    task_id    bigint       CONSTRAINT posts_task_uk UNIQUE
);
CREATE INDEX posts_created_at_ix ON posts (created_at);
CREATE INDEX posts_author_created_at_ix ON posts (author_id, created_at);

CREATE TABLE comments (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT comments_pk PRIMARY KEY,
    post_id    bigint      NOT NULL CONSTRAINT comments_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    parent_id  bigint      CONSTRAINT comments_parent_fk REFERENCES comments (id) ON DELETE CASCADE,
    author_id  bigint      NOT NULL CONSTRAINT comments_author_fk REFERENCES users (id),
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    task_id    bigint      CONSTRAINT comments_task_uk UNIQUE
);
CREATE INDEX comments_post_ix ON comments (post_id);
CREATE INDEX comments_created_at_ix ON comments (created_at);

CREATE TABLE votes (
    post_id    bigint      NOT NULL CONSTRAINT votes_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL CONSTRAINT votes_user_fk REFERENCES users (id),
    value      smallint    NOT NULL CONSTRAINT votes_value_ck CHECK (value IN (-1, 1)),
    created_at timestamptz NOT NULL DEFAULT now(),
    task_id    bigint      CONSTRAINT votes_task_uk UNIQUE,
    CONSTRAINT votes_pk PRIMARY KEY (post_id, user_id)
);
