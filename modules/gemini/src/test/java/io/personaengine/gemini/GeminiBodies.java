package io.personaengine.gemini;

/** Response bodies in the shapes the real API sends, for MockWebServer tests. */
final class GeminiBodies {

    static final String TEXT_ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Cast iron works, "},{"text":"but for eggs use steel."}]},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":34,"candidatesTokenCount":418,"thoughtsTokenCount":438,"totalTokenCount":890,
              "promptTokensDetails":[{"modality":"TEXT","tokenCount":34}]},
             "modelVersion":"gemini-3-flash-preview","responseId":"3w4Vad6yF-y1vdIP_q_zgAw"}
            """;

    static final String RATE_LIMITED_PER_MINUTE = """
            {"error":{"code":429,
              "message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
              "status":"RESOURCE_EXHAUSTED",
              "details":[
                {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{
                  "quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
                  "quotaId":"GenerateContentInputTokensPerModelPerMinute-FreeTier",
                  "quotaDimensions":{"location":"global","model":"gemini-2.5-flash"},"quotaValue":"250000"}]},
                {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about Gemini API quotas",
                  "url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}
            """;

    static final String RATE_LIMITED_PER_DAY = """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[
                {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{
                  "quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
                  "quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                  "quotaDimensions":{"location":"global","model":"gemini-2.5-flash"},"quotaValue":"250"}]},
                {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}
            """;

    static final String RATE_LIMITED_NO_DETAILS = """
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}
            """;

    static final String RATE_LIMITED_OLD_ERROR_INFO = """
            {"error":{"code":429,"message":"Quota exceeded for quota metric 'Generate Content API requests per day'.",
              "status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED",
                "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com",
                "quota_metric":"generativelanguage.googleapis.com/generate_content_requests",
                "quota_limit":"GenerateContentRequestsPerDayPerProjectPerModel","consumer":"projects/123"}}]}}
            """;

    static final String OVERLOADED = """
            {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}
            """;

    static final String INTERNAL = """
            {"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}
            """;

    static final String INVALID_ARGUMENT = """
            {"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \\"foo\\" at 'generation_config': Cannot find field.",
              "status":"INVALID_ARGUMENT",
              "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[
                {"field":"generation_config","description":"Invalid JSON payload received. Unknown name \\"foo\\""}]}]}}
            """;

    static final String API_KEY_INVALID = """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
              "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com",
                "metadata":{"service":"generativelanguage.googleapis.com"}},
               {"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US",
                "message":"API key not valid. Please pass a valid API key."}]}}
            """;

    static final String PERMISSION_DENIED = """
            {"error":{"code":403,"message":"Method doesn't allow unregistered callers.","status":"PERMISSION_DENIED"}}
            """;

    static final String NOT_FOUND = """
            {"error":{"code":404,"message":"models/gemini-2.0-flash is not found for API version v1beta, or is not supported for generateContent.",
              "status":"NOT_FOUND"}}
            """;

    static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n" + "<!-- padding -->".repeat(200)
            + "</body>\r\n</html>\r\n";

    static final String BLOCKED_PROMPT = """
            {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":13,"totalTokenCount":13},
             "modelVersion":"gemini-3.8-flash"}
            """;

    static final String BLOCKED_ANSWER = """
            {"candidates":[{"finishReason":"SAFETY","index":0,
              "safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH","blocked":true},
                               {"category":"HARM_CATEGORY_HATE_SPEECH","probability":"NEGLIGIBLE"}]}],
             "usageMetadata":{"promptTokenCount":40,"totalTokenCount":40},"modelVersion":"gemini-2.5-flash"}
            """;

    static final String MAX_TOKENS_EMPTY = """
            {"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS","index":0}],
             "usageMetadata":{"promptTokenCount":52,"thoughtsTokenCount":197,"totalTokenCount":249},
             "modelVersion":"gemini-2.5-flash"}
            """;

    static final String THOUGHTS_AND_UNKNOWNS = """
            {"candidates":[{"content":{"role":"model","parts":[
                 {"text":"Let me think about the eggs...","thought":true,"thoughtSignature":"c2lnbmF0dXJl"},
                 {"text":"Use a carbon steel pan."},
                 {"inlineData":{"mimeType":"image/png","data":"ZHJhZnQ="},"thought":true},
                 {"inlineData":{"mimeType":"image/png","data":"ZmluYWw="}},
                 {"functionCall":{"name":"x","args":{}}}]},
               "finishReason":"SOMETHING_NEW_IN_2027","index":0,"avgLogprobs":-0.2,
               "safetyRatings":[{"category":"HARM_CATEGORY_TELEPATHY","probability":"UNHEARD_OF"}]}],
             "promptFeedback":{"blockReason":"NEW_REASON"},
             "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":7,"totalTokenCount":12,"newCounter":3},
             "modelVersion":"gemini-3.8-flash","turnToken":"abc","brandNewTopLevel":{"nested":[1,2,3]}}
            """;

    private GeminiBodies() {}
}
