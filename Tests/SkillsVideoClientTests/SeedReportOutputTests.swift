import SkillsCore
import Testing

/// `ensure-key` and `classify` print what the seed's scripts print: `json.dumps(..., ensure_ascii=False, indent=2)`.
///
/// The expected texts are the output of the seed's `ensure_api_key.py` and `handle_runtime_error.py` for the same input.
@Suite("Seed-shaped reports of ensure-key and classify")
struct SeedReportOutputTests {
    static let key = "sk-test-report-0123"

    static let keyMissing =
        #"""
        {
          "ok": false,
          "env_var": "SKILLS_VIDEO_API_KEY",
          "message": "Missing API key. Configure it before calling skills.video APIs.",
          "dashboard_url": "https://skills.video/dashboard/developer",
          "how_to_get_key": [
            "Sign in at the dashboard URL.",
            "Click 'Create API Key'.",
            "Copy the generated key."
          ],
          "set_env_examples": [
            "export SKILLS_VIDEO_API_KEY=\"<YOUR_API_KEY>\"",
            "echo 'export SKILLS_VIDEO_API_KEY=\"<YOUR_API_KEY>\"' >> ~/.zshrc && source ~/.zshrc"
          ]
        }
        """#

    static let keyPresent =
        #"""
        {
          "ok": true,
          "env_var": "SKILLS_VIDEO_API_KEY",
          "message": "API key detected."
        }
        """#

    static let credits402 =
        #"""
        {
          "category": "insufficient_credits",
          "status": 402,
          "message": "Insufficient credits",
          "should_retry": false,
          "guidance": [
            "Credits are insufficient for this request.",
            "Open https://skills.video/dashboard and go to Billing/Credits to recharge.",
            "After recharge, retry the same request."
          ],
          "credits_check_command": "curl -X GET \"https://open.skills.video/api/v1/credits\" -H \"Authorization: Bearer $SKILLS_VIDEO_API_KEY\"",
          "recharge": {
            "dashboard_url": "https://skills.video/dashboard",
            "pricing_url": "https://skills.video/pricing"
          }
        }
        """#

    static let busy503 =
        #"""
        {
          "category": "transient",
          "status": 503,
          "message": "Überlastet — réessayez\tplus tard",
          "should_retry": true,
          "guidance": [
            "Transient server or rate-limit error.",
            "Retry with bounded exponential backoff."
          ],
          "credits_check_command": "curl -X GET \"http://127.0.0.1:9/api/v1/credits\" -H \"Authorization: Bearer $SKILLS_VIDEO_API_KEY\"",
          "recharge": {
            "dashboard_url": "https://skills.video/dashboard",
            "pricing_url": "https://skills.video/pricing"
          }
        }
        """#

    @Test("ensure-key without a key: the seed's indented guidance, exit 1")
    func ensureKeyMissing() async {
        let (code, output) = await OutputCollector.run(["ensure-key"])
        #expect(code == 1)
        #expect(output.lines == [Self.keyMissing])
    }

    @Test("ensure-key with a key: the seed's indented acknowledgement, exit 0, key never printed")
    func ensureKeyPresent() async {
        let (code, output) = await OutputCollector.run(["ensure-key"], environment: ["SKILLS_VIDEO_API_KEY": Self.key])
        #expect(code == 0)
        #expect(output.lines == [Self.keyPresent])
    }

    @Test("classify: the seed's indented report, byte for byte")
    func classify() async {
        let (credits, creditsOutput) = await OutputCollector.run(
            ["classify", "--status", "402", "--body", #"{"message": "Insufficient credits"}"#])
        #expect(credits == 20)
        #expect(creditsOutput.lines == [Self.credits402])
        let (busy, busyOutput) = await OutputCollector.run([
            "classify", "--status", "503", "--body", #"{"error": {"message": "Überlastet — réessayez\tplus tard"}}"#,
            "--base-url", "http://127.0.0.1:9/api/v1/",
        ])
        #expect(busy == 24)
        #expect(busyOutput.lines == [Self.busy503])
    }

    @Test("the built binary prints the same lines as the seed's script")
    func binary() async throws {
        let (code, output) = try await OutputCollector.runBinary(
            ["classify", "--status", "402", "--body", #"{"message": "Insufficient credits"}"#])
        #expect(code == 20)
        #expect(
            output.lines == Self.credits402.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let (missing, missingOutput) = try await OutputCollector.runBinary(["ensure-key"])
        #expect(missing == 1)
        #expect(
            missingOutput.lines
                == Self.keyMissing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
}
