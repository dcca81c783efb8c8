package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import io.personaengine.gemini.api.Candidate;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.ListModelsResponse;
import io.personaengine.gemini.api.ModelInfo;
import io.personaengine.gemini.api.SafetyRating;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gemini {@code v1beta} REST API over OkHttp: one request per call, no retries (callers wrap
 * calls in their own policy and test {@link GeminiException#retryable()}).
 *
 * <p>Thread-safe; share one instance, since it owns a connection pool. The API key travels only in
 * the {@code x-goog-api-key} header and never appears in URLs, logs or exception messages.
 * Redirects are not followed, so the key cannot be sent to another host. {@link #close()} releases
 * pooled connections and is idempotent; do not call the client afterwards.
 */
public final class GeminiClient implements AutoCloseable {

    static final String API_KEY_HEADER = "x-goog-api-key";

    private static final Logger log = LoggerFactory.getLogger(GeminiClient.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** An image of 8 MiB in base64 with its JSON around it fits; a runaway body does not. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final int MAX_MODEL_PAGES = 100;

    private final GeminiClientConfig config;
    private final OkHttpClient http;

    public GeminiClient(GeminiClientConfig config) {
        this.config = requireNonNull(config, "config");
        this.http = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
                // one permit is one request: never resend a POST behind the caller's back
                .retryOnConnectionFailure(false)
                .build();
    }

    public GeminiClientConfig config() {
        return config;
    }

    /**
     * Generates content with one model.
     *
     * @param model the bare model id ({@code gemini-3.8-flash}); a {@code models/} prefix is accepted
     * @return the answer; its first candidate, if any, was not blocked
     * @throws GeminiException on any HTTP error, transport failure, unreadable body, or a blocked
     *     prompt or answer ({@link GeminiException.Kind#BLOCKED}, which keeps the response)
     * @throws IllegalArgumentException when the model id is not a plain id
     */
    public GenerateContentResponse generateContent(String model, GenerateContentRequest request) {
        requireNonNull(request, "request");
        String operation = "Gemini " + model;
        Request httpRequest = newRequest(modelUrl(model, "generateContent"))
                .post(RequestBody.create(GeminiJson.write(request), JSON))
                .build();
        long started = System.nanoTime();
        GenerateContentResponse response = execute(httpRequest, operation, GenerateContentResponse.class);
        log.debug("{} answered in {} ms by {} ({} prompt + {} output tokens)",
                operation, (System.nanoTime() - started) / 1_000_000, response.modelVersion(),
                response.usage().promptTokenCount(), response.usage().outputTokens());
        rejectBlocked(operation, response);
        return response;
    }

    /** Every model the key can use, across all pages of {@code GET /v1beta/models}. */
    public List<ModelInfo> listModels() {
        List<ModelInfo> models = new ArrayList<>();
        String pageToken = null;
        for (int page = 0; page < MAX_MODEL_PAGES; page++) {
            HttpUrl.Builder url = config.httpUrl().newBuilder().addPathSegments("v1beta/models");
            if (pageToken != null) {
                url.addQueryParameter("pageToken", pageToken);
            }
            Request request = newRequest(url.build()).get().build();
            ListModelsResponse listed = execute(request, "Gemini list models", ListModelsResponse.class);
            models.addAll(listed.models());
            pageToken = listed.nextPageToken();
            if (pageToken == null || pageToken.isEmpty()) {
                return List.copyOf(models);
            }
        }
        throw GeminiException.transport("Gemini list models: more than " + MAX_MODEL_PAGES + " pages", null);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** The bare id of {@code model}, which may carry a {@code models/} prefix; rejects anything else. */
    static String modelId(String model) {
        requireNonNull(model, "model");
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (!MODEL_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a model id: '" + RpcStatus.shorten(model) + "'");
        }
        return id;
    }

    private HttpUrl modelUrl(String model, String method) {
        return config.httpUrl().newBuilder()
                .addPathSegments("v1beta/models")
                .addPathSegment(modelId(model) + ":" + method)
                .build();
    }

    private Request.Builder newRequest(HttpUrl url) {
        Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
        if (config.apiKey() != null) {
            request.header(API_KEY_HEADER, config.apiKey());
        }
        return request;
    }

    private <T> T execute(Request request, String operation, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw httpError(operation, response);
            }
            return parse(operation, response.code(), cappedBody(operation, response), type);
        } catch (IOException e) {
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw GeminiException.transport(redact(operation + ": " + failure), e);
        }
    }

    /** The body, read only up to {@link #MAX_BODY_BYTES}: a larger one fails the call unread. */
    private static byte[] cappedBody(String operation, Response response) throws IOException {
        BufferedSource source = response.body().source();
        if (source.request(MAX_BODY_BYTES + 1)) {
            throw GeminiException.unreadable(response.code(), operation + ": response body larger than "
                    + MAX_BODY_BYTES + " bytes, not read", null);
        }
        return source.readByteArray();
    }

    private GeminiException httpError(String operation, Response response) throws IOException {
        String body = redact(new String(response.peekBody(MAX_ERROR_BODY_BYTES).bytes(), StandardCharsets.UTF_8));
        RpcStatus rpc = RpcStatus.parse(body.getBytes(StandardCharsets.UTF_8));
        StringBuilder message = new StringBuilder(operation).append(": HTTP ").append(response.code());
        if (rpc.status() != null) {
            message.append(' ').append(rpc.status());
        }
        if (rpc.reason() != null) {
            message.append(" (").append(rpc.reason()).append(')');
        }
        if (!rpc.message().isEmpty()) {
            message.append(": ").append(rpc.message());
        }
        if (rpc.retryDelay() != null) {
            message.append(" [retry in ").append(rpc.retryDelay().toMillis()).append(" ms]");
        }
        if (rpc.dailyQuota()) {
            message.append(" [daily quota spent]");
        }
        log.debug("{}", message);
        return GeminiException.http(response.code(), rpc, message.toString());
    }

    private <T> T parse(String operation, int httpStatus, byte[] body, Class<T> type) {
        try {
            return GeminiJson.read(body, type);
        } catch (IOException e) {
            String excerpt = RpcStatus.shorten(redact(new String(body, StandardCharsets.UTF_8)));
            throw GeminiException.unreadable(httpStatus, operation + ": unreadable response body: " + excerpt, e);
        }
    }

    private static void rejectBlocked(String operation, GenerateContentResponse response) {
        if (response.candidates().isEmpty() && response.blockReason().isPresent()) {
            List<SafetyRating> ratings = requireNonNull(response.promptFeedback()).safetyRatings();
            throw GeminiException.blocked(
                    operation + ": prompt blocked: " + response.blockReason().get() + fired(ratings), response);
        }
        Candidate first = response.firstCandidate().orElse(null);
        if (first != null && first.finishReason() != null && first.finishReason().blocked()) {
            String detail = first.finishMessage() == null ? "" : ": " + RpcStatus.shorten(first.finishMessage());
            throw GeminiException.blocked(
                    operation + ": answer blocked: " + first.finishReason() + fired(first.safetyRatings()) + detail,
                    response);
        }
    }

    private static String fired(List<SafetyRating> ratings) {
        String categories = ratings.stream()
                .filter(SafetyRating::fired)
                .map(rating -> String.valueOf(rating.category()))
                .collect(Collectors.joining(", "));
        return categories.isEmpty() ? "" : " (" + categories + ")";
    }

    private String redact(@Nullable String text) {
        String key = config.apiKey();
        String safe = text == null ? "" : text;
        return key == null ? safe : safe.replace(key, "****");
    }
}
