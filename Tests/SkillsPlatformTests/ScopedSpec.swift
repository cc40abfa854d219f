/// A model-scoped OpenAPI document: `servers[0].url = /api`, `/v1/...` paths, a subscribe endpoint,
/// an SSE-only endpoint without a request body, anyOf consts, refs and null defaults.
enum ScopedSpec {
    static let text = #"""
        {
          "openapi": "3.0.3",
          "servers": [{"url": "/api"}],
          "paths": {
            "/v1/generation/sse/kling-ai/kling-v2.6": {"post": {"summary": "Kling SSE",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/KlingV26Request"}}}},
              "responses": {"200": {"description": "ok"}, "422": {"description": "bad"}, "401": {"description": "auth"},
                            "default": {"description": "x"}}}},
            "/v1/generation/kling-ai/kling-v2.6": {"post": {"summary": "Kling",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/KlingV26Request"}}}},
              "responses": {"200": {"description": "ok"}}}},
            "/v1/generation/sse/acme/bare": {"post": {"summary": "No body",
              "responses": {"200": {"description": "ok"}, "404": {"description": "nf"}}}},
            "/v1/generation/acme/dangling": {"post": {
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}}},
            "/v1/generation/{request_id}": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/v1/predictions/{prediction_id}/subscribe": {"get": {"responses": {"200": {"description": "ok"}}}}
          },
          "components": {"schemas": {
            "KlingV26Request": {"type": "object", "required": ["prompt", "mode"], "properties": {
              "prompt": {"type": "string", "description": "What to make"},
              "mode": {"anyOf": [{"const": "std"}, {"const": "pro"}]},
              "duration": {"type": "integer", "enum": [5, 10], "default": 5},
              "tail": {"type": "array", "items": {"$ref": "#/components/schemas/Tail"}},
              "ref": {"$ref": "#/components/schemas/Tail"},
              "weight": {"type": "number", "default": 0.25},
              "note": {"type": "string", "default": null}
            }},
            "Tail": {"type": "object"},
            "PredictionStatus": {"type": "string", "enum": ["starting", "processing", "succeeded", "failed", "canceled"]},
            "QueueState": {"type": "string", "enum": ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"]}
          }}
        }
        """#
}
