package io.personaengine.core.picker;

/**
 * A recent comment that mentions a persona ({@code @handle}) or replies to one of its comments, and
 * that the persona has neither answered nor been queued to answer (rule 2).
 */
public record ReplyCandidate(long commentId, long postId, long commentAuthorUserId, long personaId) {}
