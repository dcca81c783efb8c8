package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A persona's verdict on a post, read from {@code {"vote": "up"|"down", "reason": "..."}}.
 *
 * @param value +1 or -1
 * @param reason one sentence, for the logs; may be empty
 */
record VoteDecision(int value, String reason) {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "vote": {"type": "string", "enum": ["up", "down"]},
               "reason": {"type": "string"}},
             "required": ["vote", "reason"]}""";
    static final int MAX_REASON_CHARS = 500;

    VoteDecision {
        requireNonNull(reason, "reason");
        if (value != 1 && value != -1) {
            throw new IllegalArgumentException("a vote is +1 or -1, not " + value);
        }
    }

    static Validated<VoteDecision> from(JsonNode answer) {
        return JsonAnswer.text(answer, "vote").flatMap(vote -> {
            String reason = answer.path("reason").asText("").strip();
            String cut = reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
            switch (vote.strip().toLowerCase(Locale.ROOT)) {
                case "up":
                    return Validated.valid(new VoteDecision(1, cut));
                case "down":
                    return Validated.valid(new VoteDecision(-1, cut));
                default:
                    return Validated.invalid("'vote' must be up or down, not '" + UntrustedText.clean(vote, 20) + "'");
            }
        });
    }
}
