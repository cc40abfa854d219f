/// `inspect --endpoint /generation/sse/kling-ai/kling-v2.6 --include-template` on the committed fixtures,
/// as the seed's inspect_openapi.py prints it (captured output, the reference for key order and values).
enum InspectorGolden {
    static let klingV26SSE = #"""
        {
          "endpoint": "POST /generation/sse/kling-ai/kling-v2.6",
          "default_result_mode": "sse",
          "default_create_endpoint": "POST /generation/sse/kling-ai/kling-v2.6",
          "sse_create_endpoint": "POST /generation/sse/kling-ai/kling-v2.6",
          "polling_create_endpoint": "POST /generation/kling-ai/kling-v2.6",
          "summary": "Kling v2.6 (SSE create)",
          "server_url": "https://open.skills.video/api/v1",
          "request_schema": "KlingV26Request",
          "fields": [
            {
              "name": "aspect_ratio",
              "required": false,
              "type": "string",
              "description": "Output aspect ratio.",
              "default": "16:9",
              "allowed_values": [
                "16:9",
                "9:16",
                "1:1"
              ]
            },
            {
              "name": "cfg_scale",
              "required": false,
              "type": "number",
              "description": "How closely to follow the prompt.",
              "default": 0.5
            },
            {
              "name": "duration",
              "required": false,
              "type": "integer",
              "description": "Video length in seconds.",
              "default": 5,
              "allowed_values": [
                5,
                10
              ]
            },
            {
              "name": "end_image_url",
              "required": false,
              "type": "string",
              "description": "URL of the last frame."
            },
            {
              "name": "generate_audio",
              "required": false,
              "type": "boolean",
              "description": "Generate a synchronized soundtrack.",
              "default": true
            },
            {
              "name": "image_url",
              "required": false,
              "type": "string",
              "description": "URL of the first frame (image-to-video)."
            },
            {
              "name": "negative_prompt",
              "required": false,
              "type": "string",
              "description": "What to avoid in the output."
            },
            {
              "name": "prompt",
              "required": true,
              "type": "string",
              "description": "Text description of what to generate."
            }
          ],
          "prediction_status_values": [
            "starting",
            "processing",
            "succeeded",
            "failed",
            "canceled"
          ],
          "queue_status_values": [
            "IN_QUEUE",
            "IN_PROGRESS",
            "COMPLETED",
            "FAILED",
            "CANCELED"
          ],
          "sse_subscribe_endpoint": null,
          "poll_endpoint": "/generation/{id}",
          "error_status_codes": [
            400,
            401,
            402,
            404,
            422
          ],
          "request_template": {
            "prompt": "Describe what to generate",
            "aspect_ratio": "16:9",
            "cfg_scale": 0.5,
            "duration": 5,
            "generate_audio": true
          }
        }
        """#
}
